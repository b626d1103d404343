//! Every vector in `vectors/` (made by OpenSSL and Python `cryptography`, never by
//! csrkit) checked field by field against the values those tools computed; every bad
//! input gives the expected error variant in the library and exit 1 with one line in
//! the CLI.

mod common;

use std::path::Path;

use common::*;
use csrkit::Error;
use csrkit::cert::{Parsed, ParsedCert};
use csrkit::keys::PrivateKey;
use serde_json::Value;

fn parse(path: &Path) -> Parsed {
    let bytes = std::fs::read(path).unwrap();
    Parsed::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compares every key of `expected` that our JSON also has; returns how many matched.
fn compare(path: &Path, expected: &Value, ours: &Value, skip: &[&str]) -> usize {
    let mut n = 0;
    for (k, want) in expected.as_object().unwrap() {
        if skip.contains(&k.as_str()) {
            continue;
        }
        let Some(got) = ours.get(k) else { continue };
        if k == "Sans" && got.as_str().is_some_and(|s| s.starts_with('[')) {
            // A JSON array inside a string: compare the arrays.
            let a: Value = serde_json::from_str(got.as_str().unwrap()).unwrap();
            let b: Value = serde_json::from_str(want.as_str().unwrap()).unwrap();
            assert_eq!(a, b, "{}: {k}", path.display());
        } else {
            assert_eq!(got, want, "{}: {k}", path.display());
        }
        n += 1;
    }
    n
}

fn check_csr(path: &Path, expected: &Value) {
    let Parsed::Csr(csr) = parse(path) else {
        panic!("{} is not read as a CSR", path.display())
    };
    let info = csr.info(None, None).unwrap();
    let ours = serde_json::to_value(&info).unwrap();
    let n = compare(path, expected, &ours, &[]);
    assert!(n >= 17, "{}: only {n} fields compared", path.display());
    if let Some(part) = expected
        .get("SignatureNoteContains")
        .and_then(Value::as_str)
    {
        let note = info.signature_note.clone().unwrap_or_default();
        assert!(note.contains(part), "{}: note {note:?}", path.display());
    }
    if expected["SignatureValid"].is_null() {
        assert!(
            info.signature_note.is_some(),
            "{}: an unchecked algorithm says why",
            path.display()
        );
    }
}

fn check_cert(path: &Path, expected: &Value) {
    let Parsed::Cert(cert) = parse(path) else {
        panic!("{} is not read as a certificate", path.display())
    };
    let issuer = expected
        .get("Issuer")
        .and_then(Value::as_str)
        .map(|p| ParsedCert::from_bytes(&std::fs::read(vectors().join(p)).unwrap()).unwrap());
    let info = cert.info(None, issuer.as_ref()).unwrap();
    let ours = serde_json::to_value(&info).unwrap();
    let n = compare(path, expected, &ours, &[]);
    assert!(n >= 24, "{}: only {n} fields compared", path.display());
}

#[test]
fn csr_vectors_field_by_field() {
    let mut count = 0;
    for (path, expected) in sidecars("csr") {
        check_csr(&path, &expected);
        count += 1;
    }
    eprintln!("CSR vectors checked: {count}");
}

#[test]
fn cert_vectors_field_by_field() {
    let mut count = 0;
    for (path, expected) in sidecars("cert") {
        check_cert(&path, &expected);
        count += 1;
    }
    eprintln!("certificate vectors checked: {count}");
}

/// Real-world artifacts copied verbatim (pyca's test data, Mozilla roots from Debian's
/// ca-certificates): the same field-by-field checks, and typed errors for the
/// unsupported ones.
#[test]
fn realworld_vectors() {
    let (mut csrs, mut certs, mut bad) = (0, 0, 0);
    let mut failures = Vec::new();
    for (path, expected) in sidecars("realworld") {
        // Every file is checked; the failures are listed together at the end.
        let outcome = std::panic::catch_unwind(|| {
            if expected.get("Expect").and_then(Value::as_str) == Some("error") {
                check_bad_in_library(&path, &expected);
                return "bad";
            }
            match expected["Kind"].as_str() {
                Some("CSR") => check_csr(&path, &expected),
                Some("CERTIFICATE") => check_cert(&path, &expected),
                other => panic!("{}: unknown Kind {other:?}", path.display()),
            }
            expected["Kind"].as_str().unwrap_or_default()
        });
        match outcome {
            Ok("bad") => bad += 1,
            Ok("CSR") => csrs += 1,
            Ok(_) => certs += 1,
            Err(_) => failures.push(path.display().to_string()),
        }
    }
    assert!(failures.is_empty(), "failed: {failures:#?}");
    assert!(csrs > 0 && certs > 0 && bad > 0);
    eprintln!("real-world vectors checked: {csrs} CSRs, {certs} certificates, {bad} unsupported");
}

/// The key matches every file its sidecar's `Matches` lists and none of `DoesNotMatch`.
fn check_matches(path: &Path, key: &PrivateKey, expected: &Value) {
    for (list, want) in [("Matches", true), ("DoesNotMatch", false)] {
        for target in expected[list].as_array().unwrap() {
            let t = vectors().join(target.as_str().unwrap());
            let got = parse(&t).public_key() == key.public_key();
            assert_eq!(got, want, "{} against {}", path.display(), t.display());
        }
    }
}

#[test]
fn key_vectors_match_and_do_not_match() {
    let mut count = 0;
    for (path, expected) in sidecars("key") {
        let key = PrivateKey::from_bytes(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            key.public_key().key_sha2(),
            expected["KeySha2"],
            "{}",
            path.display()
        );
        assert_eq!(
            key.key_type().as_str(),
            expected["Algorithm"],
            "{}",
            path.display()
        );
        check_matches(&path, &key, &expected);
        count += 1;
    }
    eprintln!("key vectors checked: {count}");
}

fn kind_of(e: &Error) -> &'static str {
    match e {
        Error::Empty => "empty",
        Error::Pem(_) => "pem",
        Error::Der(_) => "der",
        Error::UnsupportedAlgorithm { .. } => "unsupported_algorithm",
        Error::KeySize { .. } => "key_too_large",
        Error::WrongKind { .. } => "wrong_kind",
        Error::TooLarge { .. } => "too_large",
        _ => "other",
    }
}

