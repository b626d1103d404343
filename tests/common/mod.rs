//! Helpers shared by the integration tests: running the peer (`openssl`), the vectors.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use csrkit::csr::ParsedCsr;
use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::CsrRequest;
use serde_json::Value;

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

/// The sidecar JSONs of `vectors/DIR`, each with the path of its artifact, by path.
pub fn sidecars(dir: &str) -> Vec<(PathBuf, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(vectors().join(dir)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            out.push((vectors().join(v["File"].as_str().unwrap()), v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!out.is_empty(), "no vectors in {dir}");
    out
}

/// Mounts a tmpfs with `opts` (`size=400k`, `size=1m,ro`) at `dir`. Where mounting is not
/// allowed (tests run as root here and in CI) it is [`cannot_run_here`]: a failure in CI,
/// `false` with the reason on a developer's machine.
pub fn mount_tmpfs(dir: &Path, opts: &str) -> bool {
    let o = Command::new("mount")
        .args(["-t", "tmpfs", "-o", opts, "tmpfs", dir.to_str().unwrap()])
        .output();
    match o {
        Ok(o) if o.status.success() => true,
        Ok(o) => cannot_run_here(&format!(
            "mount -t tmpfs is not allowed here (the test needs root): {}",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => cannot_run_here(&format!("no mount command: {e}")),
    }
}

/// A test whose tool or privilege is missing: in CI (`CI` set, as `.ci/run` sets it) that is
/// a failure, never a silent pass; on a developer's machine the test says why on stderr and
/// the caller returns. Always `false`, so callers write `if !have { return; }`.
#[track_caller]
pub fn cannot_run_here(why: &str) -> bool {
    assert!(
        std::env::var_os("CI").is_none(),
        "this test cannot run here, and CI must run it: {why}"
    );
    eprintln!("NOT RUN (CI would fail here): {why}");
    false
}

/// Unmounts `dir` when dropped.
pub struct Mounted<'a>(pub &'a Path);

impl Drop for Mounted<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0).output();
    }
}

/// The vectors folder.
pub fn vectors() -> PathBuf {
    // The library's folder; the CLI's tests (cli/) use it from one level down.
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if here.join("vectors").is_dir() {
        here.join("vectors")
    } else {
        here.join("../vectors")
    }
}

// Hostile-input builders and secret checks, shared with the CLI tests.

// ---------------------------------------------------------------------------------------
// Resource bounds
// ---------------------------------------------------------------------------------------

pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A CSR (hand-built DER, as an attacker would) whose extension request holds one SAN
/// extension of `n` DNS names. The signature is junk: parsing must refuse it before.
pub fn csr_with_sans(n: usize) -> Vec<u8> {
    let key = PrivateKey::generate(KeyAlgorithm::EccP256).unwrap();
    let real = CsrRequest::new(
        DistinguishedName::builder()
            .common_name("x")
            .build()
            .unwrap(),
    )
    .sign(&key)
    .unwrap();
    let spki = ParsedCsr::from_der(real.der())
        .unwrap()
        .public_key()
        .spki_der()
        .to_vec();
    let mut names = Vec::with_capacity(n * 6);
    for _ in 0..n {
        names.extend(tlv(0x82, b"a.co"));
    }
    let san_oid = [0x06, 0x03, 0x55, 0x1d, 0x11];
    let ext = tlv(
        0x30,
        &[&san_oid[..], &tlv(0x04, &tlv(0x30, &names))].concat(),
    );
    let ext_req_oid = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e,
    ];
    let attr = tlv(
        0x30,
        &[&ext_req_oid[..], &tlv(0x31, &tlv(0x30, &ext))].concat(),
    );
    let info = tlv(
        0x30,
        &[
            &[0x02, 0x01, 0x00][..],
            &tlv(0x30, &[]),
            &spki,
            &tlv(0xa0, &attr),
        ]
        .concat(),
    );
    let sigalg = [
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
    ];
    tlv(
        0x30,
        &[&info[..], &sigalg, &[0x03, 0x02, 0x00, 0x00]].concat(),
    )
}

// ---------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------

/// Every 12-character window of the base64 body of a secret PEM.
pub fn secret_windows(pem: &str) -> Vec<String> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let chars: Vec<char> = body.chars().collect();
    chars
        .windows(12)
        .step_by(6)
        .map(|w| w.iter().collect())
        .collect()
}

pub fn assert_no_secret(text: &str, pem: &str, what: &str) {
    for w in secret_windows(pem) {
        assert!(
            !text.contains(&w),
            "{what} shows secret material {w:?}:\n{text}"
        );
    }
}
