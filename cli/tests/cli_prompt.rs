//! A password asked for on the terminal: when a command must open an encrypted key or
//! bundle, standard input is a terminal and no password option was given, csrkit asks
//! (no echo), as OpenSSL does; with no terminal it never asks. The terminal is a real
//! pseudo-terminal (`pty_run.py`, Python's `pty`); the keys and their KeySha2 are
//! OpenSSL's (`vectors/keyenc/`).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const PASSWORD: &str = "csrkit-key-pass";

/// Runs our binary on a pseudo-terminal in `dir`, answering its prompt with `answer`.
fn at_terminal(dir: &Path, answer: &str, args: &[&str]) -> serde_json::Value {
    let o = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pty_run.py"))
        .arg(answer)
        .arg(csrkit_bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("pty_run.py prints JSON")
}

/// The OpenSSL-made keys `names` of vectors/keyenc, copied into `dir` as `NAME.pem`.
fn copy_keys(dir: &Path, names: &[&str]) {
    for name in names {
        std::fs::copy(
            vectors().join(format!("keyenc/{name}.pem")),
            dir.join(format!("{name}.pem")),
        )
        .unwrap();
    }
}

fn key_sha2(name: &str) -> String {
    let j: serde_json::Value = serde_json::from_slice(
        &std::fs::read(vectors().join(format!("keyenc/{name}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(j["Password"], PASSWORD);
    j["KeySha2"].as_str().unwrap().to_string()
}

#[test]
fn an_encrypted_key_asks_for_its_password_at_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_keys(dir, &["p256-pbes2-des3", "p384-legacy-aes256"]);
    for name in ["p256-pbes2-des3", "p384-legacy-aes256"] {
        let file = format!("{name}.pem");
        let r = at_terminal(dir, PASSWORD, &["inspect", &file]);
        let shown = r["shown"].as_str().unwrap();
        assert_eq!(r["prompted"], true, "{shown}");
        assert!(
            shown.contains(&format!("Password for {file} (Enter to skip): ")),
            "{shown}"
        );
        assert!(
            shown.contains(&key_sha2(name)),
            "OpenSSL's KeySha2 of {file}:\n{shown}"
        );
        assert!(
            !shown.contains(PASSWORD),
            "the password was echoed:\n{shown}"
        );
        assert_eq!(r["exit"], 0, "{shown}");
    }

    // A wrong answer is a wrong password; an empty one skips: the password is required.
    let r = at_terminal(dir, "not-the-password", &["inspect", "p256-pbes2-des3.pem"]);
    let shown = r["shown"].as_str().unwrap();
    assert_eq!(
        (r["prompted"].as_bool(), r["exit"].as_i64()),
        (Some(true), Some(1)),
        "{shown}"
    );
    assert!(shown.contains("wrong password"), "{shown}");
    assert!(!shown.contains("not-the-password"), "{shown}");
    let r = at_terminal(dir, "", &["inspect", "p256-pbes2-des3.pem"]);
    let shown = r["shown"].as_str().unwrap();
    assert_eq!(
        (r["prompted"].as_bool(), r["exit"].as_i64()),
        (Some(true), Some(1)),
        "{shown}"
    );
    assert!(shown.contains("password"), "{shown}");

    // The key of a new CSR, asked for the same way; OpenSSL checks the CSR and its key.
    let r = at_terminal(
        dir,
        PASSWORD,
        &[
            "generate",
            "--key",
            "p384-legacy-aes256.pem",
            "--cn",
            "www.example.com",
            "--csr-out",
            "www.csr.pem",
        ],
    );
    let shown = r["shown"].as_str().unwrap();
    assert_eq!(
        (r["prompted"].as_bool(), r["exit"].as_i64()),
        (Some(true), Some(0)),
        "{shown}"
    );
    assert_eq!(
        openssl_req_verify(&dir.join("www.csr.pem"), false),
        Some(true)
    );
    let csr = dir.join("www.csr.pem");
    let o = openssl(&["req", "-in", csr.to_str().unwrap(), "-noout", "-pubkey"]);
    std::fs::write(dir.join("pub.pem"), &o.stdout).unwrap();
    let pubkey = dir.join("pub.pem");
    let spki = openssl(&[
        "pkey",
        "-pubin",
        "-in",
        pubkey.to_str().unwrap(),
        "-outform",
        "DER",
    ])
    .stdout;
    use sha2::Digest;
    let got: String = sha2::Sha256::digest(&spki)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        got,
        key_sha2("p384-legacy-aes256"),
        "the CSR's key is the file's"
    );
}

/// Two keys under one password: asked once, the answer tried on the second key first.
#[test]
fn one_answer_serves_the_next_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_keys(dir, &["p256-pbes2-des3", "p384-legacy-aes256"]);
    let r = at_terminal(
        dir,
        PASSWORD,
        &["inspect", "p256-pbes2-des3.pem", "p384-legacy-aes256.pem"],
    );
    let shown = r["shown"].as_str().unwrap();
    assert_eq!(
        (r["prompts"].as_i64(), r["exit"].as_i64()),
        (Some(1), Some(0)),
        "{shown}"
    );
    for name in ["p256-pbes2-des3", "p384-legacy-aes256"] {
        assert!(shown.contains(&key_sha2(name)), "{name}:\n{shown}");
    }
}

#[test]
fn without_a_terminal_nothing_is_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(
        vectors().join("keyenc/p256-pbes2-des3.pem"),
        dir.join("k.pem"),
    )
    .unwrap();
    let o = csrkit(dir, &["inspect", "k.pem"]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(!all.contains("Password for"), "{all}");
    assert!(
        all.contains("--key-password-file"),
        "says how to give it: {all}"
    );
}
