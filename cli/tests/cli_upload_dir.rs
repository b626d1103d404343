//! `csrkit upload-request DIR`: the UploadCsr bodies of a folder made by OpenSSL, checked by
//! OpenSSL (each CSR verifies, each key is its CSR's) and read by the vendor's SDK model
//! (`alibabacloud_cas20200407.models.UploadCsrRequest`); and a refused `--name` that says
//! which name to use.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// A CSR and its key by `openssl req`: `/CN=cn`, P-256 or RSA 2048, the key unencrypted
/// or under `password`.
fn openssl_pair(csr: &Path, key: &Path, cn: &str, rsa: bool, password: Option<&str>) {
    let mut args: Vec<String> = ["req", "-new", "-utf8", "-subj", &format!("/CN={cn}")]
        .map(String::from)
        .to_vec();
    if rsa {
        args.extend(["-newkey", "rsa:2048"].map(String::from));
    } else {
        args.extend(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"].map(String::from));
    }
    match password {
        Some(p) => args.extend(["-passout".to_string(), format!("pass:{p}")]),
        None => args.push("-noenc".to_string()),
    }
    args.extend([
        "-keyout".to_string(),
        key.display().to_string(),
        "-out".to_string(),
        csr.display().to_string(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = openssl(&args);
    assert!(o.status.success(), "{}", all_output(&o));
}

/// The SubjectPublicKeyInfo PEM of a CSR (`openssl req -pubkey`).
fn csr_pubkey(csr: &Path) -> String {
    let o = openssl(&["req", "-in", csr.to_str().unwrap(), "-noout", "-pubkey"]);
    assert!(o.status.success(), "{}", all_output(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// The SubjectPublicKeyInfo PEM of a private key (`openssl pkey -pubout`).
fn key_pubkey(key: &Path, password: Option<&str>) -> String {
    let pass = format!("pass:{}", password.unwrap_or(""));
    let mut args = vec!["pkey", "-in", key.to_str().unwrap(), "-pubout"];
    if password.is_some() {
        args.extend(["-passin", &pass]);
    }
    let o = openssl(&args);
    assert!(o.status.success(), "{}", all_output(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// The UploadCsr rule as the API page states it: 1 to 50 of `A–Z a–z 0–9 _ -`.
fn follows_the_rule(name: &str) -> bool {
    (1..=50).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[test]
fn upload_request_dir_gives_every_csr_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let certs = dir.path().join("certs");
    std::fs::create_dir_all(certs.join("sub")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    // file stem, CN, RSA, password; the name each body must get by the rule.
    let pairs = [
        ("a", "web.example.com", true, None, "web_example_com"),
        ("b", "web.example.com", false, None, "web_example_com-2"),
        ("c-cjk", "客户门户", false, None, "____"),
        ("d-wild", "*.example.com", false, None, "__example_com"),
        (
            "sub/e-enc",
            "enc.example.com",
            false,
            Some("pw-e"),
            "enc_example_com",
        ),
    ];
    for (stem, cn, rsa, pw, _) in pairs {
        openssl_pair(
            &certs.join(format!("{stem}.csr")),
            &certs.join(format!("{stem}.key")),
            cn,
            rsa,
            pw,
        );
    }
    // A CSR whose key is not in the folder.
    openssl_pair(
        &certs.join("sub/nokey.csr"),
        &outside.path().join("nokey.key"),
        "nokey.example.com",
        false,
        None,
    );
    // The public key of each key in the folder, by OpenSSL, with the name its CSR's body
    // must carry.
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for (stem, _, _, pw, name) in pairs {
        expected.insert(
            key_pubkey(&certs.join(format!("{stem}.key")), pw),
            name.to_string(),
        );
    }

    let o = Command::new(csrkit_bin())
        .current_dir(dir.path())
        .args(["upload-request", "certs", "--key-password-env", "PW_E"])
        .env("PW_E", "pw-e")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    let left_out: Vec<&str> = err.lines().filter(|l| l.contains("left out")).collect();
    assert_eq!(left_out.len(), 1, "{err}");
    assert!(left_out[0].contains("nokey.csr"), "{err}");
    assert!(left_out[0].contains("no private key"), "{err}");

    let bodies: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(bodies.len(), pairs.len(), "{bodies:#?}");
    let mut names = BTreeSet::new();
    let mut seen = BTreeMap::new();
    for (i, body) in bodies.iter().enumerate() {
        let obj = body.as_object().unwrap();
        assert_eq!(
            obj.keys().map(String::as_str).collect::<BTreeSet<_>>(),
            BTreeSet::from(["Csr", "Key", "Name"])
        );
        let csr = dir.path().join(format!("body{i}.csr"));
        let key = dir.path().join(format!("body{i}.key"));
        std::fs::write(&csr, body["Csr"].as_str().unwrap()).unwrap();
        std::fs::write(&key, body["Key"].as_str().unwrap()).unwrap();
        assert_eq!(openssl_req_verify(&csr, false), Some(true), "body {i}");
        // The key of the body is its CSR's, and it is the folder's key of that CSR.
        let public = csr_pubkey(&csr);
        assert_eq!(key_pubkey(&key, None), public, "body {i}");
        let name = body["Name"].as_str().unwrap().to_string();
        assert!(follows_the_rule(&name), "{name:?}");
        assert!(names.insert(name.clone()), "{name} twice");
        seen.insert(public, name);
    }
    assert_eq!(seen, expected);
    // RSA keys as the page shows them (PKCS#1), the others PKCS#8.
    let rsa_keys = bodies
        .iter()
        .filter(|b| {
            b["Key"]
                .as_str()
                .unwrap()
                .starts_with("-----BEGIN RSA PRIVATE KEY-----")
        })
        .count();
    assert_eq!(rsa_keys, 1);

    // The vendor's SDK model reads each body and writes back the same map.
    let script = r#"
import json, re, sys
from alibabacloud_cas20200407.models import UploadCsrRequest
bodies = json.load(sys.stdin)
for body in bodies:
    m = UploadCsrRequest().from_map(body)
    assert m.to_map() == body, (m.to_map(), body)
    assert m.csr.startswith("-----BEGIN CERTIFICATE REQUEST-----"), m.csr[:40]
    assert "PRIVATE KEY-----" in m.key
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,50}", m.name), m.name
print(len(bodies))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(&o.stdout).unwrap();
    }
    let py = child.wait_with_output().unwrap();
    assert!(
        py.status.success(),
        "python3 with alibabacloud-cas20200407 (pip install alibabacloud-cas20200407==3.9.4): {}",
        all_output(&py)
    );
    assert_eq!(
        String::from_utf8_lossy(&py.stdout).trim(),
        pairs.len().to_string()
    );
}

#[test]
fn upload_request_dir_takes_no_key_or_name() {
    let dir = tempfile::tempdir().unwrap();
    // An empty folder: an empty array, and a word on stderr.
    let o = csrkit(dir.path(), &["upload-request", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no CSR here"));
    for args in [
        ["upload-request", ".", "--key", "k.pem"],
        ["upload-request", ".", "--name", "web"],
    ] {
        let o = csrkit(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn refused_name_suggests_a_valid_one() {
    let dir = tempfile::tempdir().unwrap();
    openssl_pair(
        &dir.path().join("a.csr"),
        &dir.path().join("a.key"),
        "web.example.com",
        false,
        None,
    );
    for (name, suggested) in [
        ("web 01", "web_01"),
        ("web.example.com", "web_example_com"),
        ("服务器", "___"),
    ] {
        let o = csrkit(dir.path(), &["upload-request", "a.csr", "--name", name]);
        assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
        assert!(o.stdout.is_empty());
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&format!("try --name {suggested}\n")), "{err}");
        // The suggestion is taken.
        let o = csrkit(
            dir.path(),
            &[
                "upload-request",
                "a.csr",
                "--key",
                "a.key",
                "--name",
                suggested,
            ],
        );
        assert!(o.status.success(), "{}", all_output(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["Name"], suggested);
    }
}
