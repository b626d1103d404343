//! Helpers shared by the integration tests: running the peer (`openssl`) and our binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `openssl` with `args`; panics when it cannot be started.
pub fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl command runs")
}

/// stdout + stderr of a process as one string.
pub fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `openssl req -verify` on a CSR file, reading its message (OpenSSL 3.0 exits 0 even on
/// failure). SM2 CSRs are checked with the distinguishing ID 1234567812345678.
/// Returns `Some(true)` for "verify OK", `Some(false)` for "verify failure".
pub fn openssl_req_verify(path: &Path, sm2: bool) -> Option<bool> {
    let p = path.to_str().expect("utf-8 path");
    let mut args = vec!["req", "-in", p, "-noout", "-verify"];
    if sm2 {
        args.extend(["-vfyopt", "distid:1234567812345678"]);
    }
    let out = all_output(&openssl(&args));
    if out.contains("verify OK") {
        Some(true)
    } else if out.contains("verify failure") {
        Some(false)
    } else {
        None
    }
}

/// `openssl req -noout -text` of a CSR file.
pub fn openssl_req_text(path: &Path) -> String {
    let p = path.to_str().expect("utf-8 path");
    all_output(&openssl(&[
        "req", "-in", p, "-noout", "-text", "-nameopt", "utf8",
    ]))
}

/// OpenSSL's RFC 2253 subject line of a CSR (UTF-8 kept).
pub fn openssl_req_subject(path: &Path) -> String {
    let p = path.to_str().expect("utf-8 path");
    let o = openssl(&[
        "req",
        "-in",
        p,
        "-noout",
        "-subject",
        "-nameopt",
        "RFC2253,-esc_msb",
    ]);
    String::from_utf8_lossy(&o.stdout)
        .trim()
        .trim_start_matches("subject=")
        .to_string()
}

/// DER SubjectPublicKeyInfo that `openssl pkey` derives from a private key file.
pub fn openssl_pubkey_der(key_path: &Path, der_input: bool) -> Vec<u8> {
    let p = key_path.to_str().expect("utf-8 path");
    let mut args = vec!["pkey", "-in", p, "-pubout", "-outform", "DER"];
    if der_input {
        args.extend(["-inform", "DER"]);
    }
    let o = openssl(&args);
    assert!(
        o.status.success(),
        "openssl pkey failed on {p}: {}",
        all_output(&o)
    );
    o.stdout
}

/// Path of our built binary.
pub fn csrkit_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_csrkit"))
}

/// Runs our binary in `dir` with `args`.
pub fn csrkit(dir: &Path, args: &[&str]) -> Output {
    Command::new(csrkit_bin())
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("csrkit runs")
}

/// The vectors folder.
pub fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors")
}
