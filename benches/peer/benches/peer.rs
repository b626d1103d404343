//! csrkit and OpenSSL's libcrypto side by side: each operation is one criterion group
//! with a `csrkit` and an `openssl` function doing the same work on the same input, so
//! the ratio comes from one run. `bash benches/peer.sh` runs this and prints the table.

#[path = "../../common.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use csrkit::csr::ParsedCsr;
use csrkit::fingerprint::{md5_hex, sha256_hex};
use csrkit::keys::{KeyAlgorithm, KeyFormat, PrivateKey};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::{MessageDigest, hash};
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::stack::Stack;
use openssl::x509::extension::{ExtendedKeyUsage, KeyUsage, SubjectAlternativeName};
use openssl::x509::{X509, X509Name, X509Req};

fn hex(b: &[u8]) -> String {
    csrkit::fingerprint::hex(b)
}

fn ossl_keygen(alg: KeyAlgorithm) -> PKey<Private> {
    match alg {
        KeyAlgorithm::Rsa2048 => PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap(),
        KeyAlgorithm::Rsa3072 => PKey::from_rsa(Rsa::generate(3072).unwrap()).unwrap(),
        KeyAlgorithm::Rsa4096 => PKey::from_rsa(Rsa::generate(4096).unwrap()).unwrap(),
        KeyAlgorithm::EccP256 => {
            let g = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
            PKey::from_ec_key(EcKey::generate(&g).unwrap()).unwrap()
        }
        KeyAlgorithm::EccP384 => {
            let g = EcGroup::from_curve_name(Nid::SECP384R1).unwrap();
            PKey::from_ec_key(EcKey::generate(&g).unwrap()).unwrap()
        }
        KeyAlgorithm::Sm2 => {
            let g = EcGroup::from_curve_name(Nid::SM2).unwrap();
            PKey::from_ec_key(EcKey::generate(&g).unwrap()).unwrap()
        }
    }
}

fn ossl_subject() -> X509Name {
    let mut n = X509Name::builder().unwrap();
    for (k, v) in common::SUBJECT {
        n.append_entry_by_text(k, v).unwrap();
    }
    n.build()
}

/// What csrkit's `sign` does, in OpenSSL: subject, SANs, keyUsage, EKU (server), sign.
fn ossl_sign(key: &PKey<Private>, sm2: bool) -> Vec<u8> {
    let mut b = X509Req::builder().unwrap();
    b.set_version(0).unwrap();
    b.set_subject_name(&ossl_subject()).unwrap();
    b.set_pubkey(key).unwrap();
    let ctx = b.x509v3_context(None);
    let mut san = SubjectAlternativeName::new();
    san.dns(common::SANS[0]).dns(common::SANS[1]).ip(common::SANS[2]);
    let mut ku = KeyUsage::new();
    ku.critical().digital_signature();
    if key.rsa().is_ok() {
        ku.key_encipherment();
    }
    let mut exts = Stack::new().unwrap();
    exts.push(san.build(&ctx).unwrap()).unwrap();
    exts.push(ku.build().unwrap()).unwrap();
    exts.push(ExtendedKeyUsage::new().server_auth().build().unwrap())
        .unwrap();
    b.add_extensions(&exts).unwrap();
    let md = if sm2 {
        MessageDigest::sm3()
    } else {
        MessageDigest::sha256()
    };
    b.sign(key, md).unwrap();
    b.build().to_der().unwrap()
}

