//! `csrkit generate` as a user runs it: the embedded default, each flag, `--request`,
//! overwrite refusal, key mode 0600, exit statuses; every CSR checked by OpenSSL.

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;

fn ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        all_output(o)
    );
}

#[test]
fn default_run_writes_a_p256_server_csr_for_localhost() {
    let dir = tempfile::tempdir().unwrap();
    let o = csrkit(dir.path(), &["generate"]);
    ok(&o);
    let csr = dir.path().join("csr.pem");
    let key = dir.path().join("key.pem");
    assert_eq!(openssl_req_verify(&csr, false), Some(true));
    let text = openssl_req_text(&csr);
    assert!(
        text.contains("Subject: CN=localhost") || text.contains("Subject: CN = localhost"),
        "{text}"
    );
    assert!(text.contains("DNS:localhost"), "{text}");
    assert!(text.contains("ecdsa-with-SHA256"), "{text}");
    assert!(text.contains("TLS Web Server Authentication"), "{text}");
    let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
    // The key belongs to the CSR (OpenSSL's view of both public keys).
    let from_key = openssl_pubkey_der(&key, false);
    let o = openssl(&["req", "-in", csr.to_str().unwrap(), "-noout", "-pubkey"]);
    std::fs::write(dir.path().join("pub.pem"), &o.stdout).unwrap();
    let o = openssl(&[
        "pkey",
        "-pubin",
        "-in",
        dir.path().join("pub.pem").to_str().unwrap(),
        "-outform",
        "DER",
    ]);
    assert_eq!(o.stdout, from_key);
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn every_flag() {
    let dir = tempfile::tempdir().unwrap();
    for (alg, sig) in [
        ("rsa2048", "sha256WithRSAEncryption"),
        ("rsa3072", "sha256WithRSAEncryption"),
        ("ecc", "ecdsa-with-SHA256"),
        ("p256", "ecdsa-with-SHA256"),
        ("sm2", "SM2-with-SM3"),
    ] {
        let csr = format!("{alg}.csr.pem");
        let key = format!("{alg}.key.pem");
        let o = csrkit(
            dir.path(),
            &[
                "generate",
                "--algorithm",
                alg,
                "--cn",
                "web.example.com",
                "--country",
                "CN",
                "--state",
                "Zhejiang",
                "--locality",
                "Hangzhou",
                "--org",
                "阿里云计算有限公司",
                "--ou",
                "Security",
                "--ou",
                "Ops",
                "--san",
                "dns:web.example.com",
                "--san",
                "192.0.2.7",
                "--san",
                "email:ops@example.com",
                "--san",
                "uri:https://example.com/",
                "--profile",
                "client",
                "--csr-out",
                &csr,
                "--key-out",
                &key,
            ],
        );
        ok(&o);
        let path = dir.path().join(&csr);
        assert_eq!(openssl_req_verify(&path, alg == "sm2"), Some(true), "{alg}");
        assert_eq!(
            openssl_req_subject(&path),
            "CN=web.example.com,OU=Ops,OU=Security,O=阿里云计算有限公司,L=Hangzhou,ST=Zhejiang,C=CN"
        );
        let text = openssl_req_text(&path);
        for want in [
            sig,
            "TLS Web Client Authentication",
            "DNS:web.example.com",
            "IP Address:192.0.2.7",
            "email:ops@example.com",
            "URI:https://example.com/",
        ] {
            assert!(text.contains(want), "{alg}: {want} in {text}");
        }
        let bits = match alg {
            "rsa2048" => "2048 bit",
            "rsa3072" => "3072 bit",
            _ => "256 bit",
        };
        assert!(text.contains(bits), "{alg}: {bits}");
    }
    // rsa4096 and the ca profile.
    let o = csrkit(
        dir.path(),
        &[
            "generate",
            "--algorithm",
            "rsa4096",
            "--profile",
            "ca",
            "--cn",
            "Example Root",
            "--csr-out",
            "ca.csr.pem",
            "--key-out",
            "ca.key.pem",
        ],
    );
    ok(&o);
    let text = openssl_req_text(&dir.path().join("ca.csr.pem"));
    assert!(
        text.contains("4096 bit")
            && text.contains("CA:TRUE")
            && text.contains("Certificate Sign, CRL Sign"),
        "{text}"
    );
    // A CN that is not a DNS name does not become a SAN.
    assert!(!text.contains("Subject Alternative Name"), "{text}");
}

#[test]
fn csr_to_stdout_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let o = csrkit(
        dir.path(),
        &["generate", "--csr-out", "-", "--cn", "a.example.com"],
    );
    ok(&o);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
            && out.ends_with("-----END CERTIFICATE REQUEST-----\n")
    );
    assert!(!dir.path().join("csr.pem").exists() && dir.path().join("key.pem").exists());

    let o = csrkit(
        dir.path(),
        &[
            "generate",
            "--json",
            "--algorithm",
            "sm2",
            "--cn",
            "b.example.com",
            "--csr-out",
            "b.csr.pem",
            "--key-out",
            "b.key.pem",
        ],
    );
    ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["Kind"], "CSR");
    assert_eq!(v["Algorithm"], "SM2");
    assert_eq!(v["SignAlgorithm"], "SM3WITHSM2");
    assert_eq!(v["SignatureValid"], true);
    assert_eq!(v["HasPrivateKey"], true);
    assert_eq!(v["Sans"], "b.example.com");
    // KeySha2 as OpenSSL computes it from the key file.
    let der = openssl_pubkey_der(&dir.path().join("b.key.pem"), false);
    assert_eq!(v["KeySha2"], csrkit::fingerprint::sha256_hex(&der));
}

