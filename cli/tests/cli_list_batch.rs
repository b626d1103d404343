//! `csrkit batch` and `csrkit list` run as a user runs them: OpenSSL verifies every
//! batch CSR; list pages, filters, matches key files of every format, survives junk.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;
use serde_json::Value;

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        all_output(o)
    );
}

fn json(o: &Output) -> Value {
    ok(o);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", all_output(o)))
}

fn csr_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".csr.pem"))
        .collect();
    v.sort();
    v
}

#[test]
fn batch_of_hundreds_all_verify_with_openssl() {
    let dir = tempfile::tempdir().unwrap();
    for (alg, n) in [("ecc", 200), ("sm2", 200)] {
        let out = dir.path().join(alg);
        let o = csrkit(
            dir.path(),
            &[
                "batch",
                "--count",
                &n.to_string(),
                "--algorithm",
                alg,
                "--out",
                out.to_str().unwrap(),
                "--cn",
                "host-{i}.example.com",
                "--san",
                "dns:host-{i}.example.com",
                "--san",
                "ip:10.0.{i}.1",
                "--country",
                "CN",
                "--org",
                "Example Co",
                "--json",
            ],
        );
        // --san ip:10.0.{i}.1 is invalid past 255: keep n ≤ 255 for this test.
        let v = json(&o);
        assert_eq!(v["Written"], n);
        assert!(v["KeysPerSecond"].as_f64().unwrap() > 0.0);
        let csrs = csr_files(&out);
        assert_eq!(csrs.len(), n);
        for csr in &csrs {
            assert_eq!(
                openssl_req_verify(csr, alg == "sm2"),
                Some(true),
                "{}",
                csr.display()
            );
            let key = csr.to_string_lossy().replace(".csr.pem", ".key.pem");
            let mode = std::os::unix::fs::PermissionsExt::mode(
                &std::fs::metadata(&key).unwrap().permissions(),
            );
            assert_eq!(mode & 0o777, 0o600);
        }
        // Index substitution, checked through OpenSSL on one of them.
        let text = openssl_req_text(&out.join("host-7_example_com.csr.pem"));
        assert!(
            text.contains("CN=host-7.example.com") || text.contains("CN = host-7.example.com"),
            "{text}"
        );
        assert!(
            text.contains("DNS:host-7.example.com") && text.contains("IP Address:10.0.7.1"),
            "{text}"
        );
        // No temporary files left.
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2 * n);
    }
}

