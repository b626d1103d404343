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

/// Sampling for a key-generation group: RSA keys take from tens of milliseconds to
/// seconds with a wide spread (prime search), so few flat samples; EC keys the default.
/// Shared by `benches/csrkit.rs` and the OpenSSL peer so both sides sample alike.
pub fn keygen_sampling<M: criterion::measurement::Measurement>(
    g: &mut criterion::BenchmarkGroup<'_, M>,
    alg: KeyAlgorithm,
) {
    use criterion::SamplingMode;
    use std::time::Duration;
    match alg {
        KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 => {
            let secs = if alg == KeyAlgorithm::Rsa4096 { 40 } else { 15 };
            g.sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_millis(100))
                .measurement_time(Duration::from_secs(secs));
        }
        KeyAlgorithm::Rsa2048 => {
            g.sample_size(20)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_millis(500))
                .measurement_time(Duration::from_secs(10));
        }
        KeyAlgorithm::EccP256 | KeyAlgorithm::EccP384 | KeyAlgorithm::Sm2 => {
            g.sample_size(100)
                .sampling_mode(SamplingMode::Auto)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(3));
        }
    }
}

/// The unit of `inspect/*`: parse a DER CSR and compute every inspection field with
/// KeySha2, Sha2 and Md5, without the signature check.
pub fn inspect(der: &[u8]) -> csrkit::csr::CsrInfo {
    csrkit::csr::ParsedCsr::from_der(der)
        .expect("parses")
        .info_with(&NOT_CHECKED, false, None)
        .expect("info")
}

/// The unit of `cert/inspect`: the same for a DER certificate.
pub fn inspect_cert(der: &[u8]) -> csrkit::cert::CertInfo {
    csrkit::cert::ParsedCert::from_der(der)
        .expect("parses")
        .info_with(&NOT_CHECKED, false)
        .expect("info")
}

/// "Not checked", built once (no allocation in the measured loop).
const NOT_CHECKED: csrkit::signature::Verification =
    csrkit::signature::Verification::NotChecked(String::new());

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
