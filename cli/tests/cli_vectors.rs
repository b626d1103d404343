//! The vectors through the command line: bad inputs exit 1 naming the file; inspect --json agrees with OpenSSL.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn bad_vectors_exit_1_naming_the_file() {
    let mut count = 0;
    let dir = tempfile::tempdir().unwrap();
    for (path, _) in sidecars("bad") {
        // (The library's typed error for each is checked in the library's tests/vectors.rs.)
        // A private key where a CSR or certificate is expected is bad for the library's
        // CSR and certificate readers, and `inspect` shows it as a key alone (inspect KEY):
        // its KeySha2 is OpenSSL's.
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.starts_with("private-key-") {
            let o = csrkit(dir.path(), &["inspect", "--json", path.to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(0), "{}", path.display());
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["Kind"], "KEY", "{v}");
            let der = openssl_pubkey_der(&path, false);
            let o = std::process::Command::new("sha256sum")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut c| {
                    use std::io::Write;
                    c.stdin.take().unwrap().write_all(&der)?;
                    c.wait_with_output()
                })
                .unwrap();
            let sha2 = String::from_utf8_lossy(&o.stdout);
            assert_eq!(
                v["KeySha2"].as_str(),
                sha2.split_whitespace().next(),
                "{}",
                path.display()
            );
            continue;
        }
        // The CLI: exit 1, one line naming the file, nothing on stdout.
        let o = csrkit(dir.path(), &["inspect", "--json", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", path.display());
        assert!(o.stdout.is_empty(), "{}", path.display());
        let stderr = String::from_utf8(o.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(path.file_name().unwrap().to_str().unwrap()),
            "{stderr}"
        );
        count += 1;
    }
    assert!(count >= 20);
    eprintln!("bad vectors checked: {count}");
}

#[test]
fn inspect_json_agrees_with_openssl_on_each_algorithm() {
    // `csrkit inspect --json` on OpenSSL-made CSRs: the key hash equals what
    // `openssl req -pubkey | openssl pkey -pubin -outform DER | sha256` gives, and the
    // key size is the one `openssl req -text` prints.
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "rsa2048-sha256",
        "rsa3072-sha256",
        "rsa4096-sha256",
        "p256-sha256",
        "sm2-sm3",
    ] {
        let csr = vectors().join(format!("csr/{name}.pem"));
        let o = csrkit(dir.path(), &["inspect", "--json", csr.to_str().unwrap()]);
        assert!(o.status.success(), "{}", all_output(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();

        let pubkey = openssl(&["req", "-in", csr.to_str().unwrap(), "-noout", "-pubkey"]);
        let pub_path = dir.path().join("pub.pem");
        std::fs::write(&pub_path, &pubkey.stdout).unwrap();
        let der = openssl(&[
            "pkey",
            "-pubin",
            "-in",
            pub_path.to_str().unwrap(),
            "-outform",
            "DER",
        ]);
        assert_eq!(
            v["KeySha2"],
            csrkit::fingerprint::sha256_hex(&der.stdout),
            "{name}"
        );

        let text = openssl_req_text(&csr);
        let bits = format!("({} bit)", v["KeySize"]);
        assert!(text.contains(&bits), "{name}: {bits} in {text}");
        let cn = v["CommonName"].as_str().unwrap();
        assert!(text.contains(cn), "{name}");
        assert_eq!(v["SignatureValid"], true, "{name}");
    }
}