fn check_bad_in_library(path: &Path, expected: &Value) {
    let bytes = std::fs::read(path).unwrap();
    let err = Parsed::from_bytes(&bytes)
        .err()
        .unwrap_or_else(|| panic!("{} was accepted", path.display()));
    let want = expected["ErrorKind"].as_str().unwrap();
    assert_eq!(kind_of(&err), want, "{}: {err}", path.display());
    if let (Error::UnsupportedAlgorithm { oid, .. }, Some(o)) = (&err, expected.get("Oid")) {
        assert_eq!(oid.to_string(), o.as_str().unwrap(), "{}", path.display());
        assert!(err.to_string().contains(o.as_str().unwrap()));
    }
}

#[test]
fn bad_vectors_give_typed_errors() {
    let mut count = 0;
    for (path, expected) in sidecars("bad") {
        check_bad_in_library(&path, &expected);
        count += 1;
    }
    assert!(count >= 20);
    eprintln!("bad vectors checked: {count}");
}

/// GmSSL 3's own files (`vectors/gmssl/`, made by `make_gmssl.sh`): its CSRs and
/// certificates field by field, and its encrypted SM2 keys (PBKDF2-HMAC-SM3 + SM4-CBC)
/// read with the password and matched to its CSRs and certificates.
#[test]
fn gmssl_vectors() {
    let password = std::fs::read_to_string(vectors().join("gmssl/password.txt")).unwrap();
    let password = csrkit::keys::Password::from(password.lines().next().unwrap());
    let (mut keys, mut others) = (0, 0);
    for (path, expected) in sidecars("gmssl") {
        if expected.get("Format").is_some() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(matches!(
                PrivateKey::from_bytes(&bytes),
                Err(Error::PasswordRequired(csrkit::error::Secured::Key))
            ));
            assert!(matches!(
                PrivateKey::from_bytes_with_password(&bytes, Some(&b"wrong".into())),
                Err(Error::WrongPassword(csrkit::error::Secured::Key))
            ));
            let key = PrivateKey::from_bytes_with_password(&bytes, Some(&password))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(
                key.public_key().key_sha2(),
                expected["KeySha2"],
                "{}",
                path.display()
            );
            check_matches(&path, &key, &expected);
            keys += 1;
        } else if expected["Kind"] == "CSR" {
            check_csr(&path, &expected);
            others += 1;
        } else {
            check_cert(&path, &expected);
            others += 1;
        }
    }
    assert!(
        keys >= 3 && others >= 5,
        "{keys} keys, {others} CSRs and certificates"
    );
}
