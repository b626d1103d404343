//! Where a renewal's keys go and come from: a new key of `renew FILE` is encrypted with
//! its own password when `--new-key-password-file` gives one, else with the input
//! password, and the line says which; `upload-request OUT --keys DIR` finds the keys a
//! same-key `renew DIR` left where they were. Certificates, keys and bundles by OpenSSL;
//! every key checked with `openssl pkey`.

mod common;

use std::path::Path;

use common::*;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Whether OpenSSL opens `key` with the password on `pw`'s first line.
fn opens_with(key: &Path, pw: &Path) -> bool {
    openssl(&[
        "pkey",
        "-in",
        s(key),
        "-passin",
        &format!("file:{}", s(pw)),
        "-noout",
    ])
    .status
    .success()
}

#[test]
fn a_new_key_is_encrypted_with_its_own_password_or_the_input_one_and_says_which() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    openssl_leaf(dir, "site.example.com", 10);
    std::fs::write(dir.join("a.txt"), "pass-of-the-pfx\n").unwrap();
    std::fs::write(dir.join("b.txt"), "pass-of-the-new-key\n").unwrap();
    let o = openssl(&[
        "pkcs12",
        "-export",
        "-inkey",
        s(&dir.join("site.example.com.key")),
        "-in",
        s(&dir.join("site.example.com.crt")),
        "-out",
        s(&dir.join("site.pfx")),
        "-passout",
        "pass:pass-of-the-pfx",
    ]);
    assert!(o.status.success(), "{}", all_output(&o));

    // (extra options, key file, what the line says, the password files that open it or not)
    type Case<'a> = (&'a [&'a str], &'a str, &'a str, &'a str, Option<&'a str>);
    let cases: [Case; 2] = [
        (
            &[],
            "k1",
            "encrypted with the input password",
            "a.txt",
            None,
        ),
        (
            &["--new-key-password-file", "b.txt"],
            "k2",
            "encrypted with its own password)",
            "b.txt",
            Some("a.txt"),
        ),
    ];
    for (extra, k, says, opens, not) in cases {
        let (key, csr) = (format!("{k}.pem"), format!("{k}.csr"));
        let mut args = vec![
            "renew",
            "site.pfx",
            "--key-password-file",
            "a.txt",
            "--new-key",
            "p256",
            "--key-out",
            &key,
            "--csr-out",
            &csr,
        ];
        args.extend(extra);
        let o = csrkit(dir, &args);
        assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            text.contains(&format!("{key} (mode 0600, {says}")),
            "{text}"
        );
        assert!(
            opens_with(&dir.join(&key), &dir.join(opens)),
            "{key} opens with {opens}"
        );
        if let Some(not) = not {
            assert!(
                !opens_with(&dir.join(&key), &dir.join(not)),
                "{key} not with {not}"
            );
        }
    }
    for csr in ["k1.csr", "k2.csr"] {
        assert_eq!(
            openssl_req_verify(&dir.join(csr), false),
            Some(true),
            "{csr}"
        );
    }
}

#[test]
fn upload_request_finds_the_keys_a_same_key_renewal_left_in_place() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let certs = dir.join("certs");
    std::fs::create_dir(&certs).unwrap();
    for cn in ["www.example.com", "api.example.com"] {
        openssl_leaf(&certs, cn, 10);
    }
    let o = csrkit(
        dir,
        &[
            "renew",
            "certs",
            "--expiring",
            "30",
            "--same-key",
            "--out",
            "out",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("UploadCsr bodies: csrkit upload-request out --keys certs"),
        "{text}"
    );

    // The CSRs alone: no key for either.
    let o = csrkit(dir, &["upload-request", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let bodies: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(bodies.as_array().map(Vec::len), Some(0));

    // With the folder they were renewed from: each body with its own key.
    let o = csrkit(dir, &["upload-request", "out", "--keys", "certs"]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let bodies: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let bodies = bodies.as_array().unwrap();
    assert_eq!(bodies.len(), 2);
    for b in bodies {
        let name = b["Name"].as_str().unwrap();
        let cn = if name.starts_with("www") {
            "www.example.com"
        } else {
            "api.example.com"
        };
        std::fs::write(dir.join("body.key"), b["Key"].as_str().unwrap()).unwrap();
        let from_body = openssl_pubkey_der(&dir.join("body.key"), false);
        let from_file = openssl_pubkey_der(&certs.join(format!("{cn}.key")), false);
        assert_eq!(from_body, from_file, "{name}: the key of {cn}");
        std::fs::write(dir.join("body.csr"), b["Csr"].as_str().unwrap()).unwrap();
        assert_eq!(
            openssl_req_verify(&dir.join("body.csr"), false),
            Some(true),
            "{name}"
        );
    }

    // --keys is for a folder.
    let o = csrkit(
        dir,
        &[
            "upload-request",
            "out/www.example.com.csr.pem",
            "--keys",
            "certs",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
}
