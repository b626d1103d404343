//! Every command that prints text, run on ordinary input (files OpenSSL made, names with
//! spaces and CJK), never prints an escaped line break (`\x0a`, `\x0d`): the escaper is
//! for what comes from files, and the line breaks and blank lines of the text views are
//! ours. A line break escaped in the output is one of ours that went through the escaper.

mod common;

use std::path::Path;

use common::*;

fn ossl(args: &[&str]) {
    let o = openssl(args);
    assert!(o.status.success(), "openssl {args:?}: {}", all_output(&o));
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `dir/STEM.key` and `dir/STEM.crt`, issued by the CA (`ca.key`, `ca.crt` in `work`).
fn leaf(work: &Path, dir: &Path, stem: &str, cn: &str, serial: &str) {
    let key = dir.join(format!("{stem}.key"));
    let csr = work.join(format!("{serial}.csr"));
    ossl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        s(&key),
    ]);
    ossl(&[
        "req",
        "-new",
        "-key",
        s(&key),
        "-subj",
        &format!("/CN={cn}"),
        "-out",
        s(&csr),
    ]);
    ossl(&[
        "x509",
        "-req",
        "-in",
        s(&csr),
        "-CA",
        s(&work.join("ca.crt")),
        "-CAkey",
        s(&work.join("ca.key")),
        "-set_serial",
        serial,
        "-days",
        "20",
        "-out",
        s(&dir.join(format!("{stem}.crt"))),
    ]);
}

