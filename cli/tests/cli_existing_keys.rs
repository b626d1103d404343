//! What users already have: CSRs for keys OpenSSL made (every format it writes), renewal
//! of OpenSSL-made certificates with unusual subjects, subjects typed in both forms.
//! Every expectation comes from OpenSSL (or keytool), never from csrkit.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::*;

fn ok(args: &[&str]) -> std::process::Output {
    let o = openssl(args);
    assert!(o.status.success(), "openssl {args:?}: {}", all_output(&o));
    o
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `openssl req -pubkey` of a CSR, as DER.
fn csr_pubkey_der(csr: &Path, dir: &Path) -> Vec<u8> {
    let pem = ok(&["req", "-in", s(csr), "-noout", "-pubkey"]).stdout;
    let p = dir.join("csr-pub.pem");
    std::fs::write(&p, pem).unwrap();
    ok(&["pkey", "-pubin", "-in", s(&p), "-outform", "DER"]).stdout
}

/// The key files OpenSSL writes, each with the `openssl` arguments that made it and the
/// password it was encrypted with (if any).
fn openssl_keys(dir: &Path) -> Vec<(PathBuf, Option<&'static str>, bool)> {
    let mut out = Vec::new();
    let mut make = |name: &str, args: &[&str], pw: Option<&'static str>, sm2: bool| {
        let path = dir.join(name);
        let mut a: Vec<&str> = vec![args[0], "-out", s(&path)];
        a.extend(&args[1..]);
        ok(&a);
        out.push((path, pw, sm2));
    };
    make("rsa2048-pkcs8.pem", &["genrsa", "2048"], None, false);
    make(
        "rsa3072-pkcs1.pem",
        &["genrsa", "-traditional", "3072"],
        None,
        false,
    );
    make(
        "p256-sec1-params.pem",
        &["ecparam", "-name", "prime256v1", "-genkey"],
        None,
        false,
    );
    make(
        "p384.pem",
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-384",
        ],
        None,
        false,
    );
    make(
        "p521.pem",
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-521",
        ],
        None,
        false,
    );
    make("sm2.pem", &["genpkey", "-algorithm", "SM2"], None, true);
    // SM4-CBC as OpenSSL writes it: PBKDF2 with its default PRF, hmacWithSHA256 (GmSSL
    // uses HMAC-SM3).
    make(
        "sm2-sm4.pem",
        &[
            "genpkey",
            "-algorithm",
            "SM2",
            "-sm4-cbc",
            "-pass",
            "pass:pw-sm4-3",
        ],
        Some("pw-sm4-3"),
        true,
    );
    make(
        "p384-aes.pem",
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-384",
            "-aes-256-cbc",
            "-pass",
            "pass:pw-aes-1",
        ],
        Some("pw-aes-1"),
        false,
    );
    // scrypt: pkcs8 -topk8 -scrypt from a plain key.
    let plain = dir.join("rsa-for-scrypt.pem");
    ok(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        s(&plain),
    ]);
    make(
        "rsa-scrypt.pem",
        &[
            "pkcs8",
            "-topk8",
            "-scrypt",
            "-in",
            s(&plain),
            "-passout",
            "pass:pw-scrypt-2",
        ],
        Some("pw-scrypt-2"),
        false,
    );
    // SM4-CBC with PBKDF2-HMAC-SHA1, which OpenSSL writes as an absent PRF (RFC 8018's
    // default).
    let sm2 = dir.join("sm2.pem");
    make(
        "sm2-sm4-sha1.pem",
        &[
            "pkcs8",
            "-topk8",
            "-v2",
            "sm4-cbc",
            "-v2prf",
            "hmacWithSHA1",
            "-in",
            s(&sm2),
            "-passout",
            "pass:pw-sm4-4",
        ],
        Some("pw-sm4-4"),
        true,
    );
    // SEC1 P-384 as DER, and a P-521 in SEC1 PEM.
    let p384 = dir.join("p384.pem");
    make(
        "p384-sec1.der",
        &["ec", "-in", s(&p384), "-outform", "DER"],
        None,
        false,
    );
    let p521 = dir.join("p521.pem");
    make("p521-sec1.pem", &["ec", "-in", s(&p521)], None, false);
    out
}

