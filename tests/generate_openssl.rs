//! Generated CSRs and keys checked by the peer, OpenSSL: `req -verify` accepts every
//! algorithm × profile, `req -text` shows the subject, SANs and extensions we asked for,
//! and `pkey` reads every key format we write, giving the same public key.

mod common;

use common::*;
use csrkit::keys::{KeyAlgorithm, KeyFormat, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;

fn subject() -> DistinguishedName {
    DistinguishedName::builder()
        .country("CN")
        .state("Zhejiang")
        .locality("Hangzhou")
        .organization("阿里云计算有限公司")
        .organizational_unit("Security")
        .organizational_unit("IT Ops")
        .common_name("example.com")
        .build()
        .expect("valid subject")
}

fn sans() -> Vec<San> {
    [
        "www.example.com",
        "*.example.com",
        "192.0.2.1",
        "2001:db8::1",
        "email:admin@example.com",
        "uri:https://example.com/path",
    ]
    .iter()
    .map(|s| San::parse(s).expect("valid SAN"))
    .collect()
}

#[test]
fn every_algorithm_and_profile_verifies_with_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let mut results = Vec::new();
    for alg in KeyAlgorithm::ALL {
        let key = PrivateKey::generate(alg).unwrap();
        for profile in [Profile::Server, Profile::Client, Profile::Ca] {
            let mut req = CsrRequest::new(subject()).profile(profile);
            for s in sans() {
                req = req.san(s);
            }
            let csr = req.sign(&key).unwrap();
            let path = dir.path().join(format!("{alg}-{profile}.csr.pem"));
            std::fs::write(&path, csr.to_pem()).unwrap();

            let verified = openssl_req_verify(&path, alg == KeyAlgorithm::Sm2);
            results.push(format!("{alg} {profile}: {verified:?}"));
            assert_eq!(
                verified,
                Some(true),
                "openssl req -verify on {alg} {profile}"
            );

            // OpenSSL's own view of the subject, RFC 2253 order, equals ours.
            assert_eq!(openssl_req_subject(&path), subject().to_rfc4514());

            let text = openssl_req_text(&path);
            for want in [
                "DNS:www.example.com",
                "DNS:*.example.com",
                "IP Address:192.0.2.1",
                "IP Address:2001:DB8:0:0:0:0:0:1",
                "email:admin@example.com",
                "URI:https://example.com/path",
            ] {
                assert!(
                    text.contains(want),
                    "{alg} {profile}: {want} missing in\n{text}"
                );
            }
            let expect: &[&str] = match profile {
                Profile::Server => &[
                    "X509v3 Key Usage: critical",
                    "TLS Web Server Authentication",
                ],
                Profile::Client => &[
                    "X509v3 Key Usage: critical",
                    "Digital Signature",
                    "TLS Web Client Authentication",
                ],
                Profile::Ca => &[
                    "X509v3 Basic Constraints: critical",
                    "CA:TRUE",
                    "Certificate Sign, CRL Sign",
                ],
            };
            for want in expect {
                assert!(
                    text.contains(want),
                    "{alg} {profile}: {want} missing in\n{text}"
                );
            }
            if profile == Profile::Server {
                let usage = if alg.key_type() == csrkit::keys::KeyType::Rsa {
                    "Digital Signature, Key Encipherment"
                } else {
                    "Digital Signature\n"
                };
                assert!(
                    text.contains(usage),
                    "{alg}: key usage {usage:?} in\n{text}"
                );
            }
            if profile == Profile::Ca {
                assert!(!text.contains("TLS Web"), "a CA CSR asks for no EKU");
            }
            let sig_name = match alg {
                KeyAlgorithm::EccP256 => "ecdsa-with-SHA256",
                KeyAlgorithm::EccP384 => "ecdsa-with-SHA384",
                KeyAlgorithm::Sm2 => "SM2-with-SM3",
                _ => "sha256WithRSAEncryption",
            };
            assert!(text.contains(sig_name), "{alg}: {sig_name} in\n{text}");
        }
    }
    eprintln!("{}", results.join("\n"));
}

#[test]
fn openssl_rejects_a_tampered_csr() {
    // The check above could not fail if our verify helper always said OK: tamper one
    // signature byte and make sure OpenSSL (through the helper) says failure.
    let dir = tempfile::tempdir().unwrap();
    for alg in [
        KeyAlgorithm::EccP256,
        KeyAlgorithm::Sm2,
        KeyAlgorithm::Rsa2048,
    ] {
        let key = PrivateKey::generate(alg).unwrap();
        let csr = CsrRequest::new(subject()).sign(&key).unwrap();
        let mut der = csr.der().to_vec();
        let n = der.len();
        der[n - 8] ^= 0x01;
        let path = dir.path().join(format!("{alg}-bad.csr.der"));
        std::fs::write(&path, &der).unwrap();
        let pem_path = dir.path().join(format!("{alg}-bad.csr.pem"));
        std::fs::write(
            &pem_path,
            csrkit::input::to_pem(csrkit::input::Label::CertificateRequest, &der),
        )
        .unwrap();
        assert_eq!(
            openssl_req_verify(&pem_path, alg == KeyAlgorithm::Sm2),
            Some(false),
            "{alg}"
        );
    }
}

