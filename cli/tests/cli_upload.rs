//! `csrkit upload-request`: the checked UploadCsr body, and its refusals.

mod common;

use common::*;

#[test]
fn cli_upload_request() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        csrkit(
            dir.path(),
            &[
                "generate",
                "--algorithm",
                "rsa2048",
                "--cn",
                "www.example.com"
            ]
        )
        .status
        .success()
    );
    let o = csrkit(
        dir.path(),
        &[
            "upload-request",
            "csr.pem",
            "--key",
            "key.pem",
            "--name",
            "web-01",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["Name"], "web-01");
    assert!(
        v["Key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----")
    );
    assert_eq!(
        v["Csr"].as_str().unwrap(),
        std::fs::read_to_string(dir.path().join("csr.pem")).unwrap()
    );

    assert!(
        csrkit(
            dir.path(),
            &["generate", "--csr-out", "b.csr", "--key-out", "b.key"]
        )
        .status
        .success()
    );
    for (args, needle) in [
        (
            vec!["upload-request", "csr.pem", "--name", "bad name"],
            "bad name",
        ),
        (vec!["upload-request", "csr.pem", "--key", "b.key"], "b.key"),
        (vec!["upload-request", "nope.pem"], "nope.pem"),
    ] {
        let o = csrkit(dir.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(o.stdout.is_empty());
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{err}");
    }
}
