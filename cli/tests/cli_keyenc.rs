//! Encrypted keys of the older kinds (`vectors/keyenc/`: legacy encrypted PEM, encrypted
//! PKCS#8 with 3DES, DES, RC2 or the PKCS#12 PBE) through the command line: wherever a key
//! is read (a key file, the key of a HAProxy-style combined PEM, a folder scan), with the
//! password options; OpenSSL makes the certificates they are matched to.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use serde_json::Value;

const PW: &str = "csrkit-key-pass";

fn keyenc(name: &str) -> PathBuf {
    vectors().join("keyenc").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A folder with a password file `pw` holding the vectors' password.
fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("pw"), format!("{PW}\n")).unwrap();
    d
}

/// A self-signed certificate for the encrypted key `key`, made by OpenSSL.
fn openssl_cert(key: &Path, cn: &str, out: &Path) {
    let o = openssl(&[
        "req", "-x509", "-new", "-key", s(key), "-passin", &format!("pass:{PW}"), "-subj",
        &format!("/CN={cn}"), "-days", "30", "-out", s(out),
    ]);
    assert!(o.status.success(), "openssl req -x509: {}", all_output(&o));
}

/// `list DIR --certs` with the password matches each certificate to its key, whatever
/// form the key is in: a legacy encrypted PEM key beside its certificate (P-384 AES-256,
/// SM2 `SM2 PRIVATE KEY` DES-EDE3), PKCS#8 under pbeWithSHA1And3-KeyTripleDES-CBC (P-256),
/// and the RSA key inside the HAProxy-style file that holds its certificate. Without the
/// password no key is matched.
#[test]
fn a_folder_scan_opens_every_kind_of_encrypted_key() {
    let d = setup();
    let dir = d.path().join("certs");
    std::fs::create_dir(&dir).unwrap();
    for (key, stem) in [
        ("p384-legacy-aes256.pem", "p384"),
        ("sm2-legacy-des3.pem", "sm2"),
        ("p256-pbe-sha1-3des.pem", "p256"),
    ] {
        std::fs::copy(keyenc(key), dir.join(format!("{stem}.key"))).unwrap();
        openssl_cert(&keyenc(key), stem, &dir.join(format!("{stem}.crt")));
    }
    std::fs::copy(
        keyenc("haproxy-rsa2048-legacy-aes256.pem"),
        dir.join("haproxy.pem"),
    )
    .unwrap();

    let pw = d.path().join("pw");
    let o = csrkit(
        d.path(),
        &["list", "certs", "--certs", "--json", "--key-password-file", s(&pw)],
    );
    assert!(o.status.success(), "{}", err(&o));
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    let list = v["CertificateList"].as_array().unwrap();
    assert_eq!(list.len(), 4, "{v}");
    for entry in list {
        let file = entry["File"].as_str().unwrap();
        let expected = if file.ends_with("haproxy.pem") {
            file.to_string()
        } else {
            file.replace(".crt", ".key")
        };
        assert_eq!(entry["KeyFile"].as_str(), Some(expected.as_str()), "{entry}");
        assert_eq!(entry["HasPrivateKey"], true);
    }

    let o = csrkit(d.path(), &["list", "certs", "--certs", "--json"]);
    assert!(o.status.success(), "{}", err(&o));
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    for entry in v["CertificateList"].as_array().unwrap() {
        assert_eq!(entry["KeyFile"], Value::Null, "{entry}");
    }
}

/// `generate --key` reads legacy encrypted PEM keys and a PBES2-3DES
/// PKCS#8 key with the password options; OpenSSL verifies the CSR, and its public key is
/// the key's as OpenSSL reads it. Without a password the error says a password is needed.
#[test]
fn commands_read_the_older_encrypted_keys() {
    let d = setup();
    let pw = d.path().join("pw");
    for key in ["rsa2048-legacy-des3.pem", "sm2-pbes2-des3.pem", "p256-legacy-aes192.pem"] {
        let csr = d.path().join(format!("{key}.csr"));
        let o = csrkit(
            d.path(),
            &[
                "generate", "--key", s(&keyenc(key)), "--key-password-file", s(&pw), "--cn",
                "legacy.example.com", "--csr-out", s(&csr),
            ],
        );
        assert!(o.status.success(), "{key}: {}", err(&o));
        assert_eq!(
            openssl_req_verify(&csr, key.starts_with("sm2")),
            Some(true),
            "{key}"
        );
        let j: Value = serde_json::from_slice(
            &std::fs::read(keyenc(key).with_extension("json")).unwrap(),
        )
        .unwrap();
        let o = openssl(&["req", "-in", s(&csr), "-noout", "-pubkey"]);
        let pubkey_pem = d.path().join("pub.pem");
        std::fs::write(&pubkey_pem, &o.stdout).unwrap();
        let der = openssl(&["pkey", "-pubin", "-in", s(&pubkey_pem), "-outform", "DER"]).stdout;
        assert_eq!(
            sha256_hex(&der),
            j["KeySha2"].as_str().unwrap(),
            "{key}: the CSR's key is the file's"
        );

        let o = csrkit(
            d.path(),
            &[
                "generate", "--key", s(&keyenc(key)), "--cn", "legacy.example.com",
                "--csr-out", "-",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{key}");
        assert!(err(&o).contains("password"), "{key}: {}", err(&o));
    }
}

fn sha256_hex(data: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sha256sum runs");
    child.stdin.take().unwrap().write_all(data).unwrap();
    let o = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}
