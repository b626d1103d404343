//! The messages a new user met (issue "Hostile files and terminals"): each names the flag
//! or the file, the cause, and what to do.

mod common;

use std::process::Output;

use common::*;

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn password_options_name_themselves_not_a_request_body() {
    let tmp = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(csrkit_bin())
        .current_dir(tmp.path())
        .env_remove("CSRKIT_NO_SUCH_VAR")
        .args(["generate", "--key-password-env", "CSRKIT_NO_SUCH_VAR"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(
        e.starts_with("csrkit: --key-password-env CSRKIT_NO_SUCH_VAR: the environment variable"),
        "{e}"
    );
    assert!(
        e.contains("is not set")
            && e.contains("--key-password-file")
            && !e.contains("request body"),
        "{e}"
    );
    std::fs::write(tmp.path().join("pw"), b"\nsecond line").unwrap();
    let o = csrkit(tmp.path(), &["generate", "--key-password-file", "pw"]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(
        e.starts_with("csrkit: --key-password-file pw: the password"),
        "{e}"
    );
    assert!(
        e.contains("is empty") && e.contains("first line") && !e.contains("request body"),
        "{e}"
    );
    // Nothing was written.
    assert!(!tmp.path().join("key.pem").exists() && !tmp.path().join("csr.pem").exists());
}

#[test]
fn a_folder_given_for_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("adir")).unwrap();
    // (`upload-request DIR` reads a folder: cli_upload_dir.)
    for args in [vec!["inspect", "adir"], vec!["verify", "adir"]] {
        let o = csrkit(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = err(&o);
        assert!(
            e.starts_with("csrkit: adir: is a folder, not a file"),
            "{args:?}: {e}"
        );
        assert!(e.contains("csrkit list") && !e.contains("os error"), "{e}");
    }
}

#[test]
fn flag_values_name_their_flag_and_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["generate", "--san", "http://x"],
            "csrkit: --san: invalid SAN \"http://x\"",
            "uri:",
        ),
        (
            &["generate", "--country", "China"],
            "csrkit: --country: invalid C",
            "such as CN",
        ),
        (
            &["generate", "--org", ""],
            "csrkit: --org: invalid O",
            "empty",
        ),
        (
            &["generate", "--cn", &"x".repeat(65)],
            "csrkit: --cn: invalid CN",
            "65 characters",
        ),
        (
            &["batch", "--count", "1", "--out", "d", "--country", "China"],
            "csrkit: --country: invalid C",
            "such as CN",
        ),
        (
            &["batch", "--count", "1", "--out", "d", "--san", "ftp://h{i}"],
            "csrkit: --san: invalid SAN",
            "uri:",
        ),
    ];
    for (args, start, hint) in cases {
        let o = csrkit(tmp.path(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = err(&o);
        assert!(e.starts_with(start) && e.contains(hint), "{args:?}: {e}");
        assert_eq!(e.lines().count(), 1, "{e}");
    }
}

#[test]
fn usage_lines_show_optional_flags_as_optional() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["generate", "--cn", "a", "--subject", "CN=b"],
            "Usage: csrkit generate [OPTIONS]\n",
        ),
        (
            &["generate", "--bogus"],
            "Usage: csrkit generate [OPTIONS]\n",
        ),
        (
            &["renew", "x.pem", "--key", "k", "--new-key", "p384"],
            "Usage: csrkit renew <FILE> (--key <KEY> | --new-key <ALGORITHM>) [OPTIONS]\n",
        ),
        (
            &["inspect", "--json"],
            "Usage: csrkit inspect [OPTIONS] <FILE>...\n",
        ),
        (
            &["batch", "--count", "1"],
            "Usage: csrkit batch --count <N> --out <DIR> [OPTIONS]\n",
        ),
        (&["list", "--certs"], "Usage: csrkit list [OPTIONS] <DIR>\n"),
    ];
    for (args, usage) in cases {
        let o = csrkit(tmp.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(err(&o).contains(usage), "{args:?}: {}", err(&o));
    }
}

/// RSA under 2048 bits (made by OpenSSL here): `verify` exits 1 with the reason,
/// `upload-request` refuses, `inspect` still reads it.
#[test]
fn rsa_1024_is_read_but_neither_verified_nor_uploaded() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().to_str().unwrap();
    let key = format!("{d}/k1024.pem");
    let csr = format!("{d}/r1024.csr");
    let o = openssl(&[
        "req",
        "-new",
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-keyout",
        &key,
        "-subj",
        "/CN=weak.example.com",
        "-out",
        &csr,
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    assert_eq!(
        openssl_req_verify(std::path::Path::new(&csr), false),
        Some(true)
    );

    let o = csrkit(tmp.path(), &["verify", "r1024.csr"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("RSA key of 1024 bits is too small: CAs refuse keys under 2048 bits"),
        "{}",
        err(&o)
    );
    let o = csrkit(
        tmp.path(),
        &["upload-request", "r1024.csr", "--key", "k1024.pem"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(
        err(&o).contains("RSA key of 1024 bits is too small"),
        "{}",
        err(&o)
    );
    let o = csrkit(tmp.path(), &["inspect", "--json", "r1024.csr"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["KeySize"], 1024);
    assert_eq!(v["SignatureValid"], true);
}

/// The SM2 text view gives the command that makes OpenSSL verify the CSR, and that
/// command says OK.
#[test]
fn sm2_view_gives_the_openssl_command_that_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let o = csrkit(tmp.path(), &["generate", "--algorithm", "sm2", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = csrkit(tmp.path(), &["inspect", "csr.pem"]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let line = text
        .lines()
        .find(|l| l.contains("openssl req -verify"))
        .expect(&text);
    let cmd = line.split_once("openssl ").unwrap().1;
    let args: Vec<&str> = cmd.split_whitespace().collect();
    let o = std::process::Command::new("openssl")
        .current_dir(tmp.path())
        .args(&args)
        .output()
        .unwrap();
    assert!(
        all_output(&o).contains("verify OK"),
        "{cmd}: {}",
        all_output(&o)
    );
    // Without the option OpenSSL fails: the line is needed.
    let o = std::process::Command::new("openssl")
        .current_dir(tmp.path())
        .args(["req", "-verify", "-noout", "-in", "csr.pem"])
        .output()
        .unwrap();
    assert!(
        all_output(&o).contains("verify failure"),
        "{}",
        all_output(&o)
    );
}

#[test]
fn a_key_cipher_without_a_password_is_a_usage_error_for_a_file_and_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("certs")).unwrap();
    for args in [
        vec!["generate", "--cn", "a.example.com", "--key-cipher", "sm4"],
        vec![
            "renew",
            "certs",
            "--all",
            "--new-key",
            "ecc",
            "--out",
            "new",
            "--key-cipher",
            "sm4",
        ],
    ] {
        let o = csrkit(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", all_output(&o));
        assert!(
            err(&o).contains("--key-cipher needs a password"),
            "{args:?}: {}",
            err(&o)
        );
    }
    assert!(!tmp.path().join("new").exists() && !tmp.path().join("key.pem").exists());
}
