//! Renewing a folder whose keys are locked (an encrypted PKCS#8 key OpenSSL wrote, a
//! PKCS#12 bundle OpenSSL wrote): the key opened by the scan is the one that signs, so its
//! key derivation runs once. The proof: the key files are gone between the plan and the
//! run, and the renewals are still signed, by the certificates' keys, as OpenSSL checks.
#![cfg(feature = "fs")]

mod common;

use std::sync::atomic::AtomicBool;

use common::*;
use csrkit::files::Staging;
use csrkit::keys::{Password, Passwords};
use csrkit::problem::ProblemKind;
use csrkit::renewal::{Due, DueOptions, RenewKey, RenewOptions, plan, run};

#[test]
fn locked_keys_are_opened_once_and_sign_their_renewals() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("live");
    std::fs::create_dir(&dir).unwrap();
    let s = |p: &std::path::Path| p.to_str().unwrap().to_string();
    // A certificate with its key encrypted by `openssl pkcs8 -topk8` (PBES2, AES-256-CBC).
    std::fs::copy(
        vectors().join("cert/ecc-server-p256.pem"),
        dir.join("api.crt"),
    )
    .unwrap();
    let enc = dir.join("api.key");
    let o = openssl(&[
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-in",
        &s(&vectors().join("key/ecc-server-p256-pkcs8.pem")),
        "-passout",
        "pass:csrkit-P12-pass",
        "-out",
        &s(&enc),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    // A PKCS#12 bundle from `openssl pkcs12 -export`, same password: its leaf (and its CA,
    // the chain, which is not renewed).
    let bundle = dir.join("bundle.p12");
    std::fs::copy(vectors().join("pkcs12/openssl-rsa2048-aes256.p12"), &bundle).unwrap();

    let out = d.path().join("renewed");
    // Two passwords, the wrong one first: each locked file is tried with each in turn.
    let opts = RenewOptions {
        find: DueOptions {
            due: Due::All,
            passwords: Passwords::new([
                Password::from("not this one"),
                Password::from("csrkit-P12-pass"),
            ]),
            ..DueOptions::default()
        },
        key: RenewKey::Same,
        ..RenewOptions::default()
    };
    let p = plan(&dir, &out, &opts).unwrap();
    let planned = p.planned;
    assert_eq!(planned.len(), 2, "{:?}", p.skipped);
    assert_eq!(p.skipped.len(), 1, "the bundle's CA: {:?}", p.skipped);
    assert_eq!(p.skipped[0].problem.kind(), ProblemKind::CaCertificate);
    assert!(p.problems.is_empty(), "{:?}", p.problems);

    // The keys are gone: only what the scan opened can sign now.
    std::fs::remove_file(&enc).unwrap();
    std::fs::remove_file(&bundle).unwrap();
    let report = run(
        &planned,
        &out,
        &opts,
        &AtomicBool::new(false),
        || {},
        Staging::Auto,
    )
    .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.renewed.len(), 2);
    let leaves = [
        vectors().join("cert/ecc-server-p256.pem"),
        vectors().join("pkcs12/openssl-rsa2048-aes256-leaf.pem"),
    ];
    for r in &report.renewed {
        assert_eq!(openssl_req_verify(&r.csr, false), Some(true), "{r:?}");
        // The CSR's public key is the certificate's, as OpenSSL reads both.
        let csr_key = openssl(&["req", "-in", &s(&r.csr), "-noout", "-pubkey"]);
        let leaf = if r.files[0].ends_with("api.crt") {
            &leaves[0]
        } else {
            &leaves[1]
        };
        let cert_key = openssl(&["x509", "-in", &s(leaf), "-noout", "-pubkey"]);
        assert!(!csr_key.stdout.is_empty());
        assert_eq!(csr_key.stdout, cert_key.stdout, "{r:?}");
    }
}
