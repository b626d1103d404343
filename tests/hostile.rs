//! The edges of DER (vectors/hostile/, made by vectors/make_hostile.py from peer-made
//! files): what OpenSSL and `cryptography` both refuse is refused, what both read is read
//! with the values they give, and a key that is not usable leaves the file inspected
//! (`SignatureValid` false with a note naming the fault).

use std::path::PathBuf;

use csrkit::Error;
use csrkit::cert::Parsed;
use serde_json::Value;

fn hostile() -> Vec<(PathBuf, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors/hostile");
    let mut out: Vec<(PathBuf, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "der"))
        .map(|p| {
            let json = std::fs::read_to_string(p.with_extension("json")).unwrap();
            (p, serde_json::from_str(&json).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn hostile_vectors_judged_as_both_peers_judge_them() {
    let (mut read, mut refused, mut unusable, mut csrs_verified) = (0, 0, 0, 0);
    for (path, exp) in hostile() {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let parsed = Parsed::from_bytes(&bytes);
        match exp["Expect"].as_str().unwrap() {
            "refused" => {
                let err = parsed
                    .err()
                    .unwrap_or_else(|| panic!("{name}: read, both peers refuse it"));
                assert!(matches!(err, Error::Der(_)), "{name}: {err}");
                refused += 1;
            }
            "read" => {
                let parsed =
                    parsed.unwrap_or_else(|e| panic!("{name}: refused ({e}), both peers read it"));
                let (subject_dn, key_sha2, valid, note, sans, serial) = match &parsed {
                    Parsed::Cert(c) => {
                        let i = c.info(None, None).unwrap();
                        (
                            i.subject_dn,
                            i.key_sha2,
                            i.signature_valid,
                            i.signature_note,
                            i.san_entries,
                            Some(i.serial_number),
                        )
                    }
                    Parsed::Csr(c) => {
                        let i = c.info(None, None).unwrap();
                        (
                            i.subject_dn,
                            i.key_sha2,
                            i.signature_valid,
                            i.signature_note,
                            i.san_entries,
                            None,
                        )
                    }
                };
                assert_eq!(subject_dn, exp["SubjectDN"], "{name}");
                assert_eq!(key_sha2, exp["KeySha2"], "{name}");
                if let Some(s) = exp.get("SerialNumber") {
                    assert_eq!(serial.as_deref(), s.as_str(), "{name}");
                }
                let dns: Vec<&str> = sans
                    .iter()
                    .filter(|e| e.kind == 2)
                    .map(|e| e.value.as_str())
                    .collect();
                let want: Vec<&str> = exp["DnsSans"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                assert_eq!(dns, want, "{name}");
                if exp.get("KeyUnusable") == Some(&Value::Bool(true)) {
                    assert!(parsed.public_key().fault().is_some(), "{name}");
                    assert_eq!(valid, Some(false), "{name}");
                    assert!(
                        note.as_deref().is_some_and(|n| n.contains("unusable")),
                        "{name}: {note:?}"
                    );
                    unusable += 1;
                }
                // A CSR's self-signature as OpenSSL checks it: its verdict read from its
                // words, and a key it cannot decode only where csrkit finds the key unusable.
                if matches!(parsed, Parsed::Csr(_)) {
                    let o = std::process::Command::new("openssl")
                        .args(["req", "-inform", "DER", "-noout", "-verify", "-in"])
                        .arg(&path)
                        .output()
                        .expect("openssl runs");
                    let text = String::from_utf8_lossy(&o.stderr).into_owned()
                        + &String::from_utf8_lossy(&o.stdout);
                    if text.contains("self-signature verify OK") {
                        assert_eq!(valid, Some(true), "{name}: {text}");
                    } else if text.contains("self-signature verify failure") {
                        assert_eq!(valid, Some(false), "{name}: {text}");
                    } else if text.contains("X509_PUBKEY_get0:decode error") {
                        assert_eq!(exp.get("KeyUnusable"), Some(&Value::Bool(true)), "{name}");
                        assert_eq!(valid, Some(false), "{name}: {text}");
                    } else {
                        panic!("{name}: OpenSSL gave no verdict: {text}");
                    }
                    csrs_verified += 1;
                }
                read += 1;
            }
            other => panic!("{name}: Expect {other}"),
        }
    }
    assert!(
        read >= 8 && refused >= 10 && unusable >= 3 && csrs_verified >= 4,
        "{read} {refused} {unusable} {csrs_verified}"
    );
}
