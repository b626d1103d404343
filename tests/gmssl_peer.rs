//! GmSSL reads the keys csrkit encrypts with SM4 (`KeyCipher::Sm4Cbc`).
//!
//! Two peers, neither of them csrkit:
//! - `vectors/gmssl/decrypt_sm4_key.py`: PBKDF2 over GmSSL's own HMAC-SM3 and GmSSL's
//!   SM4-CBC (PyPI `gmssl-pyx`, which bundles GmSSL's C code), OpenSSL for the public key,
//!   GmSSL's SM2 to sign and verify with the decrypted scalar, and a check of every rule
//!   GmSSL 3's reader applies (`--require-gmssl-readable`). `.ci/run` installs gmssl-pyx.
//! - the `gmssl` command itself: an `#[ignore]`d test, run by hand with `--ignored` where
//!   GmSSL 3 is built (CI does not build it; the run that was made with it is recorded in
//!   `vectors/gmssl/README.md`).

mod common;

use std::process::Command;

use common::*;
use csrkit::keys::{KeyAlgorithm, KeyCipher, PrivateKey};

fn have_gmssl_pyx() -> bool {
    Command::new("python3")
        .args(["-c", "import gmssl_pyx"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn gmssl_reads_our_sm4_encrypted_keys() {
    // CI installs it (.ci/run, which sets CI): there, a missing module is a failure.
    if !have_gmssl_pyx()
        && !cannot_run_here("python3 module gmssl_pyx is not installed (pip install gmssl-pyx)")
    {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let pw_file = d.path().join("pw.txt");
    std::fs::write(&pw_file, "Secret-密码-1\n").unwrap();
    for round in 0..2 {
        let key = PrivateKey::generate(KeyAlgorithm::Sm2).unwrap();
        let pem = key
            .to_encrypted_pem_with(&"Secret-密码-1".into(), KeyCipher::Sm4Cbc)
            .unwrap();
        let key_file = d.path().join(format!("key{round}.pem"));
        std::fs::write(&key_file, pem.as_bytes()).unwrap();
        let o = Command::new("python3")
            .arg(vectors().join("gmssl/decrypt_sm4_key.py"))
            .arg(&key_file)
            .arg(&pw_file)
            .arg("--require-gmssl-readable")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", all_output(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["KeySha2"], key.public_key().key_sha2(), "{v}");
        assert_eq!(v["GmsslReadable"], true, "{v}");
        assert_eq!(v["Pbes2"]["Prf"], "1.2.156.10197.1.401.2", "{v}");
        assert_eq!(v["Pbes2"]["Cipher"], "1.2.156.10197.1.104.2", "{v}");

        // A wrong password: the peer refuses it too (so the check above can fail).
        std::fs::write(d.path().join("bad.txt"), "not it\n").unwrap();
        let o = Command::new("python3")
            .arg(vectors().join("gmssl/decrypt_sm4_key.py"))
            .arg(&key_file)
            .arg(d.path().join("bad.txt"))
            .output()
            .unwrap();
        assert!(!o.status.success(), "{}", all_output(&o));
    }
}

#[test]
#[ignore = "needs the gmssl command (GmSSL 3 built from source, not in CI); run with --ignored"]
fn the_gmssl_command_signs_with_our_sm4_encrypted_key() {
    let v = Command::new("gmssl")
        .arg("version")
        .output()
        .expect("the gmssl command (GmSSL 3) is on PATH: this test was asked for by --ignored");
    eprintln!("{}", String::from_utf8_lossy(&v.stdout).trim());
    let d = tempfile::tempdir().unwrap();
    let key = PrivateKey::generate(KeyAlgorithm::Sm2).unwrap();
    let key_file = d.path().join("key.pem");
    let pub_file = d.path().join("pub.pem");
    std::fs::write(
        &key_file,
        key.to_encrypted_pem_with(&b"pw-12345".into(), KeyCipher::Sm4Cbc)
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    std::fs::write(&pub_file, key.public_key().to_pem()).unwrap();
    std::fs::write(d.path().join("msg"), b"hello").unwrap();
    let p = |n: &str| d.path().join(n).to_str().unwrap().to_string();
    let sign = Command::new("gmssl")
        .args([
            "sm2sign",
            "-key",
            &p("key.pem"),
            "-pass",
            "pw-12345",
            "-in",
            &p("msg"),
            "-out",
            &p("sig"),
        ])
        .output()
        .unwrap();
    assert!(sign.status.success(), "{}", all_output(&sign));
    let verify = Command::new("gmssl")
        .args([
            "sm2verify",
            "-pubkey",
            &p("pub.pem"),
            "-in",
            &p("msg"),
            "-sig",
            &p("sig"),
        ])
        .output()
        .unwrap();
    assert!(
        all_output(&verify).contains("verify : success"),
        "{}",
        all_output(&verify)
    );
    let wrong = Command::new("gmssl")
        .args([
            "sm2sign",
            "-key",
            &p("key.pem"),
            "-pass",
            "wrong",
            "-in",
            &p("msg"),
            "-out",
            &p("sig2"),
        ])
        .output()
        .unwrap();
    assert!(!wrong.status.success());
}