#[test]
fn generate_key_signs_with_every_key_openssl_writes() {
    let d = tempfile::tempdir().unwrap();
    let keys = openssl_keys(d.path());
    for (i, (key, pw, sm2)) in keys.iter().enumerate() {
        let before = std::fs::read(key).unwrap();
        let mode = std::fs::metadata(key).unwrap().permissions().mode();
        let csr = d.path().join(format!("csr{i}.pem"));
        let mut args = vec![
            "generate",
            "--key",
            s(key),
            "--cn",
            "existing.example.com",
            "--csr-out",
            s(&csr),
        ];
        let pw_file = d.path().join(format!("pw{i}.txt"));
        if let Some(pw) = pw {
            std::fs::write(&pw_file, format!("{pw}\n")).unwrap();
            args.extend(["--key-password-file", s(&pw_file)]);
        }
        let o = csrkit(d.path(), &args);
        assert!(o.status.success(), "{}: {}", key.display(), all_output(&o));
        assert_eq!(
            openssl_req_verify(&csr, *sm2),
            Some(true),
            "{}",
            key.display()
        );
        // The CSR's public key is the key's, as OpenSSL derives it.
        let mut pkey = vec!["pkey", "-in", s(key), "-pubout", "-outform", "DER"];
        let pass_arg = pw.map(|p| format!("pass:{p}"));
        if let Some(p) = &pass_arg {
            pkey.extend(["-passin", p]);
        }
        if key.extension().is_some_and(|e| e == "der") {
            pkey.extend(["-inform", "DER"]);
        }
        let want = ok(&pkey).stdout;
        assert_eq!(csr_pubkey_der(&csr, d.path()), want, "{}", key.display());
        // The key file was only read.
        assert_eq!(std::fs::read(key).unwrap(), before, "{}", key.display());
        assert_eq!(std::fs::metadata(key).unwrap().permissions().mode(), mode);
        // The signature algorithm is the one csrkit signs with for that key type.
        let text = openssl_req_text(&csr);
        let sig = if key.to_str().unwrap().contains("p384") {
            "ecdsa-with-SHA384"
        } else if key.to_str().unwrap().contains("p521") {
            "ecdsa-with-SHA512"
        } else if *sm2 {
            "SM2-with-SM3"
        } else if key.to_str().unwrap().contains("rsa") {
            "sha256WithRSAEncryption"
        } else {
            "ecdsa-with-SHA256"
        };
        assert!(text.contains(sig), "{}: {sig} in {text}", key.display());
    }
    assert!(keys.len() >= 10);
}

#[test]
fn weak_keys_and_empty_requests_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let weak = d.path().join("rsa1024.pem");
    ok(&["genrsa", "-out", s(&weak), "1024"]);
    let o = csrkit(
        d.path(),
        &["generate", "--key", s(&weak), "--cn", "x.example.com"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("rsa1024.pem") && err.contains("1024 bits"),
        "{err}"
    );
    assert!(!d.path().join("csr.pem").exists());
    // Inspection still reads the key's size: a CSR OpenSSL made with it.
    let csr = d.path().join("weak.csr");
    ok(&[
        "req",
        "-new",
        "-key",
        s(&weak),
        "-subj",
        "/CN=weak",
        "-out",
        s(&csr),
    ]);
    let o = csrkit(d.path(), &["inspect", "--json", s(&csr)]);
    assert!(o.status.success(), "{}", all_output(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["KeySize"], 1024);

    // An empty subject and no SAN: nothing to certify.
    let key = d.path().join("p256.pem");
    ok(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        s(&key),
    ]);
    let o = csrkit(d.path(), &["generate", "--key", s(&key), "--subject", "/"]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("empty subject"),
        "{}",
        all_output(&o)
    );
    // ... while an empty subject with a SAN is a valid request (RFC 5280 4.2.1.6).
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--key",
            s(&key),
            "--subject",
            "/",
            "--san",
            "only.example.com",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    assert_eq!(
        openssl_req_verify(&d.path().join("csr.pem"), false),
        Some(true)
    );
}

