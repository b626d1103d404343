//! A certificate's whole life: what expires (`list --certs` in natural order, by expiry,
//! `--expiring`, `--expired`, `File`/`KeyFile`/`DaysLeft`), renewing a folder
//! (`renew DIR`), the usages a rekey keeps, whole chains (PEM bundles) and paged
//! responses (`reconcile`). The certificates are made by Python's `cryptography` and by
//! OpenSSL; what OpenSSL can say (subjects, public keys, usages) is checked with it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use serde_json::Value;

const DAY_MS: i64 = 86_400_000;

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", out(o), err(o)))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Certificates made by cryptography: `specs` are (stem, notAfter offset from now in
/// ms, key: "plain" | "encrypted" | "none", issuer: "self" | "ca"). Each is
/// `STEM.crt`, its key `STEM.key` (encrypted with "pw"); a CA's `ca.crt`. Returns the
/// notAfter of each, in ms since the epoch, as cryptography set it.
fn make_certs(dir: &Path, specs: &[(&str, i64, &str)]) -> Vec<i64> {
    let spec = specs
        .iter()
        .map(|(n, off, k)| format!("(\"{n}\", {off}, \"{k}\")"))
        .collect::<Vec<_>>()
        .join(",");
    let script = format!(
        r#"
import datetime as dt, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
d = sys.argv[1]
now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
ca_key = ec.generate_private_key(ec.SECP256R1())
ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Life CA")])
ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
      .serial_number(1).not_valid_before(now - dt.timedelta(days=800)).not_valid_after(now + dt.timedelta(days=3000))
      .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True).sign(ca_key, hashes.SHA256()))
