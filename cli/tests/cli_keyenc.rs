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
        "req",
        "-x509",
        "-new",
        "-key",
        s(key),
        "-passin",
        &format!("pass:{PW}"),
        "-subj",
        &format!("/CN={cn}"),
        "-days",
        "30",
        "-out",
        s(out),
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
        &[
            "list",
            "certs",
            "--certs",
            "--json",
            "--key-password-file",
            s(&pw),
        ],
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
        assert_eq!(
            entry["KeyFile"].as_str(),
            Some(expected.as_str()),
            "{entry}"
        );
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
    for key in [
        "rsa2048-legacy-des3.pem",
        "sm2-pbes2-des3.pem",
        "p256-legacy-aes192.pem",
    ] {
        let csr = d.path().join(format!("{key}.csr"));
        let o = csrkit(
            d.path(),
            &[
                "generate",
                "--key",
                s(&keyenc(key)),
                "--key-password-file",
                s(&pw),
                "--cn",
                "legacy.example.com",
                "--csr-out",
                s(&csr),
            ],
        );
        assert!(o.status.success(), "{key}: {}", err(&o));
        assert_eq!(
            openssl_req_verify(&csr, key.starts_with("sm2")),
            Some(true),
            "{key}"
        );
        let j: Value =
            serde_json::from_slice(&std::fs::read(keyenc(key).with_extension("json")).unwrap())
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
                "generate",
                "--key",
                s(&keyenc(key)),
                "--cn",
                "legacy.example.com",
                "--csr-out",
                "-",
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

/// `inspect KEY --json` against OpenSSL for every form a key file takes: plain PKCS#8,
/// PKCS#1 and SEC1 (PEM and DER; `KeySha2` from `openssl pkey -pubout`), encrypted PKCS#8 of
/// every scheme and legacy encrypted PEM (`vectors/keyenc/`, values from OpenSSL), and
/// PKCS#12 bundles that hold only a key (pyca's, and two `openssl pkcs12 -export -nocerts`
/// writes now, default and `-legacy`).
#[test]
fn inspect_key_of_every_format_against_openssl() {
    let d = setup();
    let pw = d.path().join("pw");
    let inspect = |file: &Path, env_pw: Option<&str>| -> Value {
        let mut cmd = std::process::Command::new(csrkit_bin());
        cmd.args(["inspect", "--json", s(file)])
            .env("NO_COLOR", "1");
        if let Some(p) = env_pw {
            cmd.args(["--key-password-env", "KEY_PW"]).env("KEY_PW", p);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}: {}", file.display(), err(&o));
        serde_json::from_str(&out(&o)).unwrap()
    };
    let check = |v: &Value, file: &Path, alg: &str, bits: u64, sha2: &str, enc: bool, fmt: &str| {
        let expected = serde_json::json!({
            "Kind": "KEY", "Algorithm": alg, "KeySize": bits, "KeySha2": sha2,
            "Encrypted": enc, "Format": fmt,
        });
        assert_eq!(v, &expected, "{}", file.display());
    };
    let mut formats = std::collections::BTreeSet::new();

    // Plain keys: KeySha2 as `openssl pkey` computes it now, the form as `openssl
    // asn1parse` shows the structure (and the sidecar's `Format` agrees with it).
    for (path, j) in sidecars("key") {
        let der = j["Encoding"] == "der";
        let openssl_sha2 = sha256_hex(&openssl_pubkey_der(&path, der));
        let fmt = openssl_key_form(&path, der);
        assert_eq!(
            j["Format"].as_str().unwrap().to_ascii_lowercase(),
            fmt.to_ascii_lowercase().replace('#', ""),
            "{}: the sidecar's form",
            path.display()
        );
        let v = inspect(&path, None);
        check(
            &v,
            &path,
            j["Algorithm"].as_str().unwrap(),
            j["KeySize"].as_u64().unwrap(),
            &openssl_sha2,
            false,
            fmt,
        );
        formats.insert(fmt.to_string());
    }
    // Encrypted PKCS#8 and legacy PEM: OpenSSL's values from the sidecars.
    for (path, j) in sidecars("keyenc") {
        if j.get("Expect").is_some() || path.to_string_lossy().contains("haproxy") {
            continue;
        }
        let v = inspect(&path, Some(j["Password"].as_str().unwrap()));
        let fmt = j["Format"].as_str().unwrap();
        check(
            &v,
            &path,
            j["Algorithm"].as_str().unwrap(),
            j["KeySize"].as_u64().unwrap(),
            j["KeySha2"].as_str().unwrap(),
            true,
            fmt,
        );
        formats.insert(fmt.to_string());
    }
    // PKCS#12 with a key and no certificate.
    let p12 = vectors().join("pkcs12/pyca-no-cert-key-aes256cbc.p12");
    let j: Value =
        serde_json::from_slice(&std::fs::read(p12.with_extension("json")).unwrap()).unwrap();
    let v = inspect(&p12, Some(j["Password"].as_str().unwrap()));
    check(
        &v,
        &p12,
        j["KeyAlgorithm"].as_str().unwrap(),
        j["KeySize"].as_u64().unwrap(),
        j["KeySha2"].as_str().unwrap(),
        true,
        "PKCS#12",
    );
    for (key, legacy) in [
        ("sm2-legacy-aes128.pem", false),
        ("rsa2048-pbes2-des3.pem", true),
    ] {
        let out_p12 = d.path().join(format!("{key}.p12"));
        let key_path = keyenc(key);
        let passin = format!("file:{}", s(&pw));
        let mut args = vec![
            "pkcs12",
            "-export",
            "-nocerts",
            "-inkey",
            s(&key_path),
            "-passin",
            &passin,
            "-passout",
            "pass:p12-pass",
            "-out",
            s(&out_p12),
        ];
        if legacy {
            args.push("-legacy");
        }
        let o = openssl(&args);
        assert!(o.status.success(), "{}", all_output(&o));
        let j: Value =
            serde_json::from_slice(&std::fs::read(keyenc(key).with_extension("json")).unwrap())
                .unwrap();
        let v = inspect(&out_p12, Some("p12-pass"));
        check(
            &v,
            &out_p12,
            j["Algorithm"].as_str().unwrap(),
            j["KeySize"].as_u64().unwrap(),
            j["KeySha2"].as_str().unwrap(),
            true,
            "PKCS#12",
        );
    }
    formats.insert("PKCS#12".into());
    assert_eq!(
        formats.into_iter().collect::<Vec<_>>(),
        ["PKCS#1", "PKCS#12", "PKCS#8", "SEC1", "legacy PEM"]
    );
}

/// `inspect KEY` without its password says a password is needed (exit 1, the file named);
/// with a wrong one, that the password is wrong; an unsupported scheme is named; the text
/// view shows the form, the key and its `KeySha2`.
#[test]
fn inspect_key_errors_and_text() {
    let d = setup();
    let pw = d.path().join("pw");
    let wrong = d.path().join("wrong");
    std::fs::write(&wrong, "not-it\n").unwrap();
    for key in [
        "rsa2048-legacy-aes256.pem",
        "p384-pbe-sha1-2des.pem",
        "p256-pbes2-des3-der.der",
    ] {
        let f = keyenc(key);
        let o = csrkit(d.path(), &["inspect", s(&f)]);
        assert_eq!(o.status.code(), Some(1), "{key}");
        assert!(
            err(&o).contains(key)
                && err(&o).contains("protected by a password, and none was given"),
            "{}",
            err(&o)
        );
        assert!(out(&o).is_empty());
        let o = csrkit(
            d.path(),
            &["inspect", s(&f), "--key-password-file", s(&wrong)],
        );
        assert_eq!(o.status.code(), Some(1), "{key}");
        assert!(err(&o).contains("wrong password"), "{key}: {}", err(&o));
        let o = csrkit(d.path(), &["inspect", s(&f), "--key-password-file", s(&pw)]);
        assert!(o.status.success(), "{}", err(&o));
        let j: Value =
            serde_json::from_slice(&std::fs::read(f.with_extension("json")).unwrap()).unwrap();
        let text = out(&o);
        assert!(text.starts_with("Private key "), "{text}");
        assert!(text.contains(j["KeySha2"].as_str().unwrap()), "{text}");
        assert!(text.contains(", encrypted"), "{text}");
    }
    let o = csrkit(
        d.path(),
        &[
            "inspect",
            s(&keyenc("rsa2048-pbe-md5-des.pem")),
            "--key-password-file",
            s(&pw),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("pbeWithMD5AndDES-CBC"), "{}", err(&o));
}

/// The form of a plain private key as `openssl asn1parse` shows its second element:
/// PKCS#8's AlgorithmIdentifier SEQUENCE, PKCS#1's modulus INTEGER, SEC1's OCTET STRING.
fn openssl_key_form(path: &Path, der: bool) -> &'static str {
    let mut args = vec!["asn1parse", "-in", s(path)];
    if der {
        args.extend(["-inform", "DER"]);
    }
    let o = openssl(&args);
    assert!(o.status.success(), "{}", all_output(&o));
    let text = out(&o);
    let second = text.lines().nth(2).unwrap_or_default();
    if second.contains("cons: SEQUENCE") {
        "PKCS#8"
    } else if second.contains("prim: INTEGER") {
        "PKCS#1"
    } else if second.contains("prim: OCTET STRING") {
        "SEC1"
    } else {
        panic!("{}: {text}", path.display())
    }
}

/// `renew DIR --same-key` takes each due certificate's key wherever it is: a legacy PEM
/// key file beside it, PKCS#8 under the PKCS#12 PBE, or the legacy key inside the
/// HAProxy-style file; every CSR verifies with OpenSSL and carries the key OpenSSL reads
/// from the key file.
#[test]
fn renew_dir_same_key_uses_the_older_encrypted_keys() {
    let d = setup();
    let dir = d.path().join("certs");
    std::fs::create_dir(&dir).unwrap();
    let mut expected = std::collections::BTreeSet::new();
    for (key, stem) in [
        ("p384-legacy-aes256.pem", "p384"),
        ("p256-pbe-sha1-3des.pem", "p256"),
    ] {
        std::fs::copy(keyenc(key), dir.join(format!("{stem}.key"))).unwrap();
        openssl_cert(&keyenc(key), stem, &dir.join(format!("{stem}.crt")));
        expected.insert(key_sha2_of(&keyenc(key)));
    }
    std::fs::copy(
        keyenc("haproxy-rsa2048-legacy-aes256.pem"),
        dir.join("haproxy.pem"),
    )
    .unwrap();
    expected.insert(key_sha2_of(&keyenc("haproxy-rsa2048-legacy-aes256.pem")));

    let pw = d.path().join("pw");
    let o = csrkit(
        d.path(),
        &[
            "renew",
            "certs",
            "--expiring",
            "400000",
            "--same-key",
            "--out",
            "renewed",
            "--key-password-file",
            s(&pw),
            // The certificates are self-signed by `openssl req -x509` (CA:TRUE): renewed too.
            "--include-ca",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let mut got = std::collections::BTreeSet::new();
    for e in std::fs::read_dir(d.path().join("renewed")).unwrap() {
        let csr = e.unwrap().path();
        assert_eq!(
            openssl_req_verify(&csr, false),
            Some(true),
            "{}",
            csr.display()
        );
        let o = openssl(&["req", "-in", s(&csr), "-noout", "-pubkey"]);
        let pub_pem = d.path().join("pub.pem");
        std::fs::write(&pub_pem, &o.stdout).unwrap();
        got.insert(sha256_hex(
            &openssl(&["pkey", "-pubin", "-in", s(&pub_pem), "-outform", "DER"]).stdout,
        ));
    }
    assert_eq!(got, expected);
}

/// OpenSSL's KeySha2 of an encrypted key file (the vectors' password).
fn key_sha2_of(key: &Path) -> String {
    let o = openssl(&[
        "pkey",
        "-in",
        s(key),
        "-passin",
        &format!("pass:{PW}"),
        "-pubout",
        "-outform",
        "DER",
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    sha256_hex(&o.stdout)
}
