//! A certificate checked against an issuer that is not its issuer: said in words.
//! The certificates are made by OpenSSL (the vectors, and CAs made here).

mod common;

use std::path::Path;

use common::*;
use csrkit::cert::ParsedCert;

fn cert(path: &Path) -> ParsedCert {
    ParsedCert::from_bytes(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn another_name_is_said_with_both_names() {
    let leaf = cert(&vectors().join("cert/ecc-server-p256-WRONG-ISSUER-rsa-ca.pem"));
    let rsa_ca = cert(&vectors().join("cert/rsa-ca.pem"));
    let info = leaf.info(None, Some(&rsa_ca)).unwrap();
    assert_eq!(info.signature_valid, Some(false));
    assert_eq!(
        info.signature_note.as_deref(),
        Some(
            "issued by C=CN,O=Example Corp,OU=PKI,CN=Example ECC Root CA, \
             not by C=CN,O=Example Corp,CN=Example RSA Root CA"
        )
    );
    // A leaf against itself: the same sentence, with its own subject.
    let own = leaf.info(None, Some(&leaf)).unwrap();
    assert_eq!(own.signature_valid, Some(false));
    assert!(
        own.signature_note.as_deref().unwrap().ends_with(
            "not by C=CN,ST=Zhejiang,L=Hangzhou,O=Example Corp,OU=IT,CN=api.example.com"
        ),
        "{:?}",
        own.signature_note
    );
    // The real issuer still verifies.
    let ca = cert(&vectors().join("cert/ecc-ca-p384.pem"));
    let good = cert(&vectors().join("cert/ecc-server-p256.pem"));
    assert_eq!(
        good.info(None, Some(&ca)).unwrap().signature_valid,
        Some(true)
    );
}

#[test]
fn a_key_that_cannot_have_signed_is_said_with_both_sizes() {
    // Two CAs with one name: one P-256, one P-384. A leaf signed by the P-256 one,
    // checked against the P-384 one.
    let d = tempfile::tempdir().unwrap();
    let p = |n: &str| d.path().join(n).to_str().unwrap().to_string();
    let run = |args: &[&str]| {
        let o = openssl(args);
        assert!(o.status.success(), "{args:?}: {}", all_output(&o));
    };
    for (curve, name) in [("P-256", "ca256"), ("P-384", "ca384")] {
        run(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            &format!("ec_paramgen_curve:{curve}"),
            "-out",
            &p(&format!("{name}.key")),
        ]);
        run(&[
            "req",
            "-x509",
            "-new",
            "-key",
            &p(&format!("{name}.key")),
            "-subj",
            "/CN=Same CA",
            "-days",
            "30",
            "-out",
            &p(&format!("{name}.pem")),
        ]);
    }
    run(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        &p("leaf.key"),
    ]);
    run(&[
        "req",
        "-new",
        "-key",
        &p("leaf.key"),
        "-subj",
        "/CN=leaf.example.com",
        "-out",
        &p("leaf.csr"),
    ]);
    run(&[
        "x509",
        "-req",
        "-in",
        &p("leaf.csr"),
        "-CA",
        &p("ca256.pem"),
        "-CAkey",
        &p("ca256.key"),
        "-CAcreateserial",
        "-days",
        "7",
        "-sha256",
        "-out",
        &p("leaf.pem"),
    ]);
    let leaf = cert(&d.path().join("leaf.pem"));
    let wrong = leaf
        .info(None, Some(&cert(&d.path().join("ca384.pem"))))
        .unwrap();
    assert_eq!(wrong.signature_valid, Some(false));
    assert_eq!(
        wrong.signature_note.as_deref(),
        Some("the issuer's key is P-384, the signature is P-256-sized")
    );
    let right = leaf
        .info(None, Some(&cert(&d.path().join("ca256.pem"))))
        .unwrap();
    assert_eq!(right.signature_valid, Some(true));
}

/// An algorithm that is not checked gives `SignatureValid` null, with or without an
/// issuer, whichever certificate is given as the issuer (the regression: a SHA-1
/// certificate against another CA said `false`). OpenSSL made the certificates and says
/// each verifies against its real CA (vectors/unchecked/*.json).
#[test]
fn unchecked_algorithms_are_null_with_any_issuer() {
    let unchecked = vectors().join("unchecked");
    let mut cases = Vec::new();
    for (name, api, reason) in [
        ("leaf-sha1", "SHA1WITHRSA", "SHA-1"),
        ("leaf-md5", "MD5WITHRSA", "MD5"),
        ("leaf-pss", "RSASSA-PSS", "RSASSA-PSS"),
    ] {
        let sidecar: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(unchecked.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        assert!(sidecar["OpenSSLVerify"].as_str().unwrap().ends_with(": OK"));
        cases.push((
            cert(&unchecked.join(format!("{name}.pem"))),
            cert(&unchecked.join("ca.pem")),
            cert(&unchecked.join("other-ca.pem")),
            api,
            reason,
        ));
    }
    // An unknown signature OID (2.15156.3) on an ECC leaf of the ECC CA.
    cases.push((
        ParsedCert::from_der(
            &std::fs::read(vectors().join("hostile/cert-signature-oid-2-15156-3.der")).unwrap(),
        )
        .unwrap(),
        cert(&vectors().join("cert/ecc-ca-p384.pem")),
        cert(&vectors().join("cert/rsa-ca.pem")),
        "2.15156.3",
        "2.15156.3",
    ));
    for (leaf, issuer, other, api, reason) in &cases {
        for given in [None, Some(issuer), Some(other), Some(leaf)] {
            let info = leaf.info(None, given).unwrap();
            assert_eq!(info.sign_algorithm, *api);
            assert_eq!(info.signature_valid, None, "{api} with {given:?}");
            let note = info.signature_note.unwrap();
            assert!(
                note.contains(reason) && note.contains("not checked"),
                "{note}"
            );
        }
    }
}
