//! `renew DIR` on a fleet folder as people keep one (made by Python `cryptography` and
//! OpenSSL: `tests/peers/make_fleet.py`), in every mode: every certificate that is due, by
//! cryptography's own count, lands in exactly one of Renewed, Skipped or Locked; nothing
//! that is not due appears; every CSR is verified by OpenSSL (SM2 with its ID) and carries
//! the certificate's subject (and, with the same key, its key).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

struct Fleet {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    pw_a: PathBuf,
    pw_b: PathBuf,
    manifest: Value,
}

fn fleet() -> Fleet {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fleet");
    let o = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/peers/make_fleet.py"
        ))
        .arg(&dir)
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest: Value = serde_json::from_slice(&o.stdout).unwrap();
    let pw = |k: &str| {
        let p = tmp.path().join(format!("pw-{k}"));
        std::fs::write(
            &p,
            format!("{}\n", manifest["Passwords"][k].as_str().unwrap()),
        )
        .unwrap();
        p
    };
    let (pw_a, pw_b) = (pw("A"), pw("B"));
    Fleet {
        dir,
        pw_a,
        pw_b,
        manifest,
        _tmp: tmp,
    }
}

/// Where a due certificate must land, by cryptography's facts and the passwords given
/// (A and B; C never).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Renewed,
    Skipped(&'static str),
    Locked,
}

fn rel(dir: &Path, s: &str) -> String {
    Path::new(s)
        .strip_prefix(dir)
        .unwrap_or_else(|_| panic!("{s} is under {}", dir.display()))
        .to_string_lossy()
        .into_owned()
}

fn files_of(dir: &Path, v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| rel(dir, f.as_str().unwrap()))
        .collect()
}

