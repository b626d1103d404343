//! `csrkit lint`, and the lint that `generate`, `batch` and `upload-request` run on what
//! they make or send. What each vector breaks comes from vectors/lint/expected.json.

mod common;

use std::path::PathBuf;

use common::*;

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors")
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn text_json_exit_status() {
    let d = tempfile::tempdir().unwrap();
    let bad = vectors().join("lint/csr/csr-internal.pem");
    let good = vectors().join("lint/csr/ok-p256.pem");
    // Text: the file, then one line a finding.
    let o = csrkit(d.path(), &["lint", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let mut lines = out.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with("csr-internal.pem (CSR, CN=printer.local)"),
        "{out}"
    );
    assert!(out.contains("  error   san.internal_name  printer.local is not under a public suffix  (BR 4.2.2; BR 7.1.2.7.12)"), "{out}");
    // A compliant CSR: exit 0.
    let o = csrkit(d.path(), &["lint", s(&good)]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("no findings"));
    // JSON: {File, Kind, CommonName, Findings: [{Id, Severity, Message, Source, Zlint, Pkilint}]}.
    let o = csrkit(d.path(), &["lint", "--json", s(&bad), s(&good)]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["Kind"], "CSR");
    assert_eq!(v[0]["CommonName"], "printer.local");
    let f = v[0]["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["Id"] == "san.internal_name")
        .unwrap();
    assert_eq!(f["Severity"], "error");
    assert_eq!(f["Pkilint"], "cabf.internal_domain_name");
    assert_eq!(f["Zlint"], "e_dnsname_not_valid_tld");
    assert_eq!(v[1]["Findings"], serde_json::json!([]));
    // The private profile takes it; --min-severity hides notices.
    let o = csrkit(d.path(), &["lint", "--profile", "private", s(&bad)]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    // Usage errors: exit 2.
    assert_eq!(
        csrkit(d.path(), &["lint", "--profile", "nope", s(&bad)])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        csrkit(d.path(), &["lint", "--at", "15/03/2026", s(&bad)])
            .status
            .code(),
        Some(2)
    );
    let o = csrkit(
        d.path(),
        &[
            "lint",
            "--json",
            "--min-severity",
            "error",
            s(&vectors().join("lint/csr/csr-challenge-password.pem")),
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v[0]["Findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["Severity"] == "error")
    );
}

#[test]
fn folders_and_bundles_certificate_by_certificate() {
    let d = tempfile::tempdir().unwrap();
    let a = std::fs::read_to_string(vectors().join("lint/cert/san-internal.pem")).unwrap();
    let b = std::fs::read_to_string(vectors().join("lint/cert/ok-000.pem")).unwrap();
    std::fs::write(d.path().join("chain.pem"), format!("{a}{b}")).unwrap();
    std::fs::write(d.path().join("notes.txt"), "not a certificate").unwrap();
    let o = csrkit(
        d.path(),
        &["lint", "--json", "--at", "2026-04-02", s(d.path())],
    );
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["File"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files[0].ends_with("chain.pem") && files[1].ends_with("chain.pem#2"),
        "{files:?}"
    );
    assert_eq!(v[1]["Kind"], "CERTIFICATE");
    assert_eq!(v[1]["Findings"], serde_json::json!([]));
    assert!(String::from_utf8_lossy(&o.stderr).contains("skipped 1 file(s)"));
    // The whole vectors/lint/cert folder: one entry per file.
    let dir = vectors().join("lint/cert");
    let o = csrkit(d.path(), &["lint", "--json", "--at", "2026-04-02", s(&dir)]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        std::fs::read_dir(&dir).unwrap().count()
    );
}

#[test]
fn text_from_files_is_escaped() {
    let d = tempfile::tempdir().unwrap();
    let o = csrkit(
        d.path(),
        &[
            "lint",
            s(&vectors().join("hostile/csr-terminal-controls.der")),
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains('\x1b') && !out.contains('\u{202e}'), "{out}");
    assert!(out.contains("CN=\\x1b]0;pwned\\x07\\x1b[2J"), "{out}");
}

#[test]
fn generate_lints_what_it_makes() {
    let d = tempfile::tempdir().unwrap();
    // The default profile says, and refuses nothing.
    let o = csrkit(d.path(), &["generate"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("lint error san.internal_name: localhost is not under a public suffix"),
        "{e}"
    );
    assert!(e.contains("--lint-profile private for a private CA"), "{e}");
    // A profile given: refused, nothing written, unless --allow-lint names each error.
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--lint-profile",
            "cabf",
            "--csr-out",
            "r.csr",
            "--key-out",
            "r.key",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!d.path().join("r.csr").exists() && !d.path().join("r.key").exists());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("refused: 2 lint error(s); nothing written")
    );
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--lint-profile",
            "cabf",
            "--csr-out",
            "r.csr",
            "--key-out",
            "r.key",
            "--allow-lint",
            "san.internal_name",
            "--allow-lint",
            "subject.cn_internal_name",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(d.path().join("r.csr").exists());
    // The private profile: nothing to say about localhost.
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--lint-profile",
            "private",
            "--csr-out",
            "p.csr",
            "--key-out",
            "p.key",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    // An unknown id is a usage error.
    let o = csrkit(d.path(), &["generate", "--allow-lint", "no.such_rule"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn batch_and_upload_request_lint() {
    let d = tempfile::tempdir().unwrap();
    let o = csrkit(
        d.path(),
        &[
            "batch",
            "--count",
            "3",
            "--out",
            "b",
            "--cn",
            "host{i}.local",
            "--lint-profile",
            "cabf",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert!(!d.path().join("b").exists());
    assert!(String::from_utf8_lossy(&o.stderr).contains("(3 of 3 CSRs linted)"));
    let o = csrkit(
        d.path(),
        &[
            "batch",
            "--count",
            "2",
            "--out",
            "c",
            "--cn",
            "host{i}.example.com",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    // upload-request: the alibaba profile, errors refused.
    assert!(
        csrkit(
            d.path(),
            &["generate", "--csr-out", "l.csr", "--key-out", "l.key"]
        )
        .status
        .success()
    );
    let o = csrkit(
        d.path(),
        &["upload-request", "l.csr", "--key", "l.key", "--name", "t1"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("lint error san.internal_name"));
    let o = csrkit(
        d.path(),
        &[
            "upload-request",
            "l.csr",
            "--key",
            "l.key",
            "--name",
            "t1",
            "--allow-lint",
            "san.internal_name",
            "--allow-lint",
            "subject.cn_internal_name",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
}

#[test]
fn list_counts_and_filters_lint_findings() {
    let d = tempfile::tempdir().unwrap();
    assert!(
        csrkit(
            d.path(),
            &[
                "generate",
                "--cn",
                "www.example.com",
                "--csr-out",
                "good.csr",
                "--key-out",
                "good.key"
            ]
        )
        .status
        .success()
    );
    assert!(
        csrkit(
            d.path(),
            &[
                "generate",
                "--csr-out",
                "local.csr",
                "--key-out",
                "local.key"
            ]
        )
        .status
        .success()
    );
    let o = csrkit(d.path(), &["list", ".", "--json", "--lint", "cabf"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v["CsrList"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["Name"], "good");
    assert_eq!(list[0]["LintErrors"], 0);
    assert_eq!(list[1]["LintErrors"], 2); // san.internal_name, subject.cn_internal_name
    let o = csrkit(d.path(), &["list", ".", "--json", "--lint-errors"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["TotalCount"], 1);
    assert_eq!(v["CsrList"][0]["Name"], "local");
    // Without --lint, no lint fields.
    let o = csrkit(d.path(), &["list", ".", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["CsrList"][0].get("LintErrors").is_none());
}

#[test]
fn renew_lints_the_new_csr() {
    let d = tempfile::tempdir().unwrap();
    assert!(
        csrkit(
            d.path(),
            &["generate", "--csr-out", "old.csr", "--key-out", "old.key"]
        )
        .status
        .success()
    );
    let o = csrkit(
        d.path(),
        &[
            "renew",
            "old.csr",
            "--key",
            "old.key",
            "--csr-out",
            "new.csr",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("new.csr: lint error san.internal_name"));
    let o = csrkit(
        d.path(),
        &[
            "renew",
            "old.csr",
            "--key",
            "old.key",
            "--csr-out",
            "no.csr",
            "--lint-profile",
            "letsencrypt",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!d.path().join("no.csr").exists());
}

/// `renew DIR` lints every CSR it makes: findings said on stderr and in the JSON; under a
/// profile asked for, a CSR with an error is not written (skipped, with the
/// `--allow-lint` that lets it through) and the exit status is 1. The certificates are
/// OpenSSL's: `printer.local` (an internal name, BR 4.2.2) and `www.example.com`.
#[test]
fn renew_dir_lints_what_it_makes() {
    let d = tempfile::tempdir().unwrap();
    let certs = d.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    for cn in ["printer.local", "www.example.com"] {
        openssl_leaf(&certs, cn, 10);
    }
    let renew = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "renew",
            "certs",
            "--expiring",
            "30",
            "--same-key",
            "--out",
            out,
        ];
        args.extend(extra);
        csrkit(d.path(), &args)
    };
    let csrs = |out: &str| {
        let mut v: Vec<String> = std::fs::read_dir(d.path().join(out))
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };

    // cabf by default: said, nothing refused.
    let o = renew("a", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("printer.local.csr.pem: lint error san.internal_name"),
        "{err}"
    );
    assert!(
        !err.contains("www.example.com.csr.pem: lint error"),
        "{err}"
    );
    assert_eq!(
        csrs("a"),
        ["printer.local.csr.pem", "www.example.com.csr.pem"]
    );

    // The JSON carries each renewal's findings.
    let o = renew("b", &["--json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let printer = j["Renewed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["Csr"]
                .as_str()
                .unwrap()
                .ends_with("printer.local.csr.pem")
        })
        .unwrap();
    assert!(
        printer["Findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["Id"] == "san.internal_name" && f["Severity"] == "error"),
        "{printer}"
    );

    // Under a profile asked for: refused, not written, exit 1, and how to let it through.
    let o = renew("c", &["--lint-profile", "cabf"]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("printer.local.crt: skipped: refused:"),
        "{err}"
    );
    assert!(err.contains("--allow-lint san.internal_name"), "{err}");
    assert_eq!(csrs("c"), ["www.example.com.csr.pem"]);
    let o = renew("d", &["--lint-profile", "cabf", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["Skipped"][0]["Kind"], "Refused", "{j}");

    // Each error allowed by id: written.
    let ids: Vec<String> = printer["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["Severity"] == "error")
        .map(|f| f["Id"].as_str().unwrap().to_string())
        .collect();
    let mut extra = vec!["--lint-profile", "cabf"];
    for id in &ids {
        extra.extend(["--allow-lint", id.as_str()]);
    }
    let o = renew("e", &extra);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert_eq!(
        csrs("e"),
        ["printer.local.csr.pem", "www.example.com.csr.pem"]
    );
}