#[test]
fn batch_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("web.key.pem"), "precious key").unwrap();
    std::fs::write(out.join("web-2.csr.pem"), "precious csr").unwrap();
    ok(&csrkit(
        dir.path(),
        &["batch", "--count", "3", "--out", "out", "--cn", "web"],
    ));
    assert_eq!(
        std::fs::read_to_string(out.join("web.key.pem")).unwrap(),
        "precious key"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("web-2.csr.pem")).unwrap(),
        "precious csr"
    );
    // The three new pairs took web-3, web-4, web-5 (web and web-2 are partly taken).
    for n in ["web-3", "web-4", "web-5"] {
        assert!(
            out.join(format!("{n}.csr.pem")).exists() && out.join(format!("{n}.key.pem")).exists(),
            "{n}"
        );
    }
    assert!(!out.join("web.csr.pem").exists() && !out.join("web-2.key.pem").exists());
    // A bad template is refused before any key is made.
    let o = csrkit(
        dir.path(),
        &[
            "batch",
            "--count",
            "2",
            "--out",
            "out2",
            "--cn",
            "x",
            "--country",
            "China",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.path().join("out2").exists());
    let o = csrkit(dir.path(), &["batch", "--count", "0", "--out", "out3"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A folder of 30 ECC and 10 SM2 CSRs with keys in every format, some keys missing,
/// junk files, a broken symlink, a FIFO and a symlink loop.
fn inventory(dir: &Path) -> Vec<String> {
    ok(&csrkit(
        dir,
        &[
            "batch",
            "--count",
            "30",
            "--out",
            "inv",
            "--cn",
            "web{i}.example.com",
            "--san",
            "api{i}.example.org",
        ],
    ));
    ok(&csrkit(
        dir,
        &[
            "batch",
            "--count",
            "10",
            "--algorithm",
            "sm2",
            "--out",
            "inv/sm2",
            "--cn",
            "gm{i}.example.cn",
        ],
    ));
    let inv = dir.join("inv");
    // Keys: web1..web10 stay PKCS#8; web11..web15 → PKCS#1? (ECC has no PKCS#1) → SEC1 PEM;
    // web16..web20 → SEC1 DER; web21..web30 removed. SM2: gm1..gm5 → SEC1, gm6..gm10 removed.
    let mut with_key = Vec::new();
    for i in 1..=30 {
        let k = inv.join(format!("web{i}_example_com.key.pem"));
        match i {
            1..=10 => {}
            11..=15 => {
                let o = openssl(&[
                    "ec",
                    "-in",
                    k.to_str().unwrap(),
                    "-out",
                    inv.join(format!("web{i}.sec1.pem")).to_str().unwrap(),
                ]);
                ok(&o);
                std::fs::remove_file(&k).unwrap();
            }
            16..=20 => {
                let o = openssl(&[
                    "ec",
                    "-in",
                    k.to_str().unwrap(),
                    "-outform",
                    "DER",
                    "-out",
                    inv.join(format!("keys-web{i}.der")).to_str().unwrap(),
                ]);
                ok(&o);
                std::fs::remove_file(&k).unwrap();
            }
            _ => std::fs::remove_file(&k).unwrap(),
        }
        if i <= 20 {
            with_key.push(format!("web{i}_example_com"));
        }
    }
    for i in 1..=10 {
        let k = inv.join(format!("sm2/gm{i}_example_cn.key.pem"));
        if i <= 5 {
            let o = openssl(&[
                "ec",
                "-in",
                k.to_str().unwrap(),
                "-out",
                inv.join(format!("sm2/gm{i}.ec.pem")).to_str().unwrap(),
            ]);
            ok(&o);
            std::fs::remove_file(&k).unwrap();
            with_key.push(format!("gm{i}_example_cn"));
        } else {
            std::fs::remove_file(&k).unwrap();
        }
    }
    // An RSA CSR whose key is PKCS#1 (made by OpenSSL).
    let rsa_key = inv.join("legacy.rsa.pem");
    ok(&openssl(&[
        "genrsa",
        "-traditional",
        "-out",
        rsa_key.to_str().unwrap(),
        "2048",
    ]));
    ok(&openssl(&[
        "req",
        "-new",
        "-key",
        rsa_key.to_str().unwrap(),
        "-subj",
        "/CN=legacy.example.net",
        "-out",
        inv.join("legacy.csr").to_str().unwrap(),
    ]));
    with_key.push("legacy".to_string());
    std::fs::write(inv.join("README.txt"), "not a csr").unwrap();
    std::fs::write(inv.join("random.bin"), [0x17u8, 0x99, 0x02, 0xff, 0x00]).unwrap();
    std::fs::write(inv.join("empty.pem"), "").unwrap();
    std::fs::copy(vectors().join("cert/rsa-ca.pem"), inv.join("a-cert.pem")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/target", inv.join("dangling.pem")).unwrap();
    std::os::unix::fs::symlink("..", inv.join("sm2/loop")).unwrap();
    let fifo = inv.join("pipe.pem");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    with_key.sort();
    with_key
}

#[test]
fn list_pages_filters_and_matches_keys() {
    let dir = tempfile::tempdir().unwrap();
    let with_key = inventory(dir.path());
    let list = |extra: &[&str]| {
        let mut args = vec!["list", "inv", "--json"];
        args.extend_from_slice(extra);
        json(&csrkit(dir.path(), &args))
    };

    // Everything on one page: 41 CSRs, HasPrivateKey exactly for those with a key file.
    let all = list(&["--size", "1000"]);
    assert_eq!(all["TotalCount"], 41);
    assert_eq!(all["PageCount"], 1);
    let entries = all["CsrList"].as_array().unwrap();
    assert_eq!(entries.len(), 41);
    let mut have: Vec<String> = entries
        .iter()
        .filter(|e| e["HasPrivateKey"] == true)
        .map(|e| e["Name"].as_str().unwrap().to_string())
        .collect();
    have.sort();
    assert_eq!(have, with_key);
    for e in entries {
        assert_eq!(e["SignatureValid"], true, "{e}");
        for key in [
            "Kind",
            "Algorithm",
            "KeySize",
            "KeySha2",
            "CommonName",
            "Sans",
            "SanEntries",
            "SubjectDN",
            "SignAlgorithm",
            "Sha2",
            "Md5",
            "HasPrivateKey",
            "Name",
        ] {
            assert!(e.get(key).is_some(), "{key} missing in {e}");
        }
    }
    // KeySha2 of one entry as OpenSSL computes it from the CSR.
    let e = entries.iter().find(|e| e["Name"] == "legacy").unwrap();
    let pubkey = openssl(&[
        "req",
        "-in",
        dir.path().join("inv/legacy.csr").to_str().unwrap(),
        "-noout",
        "-pubkey",
    ]);
    std::fs::write(dir.path().join("legacy.pub"), &pubkey.stdout).unwrap();
    let der = openssl(&[
        "pkey",
        "-pubin",
        "-in",
        dir.path().join("legacy.pub").to_str().unwrap(),
        "-outform",
        "DER",
    ]);
    assert_eq!(e["KeySha2"], csrkit::fingerprint::sha256_hex(&der.stdout));

    // Paging: stable order by path, first page, a middle page, past the end.
    let p1 = list(&["--size", "10"]);
    assert_eq!(
        (
            p1["CurrentPage"].as_u64(),
            p1["ShowSize"].as_u64(),
            p1["PageCount"].as_u64()
        ),
        (Some(1), Some(10), Some(5))
    );
    let names = |v: &Value, key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["Name"].as_str().unwrap().to_string())
            .collect()
    };
    let all_names = names(&all, "CsrList");
    assert_eq!(names(&p1, "CsrList"), all_names[..10]);
    let p3 = list(&["--size", "10", "--page", "3"]);
    assert_eq!(names(&p3, "CsrList"), all_names[20..30]);
    let p5 = list(&["--size", "10", "--page", "5"]);
    assert_eq!(names(&p5, "CsrList"), all_names[40..]);
    let p9 = list(&["--size", "10", "--page", "9"]);
    assert_eq!(p9["CsrList"].as_array().unwrap().len(), 0);
    assert_eq!(p9["TotalCount"], 41);

    // Filters.
    let by_cn = list(&["--keyword", "WEB1"]);
    assert_eq!(by_cn["TotalCount"], 11, "web1, web10..web19");
    let by_san = list(&["--keyword", "api7.example.org"]);
    assert_eq!(names(&by_san, "CsrList"), ["web7_example_com"]);
    let sha = e["KeySha2"].as_str().unwrap();
    let by_sha = list(&["--keyword", &sha[..12]]);
    assert_eq!(names(&by_sha, "CsrList"), ["legacy"]);
    let by_name = list(&["--keyword", "gm3_"]);
    assert_eq!(names(&by_name, "CsrList"), ["gm3_example_cn"]);
    assert_eq!(list(&["--algorithm", "SM2"])["TotalCount"], 10);
    assert_eq!(list(&["--algorithm", "RSA"])["TotalCount"], 1);
    assert_eq!(list(&["--algorithm", "ECC"])["TotalCount"], 30);
    let none = list(&["--keyword", "no-such-thing"]);
    assert_eq!(
        (none["TotalCount"].as_u64(), none["PageCount"].as_u64()),
        (Some(0), Some(0))
    );

    // Certificates: the ListClientCertificate shape.
    let certs = list(&["--certs"]);
    assert_eq!(certs["TotalCount"], 1);
    let c = &certs["CertificateList"][0];
    assert_eq!(c["Name"], "a-cert");
    for key in [
        "SerialNumber",
        "SubjectDN",
        "Sans",
        "BeforeDate",
        "AfterDate",
        "Days",
        "CertificateType",
        "X509Certificate",
        "Sha2",
    ] {
        assert!(c.get(key).is_some(), "{key} missing in {c}");
    }
    assert!(certs.get("CsrList").is_none());

    // Junk and unreadable files are reported on stderr, never fatal; the text view names key files.
    let o = csrkit(dir.path(), &["list", "inv", "--size", "100"]);
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("skipped"), "{err}");
    assert!(err.contains("dangling.pem"), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("legacy.rsa.pem"), "{out}");
    assert!(out.contains("web12.sec1.pem"), "{out}");
    assert!(out.contains("page 1 of 1 (41 CSRs"), "{out}");

    // Bounds and a missing folder.
    assert_eq!(
        csrkit(dir.path(), &["list", "inv", "--size", "1001"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        csrkit(dir.path(), &["list", "inv", "--page", "0"])
            .status
            .code(),
        Some(2)
    );
    let o = csrkit(dir.path(), &["list", "missing-dir"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing-dir"));
}

#[test]
fn completions_and_help() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let o = csrkit(dir.path(), &["completions", shell]);
        ok(&o);
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("csrkit"),
            "{shell}"
        );
    }
    for sub in [
        "generate",
        "inspect",
        "verify",
        "list",
        "batch",
        "upload-request",
        "completions",
    ] {
        let o = csrkit(dir.path(), &[sub, "--help"]);
        ok(&o);
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Example"),
            "{sub} --help has an example"
        );
    }
}