#[test]
fn no_command_escapes_a_line_break_of_its_own() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let work = tmp.path();
    let dir = work.join("site files");
    std::fs::create_dir(&dir).expect("mkdir");
    ossl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        s(&work.join("ca.key")),
    ]);
    ossl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        s(&work.join("ca.key")),
        "-subj",
        "/CN=Newline Test CA",
        "-days",
        "60",
        "-set_serial",
        "0x01",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-out",
        s(&work.join("ca.crt")),
    ]);
    leaf(work, &dir, "web", "web.example.com", "0x0A11");
    leaf(work, &dir, "接口 api", "api.example.com", "0x7F01");
    let ca = std::fs::read_to_string(work.join("ca.crt")).expect("ca");
    let web = std::fs::read_to_string(dir.join("web.crt")).expect("web");
    std::fs::write(dir.join("fullchain.pem"), format!("{web}{ca}")).expect("write");
    std::fs::write(dir.join("chain.pem"), &ca).expect("write");
    let o = csrkit(
        &dir,
        &[
            "generate",
            "--cn",
            "csr.example.com",
            "--san",
            "csr.example.com",
            "--org",
            "示例 Org",
            "--csr-out",
            "gen.csr.pem",
            "--key-out",
            "gen.key.pem",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    let key_sha2 = {
        let spki = openssl_pubkey_der(&dir.join("gen.key.pem"), false);
        let o = std::process::Command::new("openssl")
            .args(["dgst", "-sha256", "-r"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().expect("stdin").write_all(&spki)?;
                c.wait_with_output()
            })
            .expect("openssl dgst runs");
        String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .next()
            .expect("digest")
            .to_string()
    };
    let responses = [
        ("listcsr.json", format!(r#"{{"CsrList": [{{"CsrId": 1, "Name": "gen", "KeySha2": "{key_sha2}"}}, {{"CsrId": 2, "KeySha2": "{}"}}], "TotalCount": 2}}"#, "ab".repeat(32))),
        ("listclient.json", r#"{"CertificateList": [{"Identifier": "x", "SerialNumber": "0a11"}, {"Identifier": "y", "SerialNumber": "99"}]}"#.to_string()),
        ("listcert.json", r#"{"List": [{"Id": "1", "SerialNumber": "7f01"}]}"#.to_string()),
        ("orders.json", r#"{"CertificateOrderList": [{"CertificateId": 14, "SerialNo": "0a11"}, {"OrderId": 7, "ProductName": "DV"}], "TotalCount": 2}"#.to_string()),
    ];
    for (name, body) in &responses {
        std::fs::write(work.join(name), body).expect("write");
    }
    let d = s(&dir);
    let w = |n: &str| work.join(n).to_str().expect("utf-8").to_string();
    let f = |n: &str| dir.join(n).to_str().expect("utf-8").to_string();
    let runs: Vec<Vec<String>> = vec![
        vec![
            "generate".into(),
            "--cn".into(),
            "two.example.com".into(),
            "--csr-out".into(),
            w("two.csr.pem"),
            "--key-out".into(),
            w("two.key.pem"),
        ],
        vec!["inspect".into(), f("gen.csr.pem")],
        vec!["inspect".into(), f("web.crt")],
        vec!["inspect".into(), f("fullchain.pem")],
        vec!["inspect".into(), f("gen.key.pem")],
        vec!["inspect".into(), f("gen.csr.pem"), f("接口 api.crt")],
        vec![
            "inspect".into(),
            f("web.crt"),
            "--issuer".into(),
            w("ca.crt"),
            "--key".into(),
            f("web.key"),
        ],
        vec!["verify".into(), f("gen.csr.pem")],
        vec![
            "verify".into(),
            f("gen.csr.pem"),
            "--key".into(),
            f("gen.key.pem"),
        ],
        vec![
            "verify".into(),
            f("web.crt"),
            "--issuer".into(),
            w("ca.crt"),
        ],
        vec!["verify".into(), f("fullchain.pem")],
        vec!["verify".into(), f("web.crt")],
        vec!["list".into(), d.into()],
        vec!["list".into(), "--certs".into(), d.into()],
        vec![
            "list".into(),
            "--certs".into(),
            "--expiring".into(),
            "30".into(),
            d.into(),
        ],
        vec!["reconcile".into(), w("listcsr.json"), d.into()],
        vec!["reconcile".into(), w("listclient.json"), d.into()],
        vec!["reconcile".into(), w("listcert.json"), d.into()],
        vec!["reconcile".into(), w("orders.json"), d.into()],
        vec![
            "renew".into(),
            f("web.crt"),
            "--key".into(),
            f("web.key"),
            "--csr-out".into(),
            w("web-renewed.csr.pem"),
        ],
        vec![
            "renew".into(),
            f("接口 api.crt"),
            "--new-key".into(),
            "p256".into(),
            "--csr-out".into(),
            w("api-renewed.csr.pem"),
            "--key-out".into(),
            w("api-renewed.key.pem"),
        ],
        vec![
            "renew".into(),
            d.into(),
            "--all".into(),
            "--same-key".into(),
            "--out".into(),
            w("same"),
        ],
        vec![
            "renew".into(),
            d.into(),
            "--expiring".into(),
            "30".into(),
            "--new-key".into(),
            "same".into(),
            "--out".into(),
            w("rekeyed"),
        ],
        vec![
            "upload-request".into(),
            f("gen.csr.pem"),
            "--key".into(),
            f("gen.key.pem"),
            "--name".into(),
            "gen".into(),
        ],
        vec!["upload-request".into(), f("gen.csr.pem")],
        // Ordinary mistakes: their messages are text too.
        vec!["inspect".into(), w("no such file.pem")],
        vec!["verify".into(), f("web.key")],
        vec![
            "upload-request".into(),
            f("gen.csr.pem"),
            "--key".into(),
            f("web.key"),
        ],
        vec!["reconcile".into(), f("web.crt"), d.into()],
    ];
    let mut commands = std::collections::BTreeSet::new();
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = csrkit(work, &args);
        let (out, err) = (
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr),
        );
        // 3: a check that could not be made (verify without the issuer).
        assert!(
            matches!(o.status.code(), Some(0 | 1 | 3)),
            "csrkit {args:?} exited {:?}:\n{out}{err}",
            o.status.code()
        );
        assert!(
            !(out.is_empty() && err.is_empty()),
            "csrkit {args:?} printed nothing"
        );
        for (stream, text) in [("stdout", &out), ("stderr", &err)] {
            for escaped in ["\\x0a", "\\x0d", "\\x0A", "\\x0D"] {
                assert!(
                    !text.contains(escaped),
                    "csrkit {args:?}: {escaped} on {stream}:\n{text}"
                );
            }
        }
        commands.insert(args[0]);
    }
    assert_eq!(
        commands.into_iter().collect::<Vec<_>>(),
        [
            "generate",
            "inspect",
            "list",
            "reconcile",
            "renew",
            "upload-request",
            "verify"
        ]
    );
}