/// The DER of the subject of a certificate or CSR, cut out at the offsets
/// `openssl asn1parse` gives (the 6th element of the TBS for a certificate, the 2nd of
/// the request info for a CSR).
fn subject_der(file: &Path, csr: bool) -> Vec<u8> {
    let kind = if csr { "req" } else { "x509" };
    let der = ok(&[kind, "-in", s(file), "-outform", "DER"]).stdout;
    let tmp = file.with_extension("der");
    std::fs::write(&tmp, &der).unwrap();
    let listing =
        String::from_utf8(ok(&["asn1parse", "-inform", "DER", "-in", s(&tmp)]).stdout).unwrap();
    let want = if csr { 2 } else { 6 };
    let mut n = 0;
    for line in listing.lines() {
        // "   26:d=2  hl=2 l=  69 cons: SEQUENCE"
        let Some((off, rest)) = line.split_once(":d=") else {
            continue;
        };
        if !rest.starts_with("2 ") {
            continue;
        }
        n += 1;
        if n == want {
            let off: usize = off.trim().parse().unwrap();
            let hl: usize = rest
                .split("hl=")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let l: usize = rest
                .split("l=")
                .nth(2)
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .parse()
                .unwrap();
            return der[off..off + hl + l].to_vec();
        }
    }
    panic!("no subject in {listing}");
}

fn text_section(text: &str, heading: &str) -> String {
    let mut lines = text.lines().skip_while(|l| !l.contains(heading));
    let _ = lines.next();
    lines.next().unwrap_or_default().trim().to_string()
}

#[test]
fn renew_keeps_unusual_subjects_byte_for_byte() {
    let d = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        // (name, -subj, string_mask)
        (
            "order",
            "/C=CN/O=Example Corp/OU=Ops/L=Hangzhou/ST=Zhejiang/CN=order.example.com",
            "utf8only",
        ),
        (
            "dc",
            "/DC=com/DC=example/O=Example/CN=dc.example.com",
            "utf8only",
        ),
        (
            "serial",
            "/C=DE/serialNumber=HRB 12345/O=Example GmbH/CN=serial.example.de/emailAddress=pki@example.de",
            "utf8only",
        ),
        (
            "multi",
            "/C=CN/O=Example/OU=Ops+UID=42/CN=multi.example.com",
            "utf8only",
        ),
        (
            "bmp",
            "/C=CN/O=阿里云计算有限公司/CN=bmp.example.com",
            "MASK:0x800",
        ),
        (
            "printable",
            "/C=US/O=Printable Inc/CN=printable.example.com",
            "default",
        ),
    ];
    for (name, subj, mask) in cases {
        let cnf = d.path().join(format!("{name}.cnf"));
        std::fs::write(
            &cnf,
            format!("[req]\ndistinguished_name = dn\nstring_mask = {mask}\n[dn]\n"),
        )
        .unwrap();
        let key = d.path().join(format!("{name}.key"));
        let cert = d.path().join(format!("{name}.crt"));
        ok(&[
            "req",
            "-x509",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            s(&key),
            "-out",
            s(&cert),
            "-days",
            "30",
            "-config",
            s(&cnf),
            "-utf8",
            "-multivalue-rdn",
            "-subj",
            subj,
            "-addext",
            "subjectAltName=DNS:www.example.com,IP:192.0.2.1,email:pki@example.com,URI:https://example.com/x,IP:2001:db8::1",
            "-addext",
            "keyUsage=critical,digitalSignature",
            "-addext",
            "extendedKeyUsage=serverAuth,clientAuth",
        ]);
        let csr = d.path().join(format!("{name}.csr"));
        let o = csrkit(
            d.path(),
            &["renew", s(&cert), "--key", s(&key), "--csr-out", s(&csr)],
        );
        assert!(o.status.success(), "{name}: {}", all_output(&o));
        assert_eq!(openssl_req_verify(&csr, false), Some(true), "{name}");
        // The subject, byte for byte, cut out by OpenSSL's offsets.
        assert_eq!(
            subject_der(&csr, true),
            subject_der(&cert, false),
            "{name}: subject DER"
        );
        // The same SANs and EKU, as OpenSSL prints them for each.
        let x =
            String::from_utf8(ok(&["x509", "-in", s(&cert), "-noout", "-text"]).stdout).unwrap();
        let r = openssl_req_text(&csr);
        for heading in [
            "X509v3 Subject Alternative Name",
            "X509v3 Extended Key Usage",
            "X509v3 Key Usage",
        ] {
            let (a, b) = (text_section(&x, heading), text_section(&r, heading));
            assert!(!a.is_empty() && a == b, "{name}: {heading}: {a:?} vs {b:?}");
        }
        // Nothing a CA adds.
        assert!(
            !r.contains("Subject Key Identifier") && !r.contains("Authority Key Identifier"),
            "{r}"
        );
        // The key file: a CSR for the same key.
        let pk = ok(&["pkey", "-in", s(&key), "-pubout", "-outform", "DER"]).stdout;
        assert_eq!(csr_pubkey_der(&csr, d.path()), pk, "{name}");
    }
}

