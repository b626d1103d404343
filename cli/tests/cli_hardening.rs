//! The command line under hostile input and faults: size limits, secrets kept out of its output, key files that survive an interrupted write, encrypted keys end to end.

mod common;

use common::*;
use csrkit::keys::{KeyFormat, PrivateKey};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

#[test]
fn oversized_and_endless_inputs_are_refused_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pem");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(200 << 20).unwrap(); // 200 MB (sparse)
    for (file, what) in [
        ("/dev/zero", "/dev/zero"),
        (big.to_str().unwrap(), "big.pem"),
    ] {
        let o = csrkit(dir.path(), &["inspect", file]);
        assert_eq!(o.status.code(), Some(1), "{file}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(
            err.contains(what) && err.contains("over the limit"),
            "{err}"
        );
        assert!(o.stdout.is_empty());
    }
    let million = dir.path().join("million-sans.der");
    std::fs::write(&million, csr_with_sans(1_000_000)).unwrap();
    let o = csrkit(dir.path(), &["inspect", "million-sans.der"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("over the limit")
    );
}

#[test]
fn cli_never_prints_a_key_or_password() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let pw = "Tr0ub4dor&3-horse";
    std::fs::write(p.join("pw.txt"), format!("{pw}\n")).unwrap();
    let o = csrkit(p, &["generate", "--json", "--key-password-file", "pw.txt"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let enc_pem = std::fs::read_to_string(p.join("key.pem")).unwrap();
    assert!(enc_pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    // What must never be shown is the decrypted key, in every encoding.
    let key = PrivateKey::from_bytes_with_password(enc_pem.as_bytes(), Some(&pw.into())).unwrap();
    let mut secrets: Vec<String> = vec![
        enc_pem.clone(),
        key.to_pem(KeyFormat::Pkcs8).unwrap().to_string(),
    ];
    secrets.push(key.to_pem(KeyFormat::Sec1).unwrap().to_string());
    let check = |out: &str, what: &str| {
        for s in &secrets {
            assert_no_secret(out, s, what);
        }
        let hex: String = key
            .to_der(KeyFormat::Sec1)
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        for w in hex.as_bytes().chunks_exact(24) {
            assert!(
                !out.to_lowercase().contains(std::str::from_utf8(w).unwrap()),
                "{what}"
            );
        }
    };
    let out = all_output(&o);
    assert!(!out.contains(pw));
    check(&out, "generate's output");
    for args in [
        vec![
            "inspect",
            "csr.pem",
            "--key",
            "key.pem",
            "--key-password-env",
            "CSRKIT_TEST_PW",
        ],
        vec![
            "verify",
            "csr.pem",
            "--key",
            "key.pem",
            "--key-password-env",
            "CSRKIT_TEST_PW",
        ],
        vec!["inspect", "key.pem"],
    ] {
        for value in ["wrong-password-789", pw] {
            let o = Command::new(csrkit_bin())
                .current_dir(p)
                .args(&args)
                .env("CSRKIT_TEST_PW", value)
                .output()
                .unwrap();
            let out = all_output(&o);
            assert!(!out.contains(value), "{args:?} printed the password: {out}");
            check(&out, "CLI output");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Key files
// ---------------------------------------------------------------------------------------

#[test]
fn key_files_are_0600_and_never_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let o = csrkit(p, &["generate"]);
    assert!(o.status.success());
    let mode = std::fs::metadata(p.join("key.pem"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let before = std::fs::read(p.join("key.pem")).unwrap();
    let o = csrkit(p, &["generate"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(p.join("key.pem")).unwrap(), before);
}

/// Runs our binary in `dir` through `bash -c`, under `ulimit -f LIMIT` (1 KiB blocks)
/// when one is given: writes past it fail (SIGXFSZ), as on a full disk.
fn csrkit_with_file_limit(dir: &Path, limit: Option<&str>, args: &str) -> std::process::Output {
    let ulimit = limit
        .map(|l| format!("ulimit -f {l}; "))
        .unwrap_or_default();
    Command::new("bash")
        .current_dir(dir)
        .arg("-c")
        .arg(format!("{ulimit}exec {} {args}", csrkit_bin().display()))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A write that fails part-way (the file-size limit, SIGXFSZ / EFBIG: what a full disk
/// does to a writer) leaves the user's old key and CSR exactly as they were.
#[test]
fn an_interrupted_forced_write_keeps_the_old_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let o = csrkit(p, &["generate", "--algorithm", "rsa2048"]);
    assert!(o.status.success());
    let key = std::fs::read(p.join("key.pem")).unwrap();
    let csr = std::fs::read(p.join("csr.pem")).unwrap();
    // 1 block of 512 bytes: an RSA-2048 key file (~1.7 KB) cannot be written whole.
    for limit in ["0", "1"] {
        let o = csrkit_with_file_limit(p, Some(limit), "generate --force --algorithm rsa2048");
        assert!(
            !o.status.success(),
            "the write cannot succeed under ulimit -f {limit}"
        );
        assert_eq!(
            std::fs::read(p.join("key.pem")).unwrap(),
            key,
            "ulimit -f {limit}"
        );
        assert_eq!(
            std::fs::read(p.join("csr.pem")).unwrap(),
            csr,
            "ulimit -f {limit}"
        );
    }
    let mode = std::fs::metadata(p.join("key.pem"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn cli_encrypted_key_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let run = |args: &[&str]| {
        Command::new(csrkit_bin())
            .current_dir(p)
            .args(args)
            .env("NO_COLOR", "1")
            .env("PW", "a long pass phrase")
            .output()
            .unwrap()
    };
    // A name Alibaba Cloud CAS takes (upload-request lints with its rules).
    let o = run(&[
        "generate",
        "--algorithm",
        "sm2",
        "--key-password-env",
        "PW",
        "--cn",
        "www.example.com",
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    let o = run(&[
        "verify",
        "csr.pem",
        "--key",
        "key.pem",
        "--key-password-env",
        "PW",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let o = run(&["verify", "csr.pem", "--key", "key.pem"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(all_output(&o).contains("encrypted"), "{}", all_output(&o));
    let o = run(&[
        "upload-request",
        "csr.pem",
        "--key",
        "key.pem",
        "--key-password-env",
        "PW",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        body["Key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    // OpenSSL reads the key with the same password.
    let o = Command::new("openssl")
        .args([
            "pkey",
            "-in",
            p.join("key.pem").to_str().unwrap(),
            "-passin",
            "env:PW",
            "-noout",
        ])
        .env("PW", "a long pass phrase")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    // Both sources at once are both tried (they may be repeated); a password file that is
    // not there, an unset variable or an empty file is exit 1, naming it.
    let o = run(&[
        "verify",
        "csr.pem",
        "--key",
        "key.pem",
        "--key-password-env",
        "PW",
        "--key-password-file",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("x"));
    let o = run(&[
        "verify",
        "csr.pem",
        "--key",
        "key.pem",
        "--key-password-env",
        "NOT_SET_ANYWHERE",
    ]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(p.join("empty"), b"\n").unwrap();
    let o = run(&[
        "generate",
        "--csr-out",
        "b.pem",
        "--key-out",
        "b.key",
        "--key-password-file",
        "empty",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!p.join("b.key").exists());
}

/// The key is written under a temporary name, then the CSR; only when both are whole
/// does either replace the old file. Here the CSR (many SANs, over 1 KiB) cannot be
/// written under `ulimit -f 1` while the ECC key (~240 bytes) can: the old key stays.
#[test]
fn a_forced_generate_whose_csr_write_fails_keeps_the_old_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    assert!(csrkit(p, &["generate"]).status.success());
    let key = std::fs::read(p.join("key.pem")).unwrap();
    let csr = std::fs::read(p.join("csr.pem")).unwrap();
    let sans: String = (0..40)
        .map(|i| format!(" --san host-number-{i}.example.com"))
        .collect();
    let args = format!("generate --force --algorithm ecc{sans}");
    let o = csrkit_with_file_limit(p, Some("1"), &args);
    assert!(!o.status.success());
    assert_eq!(std::fs::read(p.join("key.pem")).unwrap(), key);
    assert_eq!(std::fs::read(p.join("csr.pem")).unwrap(), csr);
    // Without the limit the same command works (so the failure above was the write).
    let o = csrkit_with_file_limit(p, None, &args);
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(std::fs::read(p.join("csr.pem")).unwrap().len() > 1024);
}

#[test]
fn list_counts_locked_keys_opens_them_with_the_password_and_keeps_spec_nulls() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let o = Command::new(csrkit_bin())
        .current_dir(p)
        .args([
            "generate",
            "--cn",
            "enc.example.com",
            "--csr-out",
            "enc.csr.pem",
            "--key-out",
            "enc.key.pem",
            "--key-password-env",
            "PW",
        ])
        .env("PW", "pass phrase")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let o = csrkit(p, &["list", ".", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let e = &v["CsrList"][0];
    assert_eq!(
        e["HasPrivateKey"], false,
        "an encrypted key cannot be matched"
    );
    for k in [
        "Department",
        "CorpName",
        "Province",
        "Locality",
        "CountryCode",
    ] {
        assert!(e.get(k).is_some_and(serde_json::Value::is_null), "{k}: {e}");
    }
    assert_eq!(e["CommonName"], "enc.example.com");
    let err = String::from_utf8(o.stderr).unwrap();
    // The locked file is named, with why and the option that opens it.
    assert!(
        err.contains("enc.key.pem: skipped: an encrypted private key that no password given opens")
            && err.contains("--key-password-file"),
        "{err}"
    );
    // With the password the key is opened and matched.
    let o = Command::new(csrkit_bin())
        .current_dir(p)
        .args(["list", ".", "--json", "--key-password-env", "PW"])
        .env("PW", "pass phrase")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["CsrList"][0]["HasPrivateKey"], true);
    assert!(o.stderr.is_empty(), "{}", all_output(&o));
}
