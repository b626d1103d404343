//! The checked UploadCsr body: accepted for all five algorithms, refused for a bad name,
//! a tampered CSR and a key that does not match; the CLI prints it or exits 1.

mod common;

use common::*;
use csrkit::Error;
use csrkit::api::{UploadCsrRequest, UploadKeyFormat};
use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::CsrRequest;

fn csr_for(key: &PrivateKey) -> Vec<u8> {
    let dn = DistinguishedName::builder()
        .common_name("up.example.com")
        .build()
        .unwrap();
    CsrRequest::new(dn)
        .with_cn_as_default_san()
        .sign(key)
        .unwrap()
        .der()
        .to_vec()
}

#[test]
fn accepts_all_five_algorithms_with_the_page_key_formats() {
    let dir = tempfile::tempdir().unwrap();
    for alg in KeyAlgorithm::ALL {
        let key = PrivateKey::generate(alg).unwrap();
        let der = csr_for(&key);
        let body = UploadCsrRequest::checked(
            &der,
            Some(&key),
            Some("web_01-A"),
            UploadKeyFormat::AsThePageShows,
        )
        .unwrap();
        let json: serde_json::Value = serde_json::to_value(&body).unwrap();
        assert_eq!(json["Name"], "web_01-A");
        let key_pem = json["Key"].as_str().unwrap();
        let label = if alg.key_type() == csrkit::keys::KeyType::Rsa {
            "RSA PRIVATE KEY"
        } else {
            "PRIVATE KEY"
        };
        assert!(
            key_pem.starts_with(&format!("-----BEGIN {label}-----\n")),
            "{alg}"
        );
        // OpenSSL reads the key in the body and derives the CSR's public key from it.
        let kp = dir.path().join(format!("{alg}.key.pem"));
        std::fs::write(&kp, key_pem).unwrap();
        assert_eq!(openssl_pubkey_der(&kp, false), key.public_key().spki_der());
        let cp = dir.path().join(format!("{alg}.csr.pem"));
        std::fs::write(&cp, json["Csr"].as_str().unwrap()).unwrap();
        assert_eq!(
            openssl_req_verify(&cp, alg == KeyAlgorithm::Sm2),
            Some(true),
            "{alg}"
        );
        if alg == KeyAlgorithm::Rsa2048 {
            let b8 =
                UploadCsrRequest::checked(&der, Some(&key), None, UploadKeyFormat::Pkcs8).unwrap();
            assert!(
                b8.key
                    .as_deref()
                    .unwrap()
                    .starts_with("-----BEGIN PRIVATE KEY-----\n")
            );
            assert!(serde_json::to_value(&b8).unwrap().get("Name").is_none());
        }
    }
}

#[test]
fn refuses_bad_names_tampered_csrs_and_foreign_keys() {
    let key = PrivateKey::generate(KeyAlgorithm::EccP256).unwrap();
    let other = PrivateKey::generate(KeyAlgorithm::EccP256).unwrap();
    let der = csr_for(&key);
    let fifty_one = "a".repeat(51);
    for bad in [
        "",
        "has space",
        "dot.name",
        "中文",
        "semi;colon",
        fifty_one.as_str(),
    ] {
        assert!(
            matches!(
                UploadCsrRequest::checked(&der, None, Some(bad), UploadKeyFormat::AsThePageShows),
                Err(Error::InvalidCsrName(_))
            ),
            "{bad:?}"
        );
    }
    assert!(
        UploadCsrRequest::checked(
            &der,
            None,
            Some(&"a".repeat(50)),
            UploadKeyFormat::AsThePageShows
        )
        .is_ok()
    );
    let mut tampered = der.clone();
    let n = tampered.len();
    tampered[n - 3] ^= 1;
    assert!(matches!(
        UploadCsrRequest::checked(&tampered, None, None, UploadKeyFormat::AsThePageShows),
        Err(Error::BadSignature(_))
    ));
    assert!(matches!(
        UploadCsrRequest::checked(&der, Some(&other), None, UploadKeyFormat::AsThePageShows),
        Err(Error::KeyMismatch(_))
    ));
    // An SM2 CSR signed by OpenSSL with the empty ID is refused with that reason.
    let emptyid = std::fs::read(vectors().join("csr/sm2-sm3-emptyid.pem")).unwrap();
    let err = UploadCsrRequest::checked(&emptyid, None, None, UploadKeyFormat::AsThePageShows)
        .unwrap_err()
        .to_string();
    assert!(err.contains("empty distinguishing ID"), "{err}");
}