#[test]
fn huawei_request_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("req.json"), r#"{
      "distinguished_name" : {"common_name" : "api_test", "country" : "CN", "state" : "GuangDong",
        "locality" : "DongGuan", "organization" : "Huawei", "organizational_unit" : "Workspace"},
      "key_algorithm" : "RSA-2048", "signature_algorithm" : "SHA-256", "transaction_id" : "string"}"#).unwrap();
    ok(&csrkit(dir.path(), &["generate", "--request", "req.json"]));
    let csr = dir.path().join("csr.pem");
    assert_eq!(openssl_req_verify(&csr, false), Some(true));
    assert_eq!(
        openssl_req_subject(&csr),
        "CN=api_test,OU=Workspace,O=Huawei,L=DongGuan,ST=GuangDong,C=CN"
    );
    let text = openssl_req_text(&csr);
    assert!(
        text.contains("2048 bit") && text.contains("CA:TRUE"),
        "{text}"
    );

    // --profile overrides the request's default ca profile.
    ok(&csrkit(
        dir.path(),
        &[
            "generate",
            "--request",
            "req.json",
            "--profile",
            "server",
            "--csr-out",
            "s.csr.pem",
            "--key-out",
            "s.key.pem",
        ],
    ));
    assert!(!openssl_req_text(&dir.path().join("s.csr.pem")).contains("CA:TRUE"));

    // DN flags beside --request are a usage error.
    let o = csrkit(
        dir.path(),
        &[
            "generate",
            "--request",
            "req.json",
            "--cn",
            "x",
            "--csr-out",
            "x.pem",
            "--key-out",
            "xk.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    // A body missing a field: exit 1, one line naming the file and the field.
    std::fs::write(
        dir.path().join("bad.json"),
        r#"{"distinguished_name": {"common_name": "x"}, "key_algorithm": "RSA-2048"}"#,
    )
    .unwrap();
    let o = csrkit(
        dir.path(),
        &[
            "generate",
            "--request",
            "bad.json",
            "--csr-out",
            "y.pem",
            "--key-out",
            "yk.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad.json") && err.contains("country"), "{err}");
    assert!(o.stdout.is_empty());
    assert!(!dir.path().join("yk.pem").exists());
}

#[test]
fn never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("key.pem"), "precious").unwrap();
    let o = csrkit(dir.path(), &["generate"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("key.pem") && err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("key.pem")).unwrap(),
        "precious"
    );
    assert!(!dir.path().join("csr.pem").exists());

    std::fs::remove_file(dir.path().join("key.pem")).unwrap();
    std::fs::write(dir.path().join("csr.pem"), "old csr").unwrap();
    let o = csrkit(dir.path(), &["generate"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("csr.pem")).unwrap(),
        "old csr"
    );
    assert!(
        !dir.path().join("key.pem").exists(),
        "no key is written when the CSR cannot be"
    );

    ok(&csrkit(dir.path(), &["generate", "--force"]));
    assert_eq!(
        openssl_req_verify(&dir.path().join("csr.pem"), false),
        Some(true)
    );
    let mode = std::fs::metadata(dir.path().join("key.pem"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn refused_values_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (args, field) in [
        (vec!["generate", "--country", "China"], "C"),
        (vec!["generate", "--cn", ""], "CN"),
        (vec!["generate", "--org", &"x".repeat(65)], "O"),
        (
            vec!["generate", "--san", "www.*.example.com"],
            "www.*.example.com",
        ),
        (vec!["generate", "--san", "ip:999.1.1.1"], "999.1.1.1"),
    ] {
        let o = csrkit(dir.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(field), "{args:?}: {err}");
        assert!(o.stdout.is_empty());
    }
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written"
    );
    for args in [
        vec!["generate", "--bogus"],
        vec!["generate", "--algorithm", "rsa1024"],
        vec!["generate", "--profile", "root"],
        vec!["generate", "--json", "--csr-out", "-"],
        vec!["frobnicate"],
    ] {
        let o = csrkit(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", all_output(&o));
    }
}