/// The inspect fields OpenSSL's API gives: subject entries as UTF-8, key size, SPKI
/// SHA-256, SHA-256 and MD5 of the DER, the extensions stack. (rust-openssl has no
/// accessor for a CSR's SANs or signature algorithm: csrkit's side does more here.)
fn ossl_inspect(der: &[u8]) -> (Vec<String>, u32, String, String, String, usize) {
    let req = X509Req::from_der(der).unwrap();
    let subject: Vec<String> = req
        .subject_name()
        .entries()
        .map(|e| e.data().to_string().unwrap())
        .collect();
    let pk = req.public_key().unwrap();
    let spki = pk.public_key_to_der().unwrap();
    let exts = req.extensions().map(|s| s.len()).unwrap_or(0);
    (
        subject,
        pk.bits(),
        hex(&hash(MessageDigest::sha256(), &spki).unwrap()),
        hex(&hash(MessageDigest::sha256(), der).unwrap()),
        hex(&hash(MessageDigest::md5(), der).unwrap()),
        exts,
    )
}

fn ossl_cert_inspect(der: &[u8]) -> (Vec<String>, Vec<String>, String, String, String, String, Vec<String>) {
    let c = X509::from_der(der).unwrap();
    let name = |n: &openssl::x509::X509NameRef| -> Vec<String> {
        n.entries()
            .map(|e| e.data().to_string().unwrap())
            .collect()
    };
    let spki = c.public_key().unwrap().public_key_to_der().unwrap();
    let sans = c
        .subject_alt_names()
        .map(|s| {
            s.iter()
                .filter_map(|g| g.dnsname().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    (
        name(c.subject_name()),
        name(c.issuer_name()),
        c.serial_number().to_bn().unwrap().to_hex_str().unwrap().to_string(),
        hex(&hash(MessageDigest::sha256(), &spki).unwrap()),
        hex(&c.digest(MessageDigest::sha256()).unwrap()),
        format!("{} {}", c.not_before(), c.not_after()),
        sans,
    )
}

fn keygen(c: &mut Criterion) {
    for (name, alg) in common::ALGORITHMS {
        let mut g = c.benchmark_group(format!("keygen/{name}"));
        common::keygen_sampling(&mut g, alg);
        g.bench_function("csrkit", |b| {
            b.iter(|| PrivateKey::generate(black_box(alg)).unwrap())
        });
        g.bench_function("openssl", |b| b.iter(|| ossl_keygen(black_box(alg))));
        g.finish();
    }
}

fn per_algorithm(c: &mut Criterion) {
    for (name, key, csr) in common::keys_and_csrs() {
        let alg = key.algorithm().unwrap();
        let sm2 = alg == KeyAlgorithm::Sm2;
        // The same key on both sides.
        let pem = key.to_pem(KeyFormat::Pkcs8).unwrap();
        let okey = PKey::private_key_from_pem(pem.as_bytes()).unwrap();
        let oder = ossl_sign(&okey, sm2);
        // OpenSSL's CSR must carry the same signature algorithm as ours.
        assert_eq!(
            ParsedCsr::from_der(&oder).unwrap().sign_algorithm(),
            ParsedCsr::from_der(csr.der()).unwrap().sign_algorithm(),
            "{name}"
        );

        let mut g = c.benchmark_group(format!("sign/{name}"));
        g.measurement_time(Duration::from_secs(3));
        g.bench_function("csrkit", |b| b.iter(|| common::build_and_sign(black_box(&key))));
        g.bench_function("openssl", |b| b.iter(|| ossl_sign(black_box(&okey), sm2)));
        g.finish();

        let der = csr.der().to_vec();
        let mut g = c.benchmark_group(format!("inspect/{name}"));
        g.measurement_time(Duration::from_secs(2));
        g.bench_function("csrkit", |b| b.iter(|| common::inspect(black_box(&der))));
        g.bench_function("openssl", |b| b.iter(|| ossl_inspect(black_box(&der))));
        g.finish();

        let parsed = ParsedCsr::from_der(&der).unwrap();
        let oreq = X509Req::from_der(&der).unwrap();
        let opub = oreq.public_key().unwrap();
        if !sm2 {
            // OpenSSL's X509_REQ_verify on an SM2 CSR needs the distinguishing ID set on
            // a verify context, which rust-openssl does not expose: no SM2 row.
            assert!(oreq.verify(&opub).unwrap(), "{name}");
            let mut g = c.benchmark_group(format!("verify/{name}"));
            g.measurement_time(Duration::from_secs(3));
            g.bench_function("csrkit", |b| b.iter(|| black_box(&parsed).verify()));
            g.bench_function("openssl", |b| {
                b.iter(|| black_box(&oreq).verify(&opub).unwrap())
            });
            g.finish();
        }

        if alg == KeyAlgorithm::EccP256 {
            let pem = csr.to_pem();
            let mut g = c.benchmark_group("pem-decode/csr");
            g.bench_function("csrkit", |b| {
                b.iter(|| ParsedCsr::from_bytes(black_box(pem.as_bytes())).unwrap())
            });
            g.bench_function("openssl", |b| {
                b.iter(|| X509Req::from_pem(black_box(pem.as_bytes())).unwrap())
            });
            g.finish();
        }
    }
}

fn hashing(c: &mut Criterion) {
    for (label, len) in [("1KiB", 1usize << 10), ("1MiB", 1 << 20)] {
        let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        for (alg, ours, md) in [
            ("sha256", sha256_hex as fn(&[u8]) -> String, MessageDigest::sha256()),
            ("md5", md5_hex as fn(&[u8]) -> String, MessageDigest::md5()),
        ] {
            let mut g = c.benchmark_group(format!("{alg}/{label}"));
            g.bench_function("csrkit", |b| b.iter(|| ours(black_box(&data))));
            g.bench_function("openssl", |b| {
                b.iter(|| hex(&hash(md, black_box(&data)).unwrap()))
            });
            g.finish();
        }
    }
}

fn names_and_certs(c: &mut Criterion) {
    let mut g = c.benchmark_group("dn/build-encode");
    g.bench_function("csrkit", |b| {
        b.iter(|| der::Encode::to_der(&common::subject().to_name().unwrap()).unwrap())
    });
    g.bench_function("openssl", |b| b.iter(|| ossl_subject().to_der().unwrap()));
    g.finish();

    let der = common::certificate_der();
    let mut g = c.benchmark_group("cert/inspect");
    g.bench_function("csrkit", |b| b.iter(|| common::inspect_cert(black_box(&der))));
    g.bench_function("openssl", |b| b.iter(|| ossl_cert_inspect(black_box(&der))));
    g.finish();
}

/// A 2 048-iteration AES bundle as `openssl pkcs12 -export` writes it (vectors/pkcs12):
/// opened (MAC, key bag, certificate bags) and its key signing a CSR, against OpenSSL's
/// `PKCS12_parse` and `X509_REQ_sign`: what `openssl pkcs12 -nocerts` + `openssl req` do.
fn pkcs12_open_and_sign(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/pkcs12");
    for (name, file) in [("p256", "openssl-p256-aes256.p12"), ("rsa2048", "openssl-rsa2048-aes256.p12")] {
        let der = std::fs::read(dir.join(file)).unwrap();
        let password = "csrkit-P12-pass";
        let mut g = c.benchmark_group(format!("pkcs12-open-sign/{name}"));
        g.measurement_time(Duration::from_secs(5));
        g.bench_function("csrkit", |b| {
            b.iter(|| {
                let key = csrkit::keys::Pkcs12Bundle::from_der(black_box(&der), Some(&password.into()))
                    .unwrap()
                    .into_key()
                    .unwrap();
                common::build_and_sign(&key)
            })
        });
        g.bench_function("openssl", |b| {
            b.iter(|| {
                let p = openssl::pkcs12::Pkcs12::from_der(black_box(&der)).unwrap().parse2(password).unwrap();
                ossl_sign(&p.pkey.unwrap(), false)
            })
        });
        g.finish();
    }
}

criterion_group!(benches, keygen, per_algorithm, hashing, names_and_certs, pkcs12_open_and_sign);
criterion_main!(benches);
