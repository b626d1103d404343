//! What every bench works on, shared by `benches/csrkit.rs` and the OpenSSL peer
//! (`benches/peer/`), so that both sides do the same work.
#![allow(dead_code)]

use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::{Csr, CsrRequest, Profile};
use csrkit::sans::San;

/// The five algorithms, with the names the bench ids use.
pub const ALGORITHMS: [(&str, KeyAlgorithm); 5] = [
    ("rsa2048", KeyAlgorithm::Rsa2048),
    ("rsa3072", KeyAlgorithm::Rsa3072),
    ("rsa4096", KeyAlgorithm::Rsa4096),
    ("ecc-p256", KeyAlgorithm::EccP256),
    ("sm2", KeyAlgorithm::Sm2),
];

/// `C=CN,ST=Beijing,L=Beijing,O=Example Co,OU=IT,CN=example.com`, in that order.
pub const SUBJECT: [(&str, &str); 6] = [
    ("C", "CN"),
    ("ST", "Beijing"),
    ("L", "Beijing"),
    ("O", "Example Co"),
    ("OU", "IT"),
    ("CN", "example.com"),
];

/// DNS, DNS, IP.
pub const SANS: [&str; 3] = ["www.example.com", "example.com", "192.0.2.1"];

/// The subject through csrkit's builder (validated).
pub fn subject() -> DistinguishedName {
    DistinguishedName::builder()
        .country("CN")
        .state("Beijing")
        .locality("Beijing")
        .organization("Example Co")
        .organizational_unit("IT")
        .common_name("example.com")
        .build()
        .expect("valid subject")
}

/// The CSR request every sign bench builds: subject, three SANs, `server` profile.
pub fn request() -> CsrRequest {
    let mut r = CsrRequest::new(subject()).profile(Profile::Server);
    for s in SANS {
        r = r.san(San::parse(s).expect("valid SAN"));
    }
    r
}

/// Build and sign: the unit of `sign/*`.
pub fn build_and_sign(key: &PrivateKey) -> Csr {
    request().sign(key).expect("signs")
}

/// A key of each algorithm with its signed CSR.
pub fn keys_and_csrs() -> Vec<(&'static str, PrivateKey, Csr)> {
    ALGORITHMS
        .iter()
        .map(|&(name, alg)| {
            let key = PrivateKey::generate(alg).expect("keygen");
            let csr = build_and_sign(&key);
            (name, key, csr)
        })
        .collect()
}

/// A P-256 server certificate issued by an OpenSSL CA (from the vectors corpus), DER.
pub fn certificate_der() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vectors/cert/ecc-server-p256-der.der"
    );
    std::fs::read(path)
        .or_else(|_| {
            std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../vectors/cert/ecc-server-p256-der.der"
            ))
        })
        .expect("certificate vector")
}