open(f"{{d}}/ca.crt", "wb").write(ca.public_bytes(serialization.Encoding.PEM))
for stem, off, keykind in [{spec}]:
    key = ec.generate_private_key(ec.SECP256R1())
    not_after = now + dt.timedelta(milliseconds=off)
    cert = (x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{{stem}}.example.com")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(not_after - dt.timedelta(days=400)).not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"{{stem}}.example.com")]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256()))
    open(f"{{d}}/{{stem}}.crt", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
    enc = serialization.BestAvailableEncryption(b"pw") if keykind == "encrypted" else serialization.NoEncryption()
    if keykind != "none":
        open(f"{{d}}/{{stem}}.key", "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc))
    print(int(cert.not_valid_after_utc.timestamp()) * 1000)
"#
    );
    let o = Command::new("python3")
        .args(["-c", &script, s(dir)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    out(&o).lines().map(|l| l.trim().parse().unwrap()).collect()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn names(v: &Value, list: &str) -> Vec<String> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["Name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_finds_what_expires() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let specs = [
        ("m10", 5 * DAY_MS + DAY_MS / 2, "plain"),
        ("m2", 100 * DAY_MS, "encrypted"),
        ("m1", -(40 * DAY_MS + DAY_MS / 2), "none"),
        ("m3", 400 * DAY_MS, "plain"),
    ];
    let after = make_certs(d, &specs);
    let day_left = |i: usize| (after[i] - now_ms()).div_euclid(DAY_MS);

    // Natural order, File, KeyFile, DaysLeft; the encrypted key is matched with the password.
    let o = Command::new(csrkit_bin())
        .current_dir(d)
        .args(["list", ".", "--certs", "--json", "--key-password-env", "PW"])
        .env("PW", "pw")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v = json(&o);
    assert_eq!(
        names(&v, "CertificateList"),
        ["ca", "m1", "m2", "m3", "m10"]
    );
    let entry = |name: &str| {
        v["CertificateList"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["Name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(entry("m10")["File"], "./m10.crt");
    assert_eq!(entry("m10")["KeyFile"], "./m10.key");
    assert_eq!(entry("m2")["KeyFile"], "./m2.key");
    assert_eq!(entry("m2")["HasPrivateKey"], true);
    assert_eq!(entry("m1")["KeyFile"], Value::Null);
    assert_eq!(entry("m10")["DaysLeft"], day_left(0));
    assert_eq!(entry("m10")["DaysLeft"], 5);
    assert_eq!(entry("m1")["DaysLeft"], day_left(2));
    assert_eq!(entry("m1")["DaysLeft"], -41);

    // --expiring 30: the expired one too, soonest first; --expired: only the expired.
    let o = csrkit(d, &["list", ".", "--certs", "--json", "--expiring", "30"]);
    assert_eq!(names(&json(&o), "CertificateList"), ["m1", "m10"]);
    assert_eq!(json(&o)["TotalCount"], 2);
    let o = csrkit(d, &["list", ".", "--certs", "--json", "--expired"]);
    assert_eq!(names(&json(&o), "CertificateList"), ["m1"]);
    let o = csrkit(d, &["list", ".", "--certs", "--json", "--sort", "expiry"]);
    assert_eq!(
        names(&json(&o), "CertificateList"),
        ["m1", "m10", "m2", "m3", "ca"]
    );

    // The text view: days as people read them.
    let o = csrkit(d, &["list", ".", "--certs"]);
    let text = out(&o);
    let line = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap()
            .to_string()
    };
    assert!(line("m10").contains("5 days"), "{text}");
    assert!(line("m1").contains("expired 40 days ago"), "{text}");

    // The expiry options are for certificates.
    let o = csrkit(d, &["list", ".", "--expiring", "30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("add --certs"), "{}", err(&o));
}

#[test]
fn csrs_list_in_natural_order() {
    let tmp = tempfile::tempdir().unwrap();
    let o = csrkit(
        tmp.path(),
        &["batch", "--count", "12", "--cn", "h{i}", "--out", "d", "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = csrkit(tmp.path(), &["list", "d", "--json", "--size", "5"]);
    assert_eq!(names(&json(&o), "CsrList"), ["h1", "h2", "h3", "h4", "h5"]);
    let o = csrkit(
        tmp.path(),
        &["list", "d", "--json", "--page", "3", "--size", "5"],
    );
    assert_eq!(names(&json(&o), "CsrList"), ["h11", "h12"]);
}

#[test]
fn renew_a_folder_with_the_same_keys_and_with_new_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("certs");
    std::fs::create_dir(&d).unwrap();
    make_certs(
        &d,
        &[
            ("due-a", 3 * DAY_MS, "plain"),
            ("due-b", -2 * DAY_MS + DAY_MS / 2, "plain"),
            ("nokey", 10 * DAY_MS, "none"),
            ("later", 200 * DAY_MS, "plain"),
        ],
    );
    // A fullchain.pem: a due leaf with its key, then its CA (the chain, skipped).
    let chain = [
        std::fs::read(d.join("due-a.crt")).unwrap(),
        std::fs::read(d.join("ca.crt")).unwrap(),
    ]
    .concat();
    std::fs::write(d.join("fullchain.pem"), chain).unwrap();

    let o = csrkit(
        tmp.path(),
        &[
            "renew",
            "certs",
            "--expiring",
            "30",
            "--same-key",
            "--out",
            "new",
            "--json",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "a certificate without its key is skipped: {}",
        err(&o)
    );
    let v = json(&o);
    // One certificate, one renewal: due-a's certificate stands in due-a.crt and first in
    // fullchain.pem, and is renewed once, both files named.
    let renewed: Vec<Vec<&str>> = v["Renewed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["Files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        renewed,
        [
            vec!["certs/due-a.crt", "certs/fullchain.pem"],
            vec!["certs/due-b.crt"]
        ]
    );
    let skipped: Vec<(String, String)> = v["Skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["Certificate"].as_str().unwrap().to_string(),
                r["Reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The fullchain's CA is not due: not renewed, not skipped either.
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].0 == "certs/nokey.crt" && skipped[0].1.contains("no private key"),
        "{skipped:?}"
    );
    // Named after the CN; the key used is the key found.
    assert_eq!(v["Renewed"][0]["Csr"], "new/due-a.example.com.csr.pem");
    assert_eq!(v["Renewed"][0]["Key"], "certs/due-a.key");
    assert_eq!(v["Renewed"][0]["NewKey"], false);
    assert_eq!(v["Renewed"][1]["DaysLeft"], -2);
    for (cert, csr) in [
        ("due-a.crt", "due-a.example.com.csr.pem"),
        ("due-b.crt", "due-b.example.com.csr.pem"),
    ] {
        let csr = tmp.path().join("new").join(csr);
        let cert = d.join(cert);
        assert_eq!(openssl_req_verify(&csr, false), Some(true));
        // Same key: the CSR's public key is the certificate's; the subject its subject.
        let a = openssl(&["req", "-in", s(&csr), "-noout", "-pubkey"]);
        let b = openssl(&["x509", "-in", s(&cert), "-noout", "-pubkey"]);
        assert_eq!(a.stdout, b.stdout);
        let a = openssl(&[
            "req",
            "-in",
            s(&csr),
            "-noout",
            "-subject",
            "-nameopt",
            "RFC2253",
        ]);
        let b = openssl(&[
            "x509",
            "-in",
            s(&cert),
            "-noout",
            "-subject",
            "-nameopt",
            "RFC2253",
        ]);
        assert_eq!(a.stdout, b.stdout);
    }
    assert!(!tmp.path().join("new/due-a.example.com.key.pem").exists());

    // --new-key --all --include-ca: a key beside each CSR (0600), names never reused (-2),
    // the CA renewed too (asked for), and a chain certificate never a renewal of its own.
    let o = csrkit(
        tmp.path(),
        &[
            "renew",
            "certs",
            "--all",
            "--new-key",
            "p384",
            "--out",
            "new",
            "--json",
            "--include-ca",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v = json(&o);
    let files: Vec<String> = v["Renewed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Files"].to_string())
        .collect();
    assert_eq!(files.len(), 5, "ca, due-a, due-b, later, nokey: {files:?}");
    let ca = v["Renewed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["Certificate"] == "certs/ca.crt")
        .unwrap();
    assert_eq!(
        ca["Files"],
        serde_json::json!(["certs/ca.crt", "certs/fullchain.pem"])
    );
    let due_a = v["Renewed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["Certificate"] == "certs/due-a.crt")
        .unwrap();
    assert_eq!(due_a["Csr"], "new/due-a.example.com-2.csr.pem");
    assert_eq!(due_a["Key"], "new/due-a.example.com-2.key.pem");
    assert_eq!(due_a["KeyChange"], "ECC P-256 → ECC P-384");
    use std::os::unix::fs::PermissionsExt;
    let key = tmp.path().join("new/due-a.example.com-2.key.pem");
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let csr = tmp.path().join("new/due-a.example.com-2.csr.pem");
    assert_eq!(openssl_req_verify(&csr, false), Some(true));
    let a = openssl(&["req", "-in", s(&csr), "-noout", "-pubkey"]);
    let b = openssl(&["pkey", "-in", s(&key), "-pubout"]);
    assert!(a.status.success() && b.status.success());
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
    // Without --include-ca the CA is skipped as a CA.
    let o = csrkit(
        tmp.path(),
        &[
            "renew",
            "certs",
            "--all",
            "--new-key",
            "p384",
            "--out",
            "new",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let v = json(&o);
    assert!(
        v["Skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["Certificate"] == "certs/ca.crt" && r["Reason"] == "a CA certificate"),
        "{}",
        v["Skipped"]
    );
    // The text form: a line a renewal, the skipped on stderr, the counts.
    let o = csrkit(
        tmp.path(),
        &[
            "renew",
            "certs",
            "--expiring",
            "30",
            "--same-key",
            "--out",
            "new3",
        ],
    );
    assert!(
        out(&o).contains("2 renewed, 1 skipped, 0 locked, into new3"),
        "{}",
        out(&o)
    );
    assert!(
        err(&o).contains("certs/nokey.crt: skipped: no private key"),
        "{}",
        err(&o)
    );
    // Folder-only and file-only flags are usage errors.
    let o = csrkit(
        tmp.path(),
        &["renew", "certs", "--expiring", "30", "--same-key"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--out NEWDIR"), "{}", err(&o));
    let o = csrkit(
        tmp.path(),
        &["renew", "certs/due-a.crt", "--same-key", "--out", "x"],
    );
    assert_eq!(o.status.code(), Some(2));
}

/// An RSA server certificate (OpenSSL: keyEncipherment, serverAuth and clientAuth,
/// CA:FALSE) renewed with a P-384 key keeps what an ECDSA key can have and says what it
/// left out; with the same key it keeps everything; with another key it is refused.
#[test]
fn a_rekey_keeps_only_the_usages_the_new_key_can_have() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let o = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&d.join("srv.key")),
        "-subj",
        "/CN=srv.example.com",
        "-days",
        "10",
        "-addext",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "-addext",
        "extendedKeyUsage=serverAuth,clientAuth",
        "-addext",
        "basicConstraints=critical,CA:FALSE",
        "-addext",
        "subjectAltName=DNS:srv.example.com",
        "-out",
        s(&d.join("srv.crt")),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    let o = csrkit(
        d,
        &[
            "renew",
            "srv.crt",
            "--new-key",
            "p384",
            "--csr-out",
            "p384.csr",
            "--key-out",
            "p384.key",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains("but not Key Encipherment: the new key cannot have it"),
        "{}",
        out(&o)
    );
    let text = all_output(&openssl(&[
        "req",
        "-in",
        s(&d.join("p384.csr")),
        "-noout",
        "-text",
    ]));
    let after = |h: &str| {
        text.lines()
            .skip_while(|l| !l.contains(h))
            .nth(1)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    assert_eq!(after("X509v3 Key Usage"), "Digital Signature");
    assert_eq!(
        after("X509v3 Extended Key Usage"),
        "TLS Web Server Authentication, TLS Web Client Authentication"
    );
    assert_eq!(after("X509v3 Basic Constraints"), "CA:FALSE");
    assert!(text.contains("X509v3 Key Usage: critical"), "{text}");
    let o = csrkit(
        d,
        &[
            "renew",
            "srv.crt",
            "--new-key",
            "p384",
            "--csr-out",
            "-",
            "--key-out",
            "p384b.key",
            "--json",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "--json with --csr-out - is a usage error"
    );
    let o = csrkit(
        d,
        &[
            "renew",
            "srv.crt",
            "--new-key",
            "p384",
            "--csr-out",
            "j.csr",
            "--key-out",
            "j.key",
            "--json",
        ],
    );
    let v = json(&o);
    assert_eq!(v["DroppedUsages"], serde_json::json!(["Key Encipherment"]));
    assert_eq!(v["KeyUsage"], serde_json::json!(["Digital Signature"]));
    assert_eq!(
        v["ExtendedKeyUsage"],
        serde_json::json!([
            "TLS Web Server Authentication",
            "TLS Web Client Authentication"
        ])
    );
    assert_eq!(
        v["BasicConstraints"],
        serde_json::json!({"CA": false, "PathLen": null})
    );

    // The same key keeps every usage.
    let o = csrkit(
        d,
        &[
            "renew",
            "srv.crt",
            "--key",
            "srv.key",
            "--csr-out",
            "same.csr",
            "--json",
        ],
    );
    assert_eq!(
        json(&o)["KeyUsage"],
        serde_json::json!(["Digital Signature", "Key Encipherment"])
    );
    assert_eq!(json(&o)["DroppedUsages"], serde_json::json!([]));
    // As OpenSSL reads the CSR.
    let same = all_output(&openssl(&[
        "req",
        "-in",
        s(&d.join("same.csr")),
        "-noout",
        "-text",
    ]));
    let ku = same
        .lines()
        .skip_while(|l| !l.contains("X509v3 Key Usage"))
        .nth(1)
        .unwrap_or("")
        .trim();
    assert_eq!(ku, "Digital Signature, Key Encipherment", "{same}");
    // Another key is refused, naming both files.
    let o = csrkit(
        d,
        &[
            "renew",
            "srv.crt",
            "--key",
            "p384.key",
            "--csr-out",
            "no.csr",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("p384.key: this key is not the key of srv.crt"),
        "{}",
        err(&o)
    );
    assert!(!d.join("no.csr").exists());

    // inspect shows the usages in text, as OpenSSL names them.
    let o = csrkit(d, &["inspect", "srv.crt"]);
    let t = out(&o);
    assert!(
        t.contains("Key usage     Digital Signature, Key Encipherment"),
        "{t}"
    );
    assert!(
        t.contains("Ext key usage TLS Web Server Authentication, TLS Web Client Authentication"),
        "{t}"
    );
    assert!(t.contains("Constraints   CA:FALSE"), "{t}");
}

/// A fullchain.pem (leaf, then its CA): `inspect` shows both, `--issuer` takes the CA out
/// of a bundle, `list` names the second `STEM#2`.
#[test]
fn whole_chains_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    make_certs(d, &[("leaf", 90 * DAY_MS, "plain")]);
    let chain = [
        std::fs::read(d.join("leaf.crt")).unwrap(),
        std::fs::read(d.join("ca.crt")).unwrap(),
    ]
    .concat();
    std::fs::create_dir(d.join("chain")).unwrap();
    std::fs::write(d.join("chain/fullchain.pem"), chain).unwrap();
    let o = csrkit(d, &["inspect", "--json", "chain/fullchain.pem"]);
    let v = json(&o);
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["CommonName"], "leaf.example.com");
    assert_eq!(v[1]["CommonName"], "Life CA");
    assert_eq!(v[1]["SignatureValid"], true, "the CA is self-signed");
    assert_eq!(v[0]["SignatureValid"], Value::Null);
    // --issuer BUNDLE: the certificate of the bundle that is the issuer, not its leaf.
    let o = csrkit(
        d,
        &[
            "inspect",
            "--json",
            "leaf.crt",
            "--issuer",
            "chain/fullchain.pem",
        ],
    );
    assert_eq!(
        json(&o)["SignatureValid"],
        true,
        "{}",
        json(&o)["SignatureNote"]
    );
    let o = csrkit(
        d,
        &["verify", "leaf.crt", "--issuer", "chain/fullchain.pem"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = csrkit(d, &["list", "chain", "--certs", "--json"]);
    assert_eq!(
        names(&json(&o), "CertificateList"),
        ["fullchain", "fullchain#2"]
    );
    // OpenSSL agrees that the CA of the bundle issued the leaf.
    let o = openssl(&[
        "verify",
        "-CAfile",
        s(&d.join("ca.crt")),
        s(&d.join("leaf.crt")),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
}

/// A ListClientCertificate saved page by page: given every page, no word; given one page
/// of two, one line on stderr and `Partial` in the JSON.
#[test]
fn reconcile_takes_pages_and_says_when_a_response_is_partial() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("certs")).unwrap();
    make_certs(
        &d.join("certs"),
        &[
            ("a", 90 * DAY_MS, "plain"),
            ("b", 90 * DAY_MS, "plain"),
            ("c", 90 * DAY_MS, "none"),
        ],
    );
    let sha = |f: &str| {
        let o = openssl(&[
            "x509",
            "-in",
            s(&d.join("certs").join(f)),
            "-noout",
            "-fingerprint",
            "-sha256",
        ]);
        out(&o).trim().split('=').nth(1).unwrap().replace(':', "")
    };
    let page = |entries: Vec<(i64, String)>| {
        serde_json::json!({
            "CertificateList": entries.iter().map(|(id, s)| serde_json::json!({"Identifier": id.to_string(), "Sha2": s})).collect::<Vec<_>>(),
            "TotalCount": 4, "ShowSize": 2,
        })
        .to_string()
    };
    std::fs::write(
        d.join("p1.json"),
        page(vec![(1, sha("a.crt")), (2, sha("b.crt"))]),
    )
    .unwrap();
    std::fs::write(
        d.join("p2.json"),
        page(vec![(3, sha("c.crt")), (4, "ab".repeat(32))]),
    )
    .unwrap();
    let o = csrkit(d, &["reconcile", "p1.json", "p2.json", "certs", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(o.stderr.is_empty(), "{}", err(&o));
    let v = json(&o);
    assert_eq!(v["Matched"].as_array().unwrap().len(), 3);
    assert_eq!(v["RemoteOnly"][0]["Page"], 2);
    // The CA is local and listed apart, not as a certificate the response lacks.
    assert_eq!(v["LocalOnly"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(v["LocalCa"].as_array().unwrap().len(), 1, "the CA: {v}");
    assert!(v.get("Partial").is_none());
    let o = csrkit(d, &["reconcile", "p1.json", "certs", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let e = err(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.contains("p1.json: partial: 2 of 4 entries") && e.contains("give every page"),
        "{e}"
    );
    assert_eq!(
        json(&o)["Partial"],
        serde_json::json!({"Entries": 2, "TotalCount": 4})
    );
}