#[test]
fn renew_with_a_new_key_or_a_wrong_key() {
    let d = tempfile::tempdir().unwrap();
    let key = d.path().join("old.key");
    let cert = d.path().join("old.crt");
    ok(&[
        "req",
        "-x509",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&key),
        "-out",
        s(&cert),
        "-days",
        "3",
        "-subj",
        "/C=CN/O=Example/CN=rekey.example.com",
        "-addext",
        "subjectAltName=DNS:rekey.example.com",
    ]);
    // A key that is not the certificate's: exit 1, both files named, nothing written.
    let other = d.path().join("other.key");
    ok(&["genrsa", "-out", s(&other), "2048"]);
    let o = csrkit(d.path(), &["renew", s(&cert), "--key", s(&other)]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("other.key") && err.contains("old.crt"),
        "{err}"
    );
    assert!(!d.path().join("csr.pem").exists());
    // Neither or both of --key/--new-key: usage errors.
    assert_eq!(
        csrkit(d.path(), &["renew", s(&cert)]).status.code(),
        Some(2)
    );
    assert_eq!(
        csrkit(
            d.path(),
            &["renew", s(&cert), "--key", s(&key), "--new-key", "p384"]
        )
        .status
        .code(),
        Some(2)
    );
    // Rekey: a new P-384 key (0600), the old subject.
    let o = csrkit(
        d.path(),
        &[
            "renew",
            s(&cert),
            "--new-key",
            "p384",
            "--key-out",
            "new.key",
            "--csr-out",
            "new.csr",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    let new_key = d.path().join("new.key");
    assert_eq!(
        std::fs::metadata(&new_key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let csr = d.path().join("new.csr");
    assert_eq!(openssl_req_verify(&csr, false), Some(true));
    assert_eq!(subject_der(&csr, true), subject_der(&cert, false));
    let pk = ok(&["pkey", "-in", s(&new_key), "-pubout", "-outform", "DER"]).stdout;
    assert_eq!(csr_pubkey_der(&csr, d.path()), pk);
    assert!(openssl_req_text(&csr).contains("ecdsa-with-SHA384"));
    // --san and --profile replace what was carried over.
    let o = csrkit(
        d.path(),
        &[
            "renew",
            s(&cert),
            "--key",
            s(&key),
            "--san",
            "other.example.com",
            "--profile",
            "client",
            "--csr-out",
            "replaced.csr",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    let r = openssl_req_text(&d.path().join("replaced.csr"));
    assert!(
        r.contains("DNS:other.example.com") && !r.contains("DNS:rekey.example.com"),
        "{r}"
    );
    assert!(r.contains("TLS Web Client Authentication"), "{r}");
}

#[test]
fn subjects_typed_in_both_forms_come_back_from_openssl() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        (
            "CN=www.example.com,OU=Ops,O=Acme\\, Inc.,C=CN",
            "CN=www.example.com,OU=Ops,O=Acme\\, Inc.,C=CN",
        ),
        (
            "/C=CN/O=Acme/CN=www.example.com",
            "CN=www.example.com,O=Acme,C=CN",
        ),
        (
            "/C=DE/jurisdictionC=DE/businessCategory=Private Organization/serialNumber=HRB 1/CN=ev.example.de",
            "CN=ev.example.de,serialNumber=HRB 1,businessCategory=Private Organization,jurisdictionC=DE,C=DE",
        ),
        (
            "/DC=com/DC=example/CN=a+UID=7",
            "CN=a+UID=7,DC=example,DC=com",
        ),
        (
            "/C=CN/O=阿里云/OU=a\\/b/CN=x.example.com",
            "CN=x.example.com,OU=a/b,O=阿里云,C=CN",
        ),
    ];
    for (i, (typed, want)) in cases.iter().enumerate() {
        let csr = d.path().join(format!("s{i}.csr"));
        let o = csrkit(
            d.path(),
            &[
                "generate",
                "--subject",
                typed,
                "--san",
                "x.example.com",
                "--csr-out",
                s(&csr),
                "--key-out",
                &format!("k{i}.pem"),
            ],
        );
        assert!(o.status.success(), "{typed}: {}", all_output(&o));
        let got = openssl_req_subject(&csr);
        let got_cmp = got.replace("UID=7+CN=a", "CN=a+UID=7");
        assert_eq!(&got_cmp, want, "{typed}");
    }
    // Errors name the attribute and the position.
    for (bad, part) in [
        ("/C=CN/XYZ=1", "at character 7"),
        ("/C=china/CN=a", "C"),
        ("CN=a,,O=b", "at character"),
    ] {
        let o = csrkit(
            d.path(),
            &[
                "generate",
                "--subject",
                bad,
                "--csr-out",
                "bad.csr",
                "--key-out",
                "bad.key",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{bad}: {}", all_output(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("--subject") && err.contains(part),
            "{bad}: {err}"
        );
    }
    // --subject with a single-field flag: a usage error.
    assert_eq!(
        csrkit(d.path(), &["generate", "--subject", "/CN=a", "--cn", "b"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn keytool_reads_a_p384_csr() {
    let d = tempfile::tempdir().unwrap();
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--algorithm",
            "p384",
            "--subject",
            "CN=java.example.com,O=Acme,C=CN",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    assert_eq!(
        openssl_req_verify(&d.path().join("csr.pem"), false),
        Some(true)
    );
    let o = std::process::Command::new("keytool")
        .args(["-printcertreq", "-file", s(&d.path().join("csr.pem"))])
        .output()
        .expect("keytool (JDK 17) is installed: .ci/run installs it");
    let text = all_output(&o);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("CN=java.example.com, O=Acme, C=CN"), "{text}");
    assert!(text.contains("SHA384withECDSA"), "{text}");
    assert!(
        text.contains("384-bit EC") || text.contains("secp384r1"),
        "{text}"
    );
}

#[test]
fn p384_and_p521_keys_are_matched_by_list_verify_and_upload_request() {
    let d = tempfile::tempdir().unwrap();
    for (curve, name) in [("P-384", "p384"), ("P-521", "p521")] {
        let key = d.path().join(format!("{name}.key.pem"));
        ok(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            &format!("ec_paramgen_curve:{curve}"),
            "-out",
            s(&key),
        ]);
        // A CSR OpenSSL made for the key, and one csrkit made.
        let theirs = d.path().join(format!("{name}-openssl.csr.pem"));
        ok(&[
            "req",
            "-new",
            "-key",
            s(&key),
            "-subj",
            &format!("/CN={name}.example.com"),
            "-out",
            s(&theirs),
        ]);
        let ours = d.path().join(format!("{name}.csr.pem"));
        let o = csrkit(
            d.path(),
            &[
                "generate",
                "--key",
                s(&key),
                "--cn",
                &format!("{name}.example.com"),
                "--csr-out",
                s(&ours),
            ],
        );
        assert!(o.status.success(), "{}", all_output(&o));
        for csr in [&theirs, &ours] {
            let o = csrkit(d.path(), &["verify", s(csr), "--key", s(&key)]);
            assert!(o.status.success(), "{}: {}", csr.display(), all_output(&o));
            let o = csrkit(
                d.path(),
                // Alibaba Cloud CAS takes P-256 only: the lint error is let through.
                &[
                    "upload-request",
                    s(csr),
                    "--key",
                    s(&key),
                    "--name",
                    name,
                    "--allow-lint",
                    "key.curve_not_taken",
                ],
            );
            assert!(o.status.success(), "{}", all_output(&o));
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert!(
                v["Key"]
                    .as_str()
                    .unwrap()
                    .starts_with("-----BEGIN PRIVATE KEY-----")
            );
        }
    }
    let o = csrkit(d.path(), &["list", s(d.path()), "--json"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v["CsrList"].as_array().unwrap();
    assert_eq!(list.len(), 4);
    for e in list {
        assert_eq!(e["HasPrivateKey"], true, "{e}");
        assert_eq!(e["SignatureValid"], true, "{e}");
        assert!(e["KeySize"] == 384 || e["KeySize"] == 521, "{e}");
    }
}

#[test]
fn outputs_never_land_on_the_files_read() {
    let d = tempfile::tempdir().unwrap();
    let key = d.path().join("k.pem");
    ok(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        s(&key),
    ]);
    let before = std::fs::read(&key).unwrap();
    // The CSR over the key it was made with, even with --force: a usage error.
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--key",
            s(&key),
            "--csr-out",
            s(&key),
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    assert_eq!(std::fs::read(&key).unwrap(), before);
    // A new key and its CSR on one path.
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--key-out",
            "same.pem",
            "--csr-out",
            "same.pem",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    assert!(!d.path().join("same.pem").exists());
    // renew: the CSR over the certificate renewed.
    let cert = d.path().join("c.pem");
    ok(&[
        "req",
        "-x509",
        "-new",
        "-key",
        s(&key),
        "-subj",
        "/CN=c.example.com",
        "-days",
        "2",
        "-out",
        s(&cert),
    ]);
    let cert_before = std::fs::read(&cert).unwrap();
    let o = csrkit(
        d.path(),
        &[
            "renew",
            s(&cert),
            "--key",
            s(&key),
            "--csr-out",
            s(&cert),
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    assert_eq!(std::fs::read(&cert).unwrap(), cert_before);
    // --key-cipher without a password: a usage error, nothing written.
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--key-cipher",
            "sm4",
            "--key-out",
            "n.pem",
            "--csr-out",
            "n.csr",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    assert!(!d.path().join("n.pem").exists() && !d.path().join("n.csr").exists());
}

#[test]
fn renewing_a_certificate_without_usages_asks_for_none() {
    let d = tempfile::tempdir().unwrap();
    let key = d.path().join("k.pem");
    let cert = d.path().join("bare.crt");
    let cnf = d.path().join("bare.cnf");
    // No extensions at all (no system openssl.cnf section adds any).
    std::fs::write(&cnf, "[req]\ndistinguished_name = dn\n[dn]\n").unwrap();
    ok(&[
        "req",
        "-x509",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        s(&key),
        "-out",
        s(&cert),
        "-days",
        "2",
        "-config",
        s(&cnf),
        "-subj",
        "/CN=bare.example.com",
    ]);
    let x = String::from_utf8(ok(&["x509", "-in", s(&cert), "-noout", "-text"]).stdout).unwrap();
    assert!(
        !x.contains("X509v3 Key Usage") && !x.contains("Extended Key Usage"),
        "{x}"
    );
    let o = csrkit(
        d.path(),
        &["renew", s(&cert), "--key", s(&key), "--csr-out", "bare.csr"],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    let r = openssl_req_text(&d.path().join("bare.csr"));
    assert!(
        !r.contains("Key Usage") && !r.contains("Subject Alternative Name"),
        "{r}"
    );
}

#[test]
fn huawei_request_with_ec_p384() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("req.json"),
        r#"{"distinguished_name": {"common_name": "ca384", "country": "CN", "state": "GuangDong",
              "locality": "DongGuan", "organization": "Huawei", "organizational_unit": "PKI"},
            "key_algorithm": "EC-P384", "signature_algorithm": "SHA-384"}"#,
    )
    .unwrap();
    let o = csrkit(d.path(), &["generate", "--request", "req.json"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let csr = d.path().join("csr.pem");
    assert_eq!(openssl_req_verify(&csr, false), Some(true));
    let text = openssl_req_text(&csr);
    assert!(
        text.contains("ecdsa-with-SHA384") && text.contains("384 bit") && text.contains("CA:TRUE"),
        "{text}"
    );
}