/// Runs `renew DIR --expiring 30 ... --json` and sorts its answer by the certificates of the
/// manifest: every due one in exactly one place, each place holding only due ones.
fn renew_and_account(
    f: &Fleet,
    mode: &[&str],
    want: impl Fn(&Value) -> Want,
) -> BTreeMap<String, Value> {
    let out = f
        .dir
        .parent()
        .unwrap()
        .join(format!("out-{}", mode.join("_")));
    let mut args = vec![
        "renew",
        f.dir.to_str().unwrap(),
        "--expiring",
        "30",
        "--json",
    ];
    args.extend(mode);
    args.extend(["--out", out.to_str().unwrap()]);
    args.extend(["--key-password-file", f.pw_a.to_str().unwrap()]);
    args.extend(["--key-password-file", f.pw_b.to_str().unwrap()]);
    let o = csrkit(f.dir.parent().unwrap(), &args);
    let v: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", all_output(&o)));
    let (renewed, skipped, locked) = (&v["Renewed"], &v["Skipped"], &v["Locked"]);
    // (files, kind, entry) of every entry csrkit gave.
    let mut given: Vec<(BTreeSet<String>, &str, &Value)> = Vec::new();
    for e in renewed.as_array().unwrap() {
        given.push((files_of(&f.dir, &e["Files"]), "renewed", e));
    }
    for e in skipped.as_array().unwrap() {
        given.push((files_of(&f.dir, &e["Files"]), "skipped", e));
    }
    for e in locked.as_array().unwrap() {
        let file = rel(&f.dir, e["File"].as_str().unwrap());
        given.push(([file].into_iter().collect(), "locked", e));
    }
    let mut used = vec![false; given.len()];
    let mut by_cert = BTreeMap::new();
    let mut due = 0;
    for c in f.manifest["Certificates"].as_array().unwrap() {
        let cn = c["Cn"].as_str().unwrap();
        let is_due = c["DaysLeft"].as_i64().unwrap() < 30;
        let files: BTreeSet<String> = c["Files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        let hits: Vec<usize> = (0..given.len())
            .filter(|&i| {
                given[i].0.iter().any(|g| files.contains(g))
                    && match given[i].1 {
                        // A locked file or a file-level problem names a file, not a certificate.
                        "locked" => true,
                        _ => {
                            given[i].0 == files
                                || given[i].2.get("Reason").is_some_and(|r| {
                                    r.as_str().unwrap_or("").starts_with("unsupported")
                                        || r.as_str().unwrap_or("").starts_with("malformed")
                                })
                        }
                    }
            })
            .collect();
        if !is_due {
            assert!(
                hits.iter()
                    .all(|&i| given[i].1 == "locked" && !c["Locked"].as_bool().unwrap()),
                "{cn} is not due and appears: {:?}",
                hits.iter().map(|&i| given[i].2).collect::<Vec<_>>()
            );
            continue;
        }
        due += 1;
        let w = want(c);
        let kinds: Vec<&str> = hits.iter().map(|&i| given[i].1).collect();
        let expected = match w {
            Want::Renewed => "renewed",
            Want::Skipped(_) => "skipped",
            Want::Locked => "locked",
        };
        assert_eq!(
            kinds,
            [expected],
            "{cn} ({mode:?}): {:?}",
            hits.iter().map(|&i| given[i].2).collect::<Vec<_>>()
        );
        let entry = given[hits[0]].2;
        if let Want::Skipped(why) = w {
            let reason = entry["Reason"].as_str().unwrap();
            assert!(reason.contains(why), "{cn}: {reason} (want {why})");
        }
        used[hits[0]] = true;
        by_cert.insert(c["Sha2"].as_str().unwrap().to_string(), entry.clone());
    }
    // Every entry csrkit gave is a due certificate's, but the truncated file (a file csrkit
    // cannot read, named as it should be) and a locked file whose certificates are not due.
    for (i, (files, kind, e)) in given.iter().enumerate() {
        if !used[i] {
            assert!(
                files.iter().all(|f| f == "odd/truncated.crt") || *kind == "locked",
                "{kind} {e} matches no due certificate"
            );
        }
    }
    assert!(due >= 15, "{due} due certificates in the fleet");
    let code = o.status.code();
    let all_renewed = by_cert.values().all(|e| e.get("Csr").is_some());
    assert_eq!(
        code,
        Some(if all_renewed { 0 } else { 1 }),
        "{}",
        all_output(&o)
    );
    by_cert
}

/// OpenSSL verifies the CSR (SM2 with its ID) and prints the certificate's subject for it.
fn check_csr(f: &Fleet, c: &Value, e: &Value, same_key: bool) {
    let csr = PathBuf::from(e["Csr"].as_str().unwrap());
    let sm2 = c["Algorithm"] == "SM2";
    assert_eq!(openssl_req_verify(&csr, sm2), Some(true), "{e}");
    let cert = f.dir.join(c["Files"][0].as_str().unwrap());
    let subject = |args: &[&str]| {
        let o = openssl(args);
        String::from_utf8_lossy(&o.stdout)
            .trim()
            .trim_start_matches("subject=")
            .to_string()
    };
    let nameopt = ["-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"];
    let cert_subject = if cert.extension().is_some_and(|x| x == "pfx") {
        None
    } else {
        let form = if cert.extension().is_some_and(|x| x == "cer") {
            "DER"
        } else {
            "PEM"
        };
        let mut a = vec!["x509", "-inform", form, "-in", cert.to_str().unwrap()];
        a.extend(nameopt);
        Some(subject(&a))
    };
    let mut a = vec!["req", "-in", csr.to_str().unwrap()];
    a.extend(nameopt);
    let csr_subject = subject(&a);
    assert!(
        csr_subject.contains(&format!("CN={}", c["Cn"].as_str().unwrap())),
        "{csr_subject}"
    );
    if let Some(s) = cert_subject {
        assert_eq!(csr_subject, s, "{e}");
    }
    // The key: the certificate's own (same key), or a new one of its family.
    let text = String::from_utf8_lossy(
        &openssl(&["req", "-in", csr.to_str().unwrap(), "-noout", "-text"]).stdout,
    )
    .into_owned();
    let alg = c["Algorithm"].as_str().unwrap();
    let family = match alg {
        "RSA 2048" => "Public-Key: (2048 bit)",
        "RSA 3072" => "Public-Key: (3072 bit)",
        "ECC P-256" => "NIST CURVE: P-256",
        "ECC P-384" => "NIST CURVE: P-384",
        "SM2" => "ASN1 OID: SM2",
        other => panic!("{other}"),
    };
    assert!(text.contains(family), "{alg}: {text}");
    if same_key {
        let key_file = f.dir.join(c["KeyFile"].as_str().unwrap());
        assert_eq!(
            rel(&f.dir, e["Key"].as_str().unwrap()),
            c["KeyFile"].as_str().unwrap()
        );
        let _ = key_file;
    }
}

#[test]
fn same_key_renews_every_due_leaf_with_its_key_and_names_the_rest() {
    let f = fleet();
    let got = renew_and_account(&f, &["--same-key"], |c| {
        if c["Locked"].as_bool().unwrap() {
            Want::Locked
        } else if c["IsCa"].as_bool().unwrap() {
            Want::Skipped("a CA certificate")
        } else if c["Algorithm"] == "Ed25519" {
            Want::Skipped("unsupported")
        } else if c["KeyFile"].is_null() {
            Want::Skipped("no private key")
        } else {
            Want::Renewed
        }
    });
    let mut renewed = 0;
    for c in f.manifest["Certificates"].as_array().unwrap() {
        if let Some(e) = got
            .get(c["Sha2"].as_str().unwrap())
            .filter(|e| e.get("Csr").is_some())
        {
            check_csr(&f, c, e, true);
            // The same key: the CSR's public key is the certificate's, as OpenSSL reads both
            // (a bundle's certificate is read by cryptography's manifest: its KeyFile).
            assert_eq!(e["NewKey"], false);
            renewed += 1;
        }
    }
    assert!(renewed >= 10, "{renewed}");
}

#[test]
fn a_new_key_of_the_same_family_keeps_sm2_sm2_and_renews_keyless_leaves() {
    let f = fleet();
    let got = renew_and_account(&f, &["--new-key", "same"], |c| {
        if c["Locked"].as_bool().unwrap() {
            Want::Locked
        } else if c["IsCa"].as_bool().unwrap() {
            Want::Skipped("a CA certificate")
        } else if c["Algorithm"] == "Ed25519" {
            Want::Skipped("unsupported")
        } else {
            Want::Renewed
        }
    });
    for c in f.manifest["Certificates"].as_array().unwrap() {
        if let Some(e) = got
            .get(c["Sha2"].as_str().unwrap())
            .filter(|e| e.get("Csr").is_some())
        {
            check_csr(&f, c, e, false);
            assert_eq!(e["NewKey"], true);
            assert!(e["KeyChange"].is_null(), "{e}");
            let key = PathBuf::from(e["Key"].as_str().unwrap());
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}

#[test]
fn sm2_is_not_moved_to_p256_unless_asked_and_cas_only_when_asked() {
    let f = fleet();
    renew_and_account(&f, &["--new-key", "p256"], |c| {
        if c["Locked"].as_bool().unwrap() {
            Want::Locked
        } else if c["IsCa"].as_bool().unwrap() {
            Want::Skipped("a CA certificate")
        } else if c["Algorithm"] == "Ed25519" {
            Want::Skipped("unsupported")
        } else if c["Algorithm"] == "SM2" {
            Want::Skipped("SM2 to ECC P-256")
        } else {
            Want::Renewed
        }
    });
    let got = renew_and_account(
        &f,
        &[
            "--new-key",
            "p256",
            "--allow-algorithm-change",
            "--include-ca",
        ],
        |c| {
            if c["Locked"].as_bool().unwrap() {
                Want::Locked
            } else if c["Algorithm"] == "Ed25519" {
                Want::Skipped("unsupported")
            } else {
                Want::Renewed
            }
        },
    );
    let gm = f.manifest["Certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["Cn"] == "gm.example.com")
        .unwrap();
    let e = &got[gm["Sha2"].as_str().unwrap()];
    assert_eq!(e["KeyChange"], "SM2 → ECC P-256", "{e}");
    let csr = PathBuf::from(e["Csr"].as_str().unwrap());
    assert_eq!(openssl_req_verify(&csr, false), Some(true));
}