#[test]
fn openssl_reads_every_key_format_we_write() {
    let dir = tempfile::tempdir().unwrap();
    for alg in [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::EccP256,
        KeyAlgorithm::Sm2,
    ] {
        let key = PrivateKey::generate(alg).unwrap();
        let spki = key.public_key().spki_der().to_vec();
        let mut formats = vec![KeyFormat::Pkcs8];
        formats.push(if alg == KeyAlgorithm::Rsa2048 {
            KeyFormat::Pkcs1
        } else {
            KeyFormat::Sec1
        });
        for format in formats {
            let pem_path = dir.path().join(format!("{alg}-{format:?}.pem"));
            let der_path = dir.path().join(format!("{alg}-{format:?}.der"));
            std::fs::write(&pem_path, key.to_pem(format).unwrap().as_bytes()).unwrap();
            std::fs::write(&der_path, key.to_der(format).unwrap().as_slice()).unwrap();
            assert_eq!(
                openssl_pubkey_der(&pem_path, false),
                spki,
                "{alg} {format:?} PEM"
            );
            assert_eq!(
                openssl_pubkey_der(&der_path, true),
                spki,
                "{alg} {format:?} DER"
            );

            // And our own round trip through that format.
            for path in [&pem_path, &der_path] {
                let again = PrivateKey::from_bytes(&std::fs::read(path).unwrap()).unwrap();
                assert_eq!(again.public_key(), key.public_key(), "{alg} {format:?}");
                assert_eq!(again.algorithm(), Some(alg));
            }
        }
        // Formats that do not fit the algorithm are refused, not mangled.
        let wrong = if alg == KeyAlgorithm::Rsa2048 {
            KeyFormat::Sec1
        } else {
            KeyFormat::Pkcs1
        };
        match key.to_pem(wrong) {
            Err(csrkit::Error::WrongKind { expected, .. }) => assert!(
                expected.contains(if wrong == KeyFormat::Sec1 {
                    "EC"
                } else {
                    "RSA"
                }),
                "{expected}"
            ),
            other => panic!("{alg:?} as {wrong:?}: {other:?}"),
        }
    }
}

#[test]
fn we_read_keys_openssl_writes() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let p = |name: &str| d(name).to_str().unwrap().to_string();
    // (file, genpkey args, algorithm)
    let gens: &[(&str, &[&str], KeyAlgorithm)] = &[
        (
            "rsa.pem",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            KeyAlgorithm::Rsa2048,
        ),
        (
            "ec.pem",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            KeyAlgorithm::EccP256,
        ),
        ("sm2.pem", &["-algorithm", "SM2"], KeyAlgorithm::Sm2),
    ];
    for (file, args, alg) in gens {
        let mut a = vec!["genpkey"];
        a.extend_from_slice(args);
        let out = p(file);
        a.extend(["-out", &out]);
        let o = openssl(&a);
        assert!(o.status.success(), "{}", all_output(&o));
        let expect = openssl_pubkey_der(&d(file), false);
        // PKCS#8 PEM as written, then the traditional format and DER of each.
        let trad = if *alg == KeyAlgorithm::Rsa2048 {
            "rsa"
        } else {
            "ec"
        };
        let trad_pem = p(&format!("{file}.trad.pem"));
        let trad_der = p(&format!("{file}.trad.der"));
        let p8_der = p(&format!("{file}.p8.der"));
        let convert: Vec<Vec<&str>> = vec![
            vec![trad, "-in", &out, "-out", &trad_pem],
            vec![trad, "-in", &out, "-outform", "DER", "-out", &trad_der],
            vec!["pkey", "-in", &out, "-outform", "DER", "-out", &p8_der],
        ];
        for c in convert {
            let o = openssl(&c);
            assert!(o.status.success(), "{c:?}: {}", all_output(&o));
        }
        for path in [out.clone(), trad_pem, trad_der, p8_der] {
            let bytes = std::fs::read(&path).unwrap();
            let key = PrivateKey::from_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(key.public_key().spki_der(), expect.as_slice(), "{path}");
            assert_eq!(key.algorithm(), Some(*alg), "{path}");
        }
    }
}
