//! `csrkit verify` as `openssl verify` judges: a certificate checked by the issuer given,
//! by the chain a `fullchain.pem` or a `.pfx` holds, or not checked (no issuer at hand, a
//! SHA-1 signature); expired and not-yet-valid certificates, and `--at`. Exit 0 valid, 1 a
//! check failed, 3 a check that could not be made. And `list --certs`: each certificate's
//! signature checked by the CA certificates under the folder.
//!
//! The certificates are made by Python's `cryptography` (a CA, leaves valid, expired and
//! not yet valid, a leaf of a CA that is not there, a CA of the same name with another
//! key) and OpenSSL (a SHA-1 signed leaf, the `.pfx` files); each expected outcome is
//! `openssl verify`'s verdict, read from its output.

mod common;

use std::path::{Path, PathBuf};
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

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Made by cryptography in `d`: `ca.pem` (P-256, with a subjectKeyIdentifier),
/// `impostor-ca.pem` (the same name, another key), `rsa-ca.pem`/`.key`; leaves of `ca.pem`
/// with their keys: `good` (valid now), `expired` (9 days and an hour ago), `future` (from
/// 20 days and an hour on), `bad` (`good`'s twin with the last byte of its signature
/// flipped); `stranger`, a leaf of a CA that is not written. By OpenSSL: `sha1.pem`, a leaf
/// of `rsa-ca.pem` signed with SHA-1. The printed JSON holds each leaf's notBefore and
/// notAfter (ms) as cryptography reads them back, and moments for `--at`.
fn fixture(d: &Path) -> Value {
    let script = r#"
import datetime as dt, json, sys
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
d = sys.argv[1]
now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
day, hour = dt.timedelta(days=1), dt.timedelta(hours=1)
def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
def write(path, data):
    open(f"{d}/{path}", "wb").write(data)
def key_pem(k):
    return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                           serialization.NoEncryption())
def ca(cn, k):
    return (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(name(cn))
            .public_key(k.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - 400 * day).not_valid_after(now + 3650 * day)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(k.public_key()), critical=False)
            .sign(k, hashes.SHA256()))
def leaf(cn, ik, ic, before, after):
    k = ec.generate_private_key(ec.SECP256R1())
    c = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(ic.subject)
         .public_key(k.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(before).not_valid_after(after)
         .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ik.public_key()), critical=False)
         .sign(ik, hashes.SHA256()))
    return k, c
ca_k = ec.generate_private_key(ec.SECP256R1())
ca_c = ca("csrkit verify test CA", ca_k)
write("ca.pem", ca_c.public_bytes(serialization.Encoding.PEM))
write("impostor-ca.pem", ca("csrkit verify test CA", ec.generate_private_key(ec.SECP256R1()))
      .public_bytes(serialization.Encoding.PEM))
other_k = ec.generate_private_key(ec.SECP256R1())
other_c = ca("csrkit other CA", other_k)
rsa_k = rsa.generate_private_key(65537, 2048)
rsa_c = ca("csrkit RSA CA", rsa_k)
write("rsa-ca.pem", rsa_c.public_bytes(serialization.Encoding.PEM))
write("rsa-ca.key", key_pem(rsa_k))
made = {
    "good": leaf("good.example.com", ca_k, ca_c, now - 10 * day, now + 80 * day + hour),
    "expired": leaf("expired.example.com", ca_k, ca_c, now - 100 * day, now - 9 * day - hour),
    "future": leaf("future.example.com", ca_k, ca_c, now + 20 * day + hour, now + 400 * day),
    "stranger": leaf("stranger.example.com", other_k, other_c, now - 10 * day, now + 80 * day),
}
facts = {}
for stem, (k, c) in made.items():
    write(f"{stem}.pem", c.public_bytes(serialization.Encoding.PEM))
    write(f"{stem}.key", key_pem(k))
    facts[stem] = {"NotBefore": int(c.not_valid_before_utc.timestamp()) * 1000,
                   "NotAfter": int(c.not_valid_after_utc.timestamp()) * 1000,
                   "NotBeforeText": c.not_valid_before_utc.strftime("%Y-%m-%d %H:%M:%S UTC")}
der = bytearray(made["good"][1].public_bytes(serialization.Encoding.DER))
der[-1] ^= 0x01  # the last byte of the ECDSA signature's s
write("bad.pem", x509.load_der_x509_certificate(bytes(der)).public_bytes(serialization.Encoding.PEM))
# Moments for --at: a day inside the expired leaf's validity, one inside the future
# leaf's, and one after the good leaf's; each also as seconds for openssl -attime.
inside_expired = (now - 50 * day).date()
inside_future = (now + 30 * day).date()
after_good = (now + 200 * day).replace(microsecond=0)
midnight = lambda d: int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc).timestamp())
facts["at"] = {
    "InsideExpired": inside_expired.isoformat(), "InsideExpiredSecs": midnight(inside_expired),
    "InsideExpiredAt8": dt.datetime.fromtimestamp(midnight(inside_expired), dt.timezone.utc)
        .astimezone(dt.timezone(dt.timedelta(hours=8))).isoformat(),
    "InsideFuture": inside_future.isoformat(), "InsideFutureSecs": midnight(inside_future),
    "AfterGood": after_good.isoformat().replace("+00:00", "Z"),
    "AfterGoodSecs": int(after_good.timestamp()),
}
print(json.dumps(facts))
"#;
    let o = Command::new("python3")
        .args(["-c", script, s(d)])
        .output()
        .expect("python3 runs (with cryptography)");
    assert!(o.status.success(), "{}", all_output(&o));
    let facts: Value = serde_json::from_slice(&o.stdout).unwrap();
    // A leaf of rsa-ca.pem signed with SHA-1, by OpenSSL.
    let o = openssl(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&d.join("sha1.key")),
        "-subj",
        "/CN=sha1.example.com",
        "-out",
        s(&d.join("sha1.csr")),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    let o = openssl(&[
        "x509",
        "-req",
        "-in",
        s(&d.join("sha1.csr")),
        "-CA",
        s(&d.join("rsa-ca.pem")),
        "-CAkey",
        s(&d.join("rsa-ca.key")),
        "-set_serial",
        "7",
        "-sha1",
        "-days",
        "30",
        "-out",
        s(&d.join("sha1.pem")),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    let o = openssl(&["x509", "-in", s(&d.join("sha1.pem")), "-noout", "-text"]);
    assert!(
        out(&o).contains("Signature Algorithm: sha1WithRSAEncryption"),
        "{}",
        all_output(&o)
    );
    facts
}

/// `cat` of files into `name`.
fn bundle(d: &Path, name: &str, parts: &[&str]) -> PathBuf {
    let mut all = Vec::new();
    for p in parts {
        all.extend(std::fs::read(d.join(p)).unwrap());
    }
    std::fs::write(d.join(name), all).unwrap();
    d.join(name)
}

/// `openssl pkcs12 -export` of `leaf` with its key and, when given, `ca` as the chain;
/// the password is in `pw`.
fn pfx(d: &Path, leaf: &str, ca: Option<&str>) -> PathBuf {
    let out_path = d.join(format!("{leaf}.pfx"));
    let (cert, key) = (d.join(format!("{leaf}.pem")), d.join(format!("{leaf}.key")));
    let mut args = vec![
        "pkcs12",
        "-export",
        "-in",
        s(&cert),
        "-inkey",
        s(&key),
        "-out",
        s(&out_path),
        "-passout",
        "pass:pfx-pass",
    ];
    let chain = ca.map(|c| d.join(c));
    if let Some(c) = &chain {
        args.extend(["-certfile", s(c)]);
    }
    let o = openssl(&args);
    assert!(o.status.success(), "{}", all_output(&o));
    std::fs::write(d.join("pw"), "pfx-pass\n").unwrap();
    out_path
}

/// What `openssl verify` says of `cert`: the error lines' reasons (`certificate has
/// expired`, `unable to get local issuer certificate`, …), empty when it says `OK`.
fn openssl_verify(ca: Option<&Path>, cert: &Path, attime: Option<i64>) -> Vec<String> {
    let mut args = vec!["verify".to_string()];
    match ca {
        Some(ca) => args.extend(["-CAfile".into(), s(ca).into()]),
        None => args.extend([
            "-no-CAfile".into(),
            "-no-CApath".into(),
            "-no-CAstore".into(),
        ]),
    }
    if let Some(t) = attime {
        args.extend(["-attime".into(), t.to_string()]);
    }
    args.push(s(cert).into());
    let o = Command::new("openssl").args(&args).output().unwrap();
    let text = all_output(&o);
    if o.status.success() {
        assert!(text.contains(": OK"), "{text}");
        return Vec::new();
    }
    let reasons: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("error ") && l.contains(" lookup: "))
        .filter_map(|l| l.split_once(" lookup: ").map(|(_, r)| r.to_string()))
        .collect();
    assert!(!reasons.is_empty(), "{text}");
    reasons
}

/// OpenSSL's verdict on a certificate, as two questions: its signature checked by `ca`
/// (or with no CA at all), and its time, the certificate trusted as itself
/// (`-partial_chain -CAfile cert`), so that a missing issuer does not hide an expiry.
fn openssl_verdict(
    ca: Option<&Path>,
    cert: &Path,
    attime: Option<i64>,
) -> (Vec<String>, Vec<String>) {
    let signature = openssl_verify(ca, cert, attime);
    let mut args = vec!["verify", "-partial_chain", "-CAfile", s(cert)];
    let t = attime.map(|t| t.to_string());
    if let Some(t) = &t {
        args.extend(["-attime", t]);
    }
    args.push(s(cert));
    let o = openssl(&args);
    let text = all_output(&o);
    let time: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_once(" lookup: ").map(|(_, r)| r.to_string()))
        .collect();
    assert_eq!(o.status.success(), time.is_empty(), "{text}");
    (signature, time)
}

/// The exit status OpenSSL's verdict calls for: 1 when a check failed (a signature that
/// does not verify, a certificate outside its validity), else 3 when the issuer was not
/// found, else 0.
fn expected_exit(signature: &[String], time: &[String]) -> i32 {
    let failed = |r: &String| {
        r == "certificate signature failure"
            || r == "certificate has expired"
            || r == "certificate is not yet valid"
    };
    if signature.iter().chain(time).any(failed) {
        1
    } else if signature
        .iter()
        .any(|r| r == "unable to get local issuer certificate")
    {
        3
    } else {
        assert!(
            signature.is_empty() && time.is_empty(),
            "{signature:?} {time:?}"
        );
        0
    }
}

/// csrkit's arguments, the certificate's stem and the CA file OpenSSL is asked about, and
/// the moment (`-attime`).
type Case<'a> = (Vec<&'a str>, &'a str, Option<&'a Path>, Option<i64>);

#[test]
fn verify_exits_as_openssl_verify_judges_the_certificate() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let facts = fixture(d);
    let ca = d.join("ca.pem");
    let impostor = d.join("impostor-ca.pem");
    bundle(d, "good-fullchain.pem", &["good.pem", "ca.pem"]);
    bundle(d, "expired-fullchain.pem", &["expired.pem", "ca.pem"]);
    bundle(d, "future-fullchain.pem", &["future.pem", "ca.pem"]);
    bundle(d, "bad-fullchain.pem", &["bad.pem", "ca.pem"]);
    bundle(d, "stranger-fullchain.pem", &["stranger.pem", "ca.pem"]);
    bundle(
        d,
        "impostor-fullchain.pem",
        &["good.pem", "impostor-ca.pem"],
    );
    pfx(d, "good", Some("ca.pem"));
    pfx(d, "expired", Some("ca.pem"));
    pfx(d, "future", Some("ca.pem"));
    pfx(d, "stranger", None);
    let at = &facts["at"];
    let inside_expired = at["InsideExpiredSecs"].as_i64().unwrap();
    let inside_future = at["InsideFutureSecs"].as_i64().unwrap();
    let after_good = at["AfterGoodSecs"].as_i64().unwrap();
    let pw = ["--key-password-file", "pw"];
    let cases: Vec<Case> = vec![
        (
            vec!["good.pem", "--issuer", "ca.pem"],
            "good",
            Some(&ca),
            None,
        ),
        (vec!["good-fullchain.pem"], "good", Some(&ca), None),
        (vec!["good.pfx", pw[0], pw[1]], "good", Some(&ca), None),
        (vec!["good.pem"], "good", None, None),
        (
            vec!["expired.pem", "--issuer", "ca.pem"],
            "expired",
            Some(&ca),
            None,
        ),
        (vec!["expired-fullchain.pem"], "expired", Some(&ca), None),
        (
            vec!["expired.pfx", pw[0], pw[1]],
            "expired",
            Some(&ca),
            None,
        ),
        (vec!["expired.pem"], "expired", None, None),
        (
            vec!["future.pem", "--issuer", "ca.pem"],
            "future",
            Some(&ca),
            None,
        ),
        (vec!["future-fullchain.pem"], "future", Some(&ca), None),
        (vec!["future.pfx", pw[0], pw[1]], "future", Some(&ca), None),
        (
            vec!["bad.pem", "--issuer", "ca.pem"],
            "bad",
            Some(&ca),
            None,
        ),
        (vec!["bad-fullchain.pem"], "bad", Some(&ca), None),
        (
            vec!["stranger.pem", "--issuer", "ca.pem"],
            "stranger",
            Some(&ca),
            None,
        ),
        (vec!["stranger-fullchain.pem"], "stranger", Some(&ca), None),
        (vec!["stranger.pfx", pw[0], pw[1]], "stranger", None, None),
        // A CA of the issuer's name whose key did not sign it.
        (
            vec!["impostor-fullchain.pem"],
            "good",
            Some(&impostor),
            None,
        ),
        // Another moment: inside the validity, after it.
        (
            vec![
                "expired-fullchain.pem",
                "--at",
                at["InsideExpired"].as_str().unwrap(),
            ],
            "expired",
            Some(&ca),
            Some(inside_expired),
        ),
        (
            vec![
                "expired.pfx",
                pw[0],
                pw[1],
                "--at",
                at["InsideExpired"].as_str().unwrap(),
            ],
            "expired",
            Some(&ca),
            Some(inside_expired),
        ),
        (
            vec![
                "future.pem",
                "--issuer",
                "ca.pem",
                "--at",
                at["InsideFuture"].as_str().unwrap(),
            ],
            "future",
            Some(&ca),
            Some(inside_future),
        ),
        (
            vec![
                "good-fullchain.pem",
                "--at",
                at["AfterGood"].as_str().unwrap(),
            ],
            "good",
            Some(&ca),
            Some(after_good),
        ),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (args, stem, ca, attime) in &cases {
        let cert = d.join(format!("{stem}.pem"));
        let (signature, time) = openssl_verdict(*ca, &cert, *attime);
        let want = expected_exit(&signature, &time);
        seen.insert(want);
        let o = csrkit(d, &[&["verify"], args.as_slice()].concat());
        let text = err(&o);
        assert_eq!(
            o.status.code(),
            Some(want),
            "{args:?}: openssl says {signature:?} {time:?}; csrkit: {}",
            all_output(&o)
        );
        // Each of OpenSSL's findings has its line.
        for r in signature.iter().chain(&time) {
            let line = match r.as_str() {
                "certificate signature failure" => "signature not valid: ",
                "unable to get local issuer certificate" => "signature not checked: ",
                "certificate has expired" => ": expired ",
                "certificate is not yet valid" => ": not valid before ",
                other => panic!("{other}"),
            };
            assert!(text.contains(line), "{args:?}: {line:?} in {text}");
        }
        match want {
            0 => {
                assert!(out(&o).contains(": OK"), "{args:?}: {}", all_output(&o));
                assert!(text.is_empty(), "{args:?}: {text}");
            }
            // Not checked is never said as not valid.
            3 => assert!(!text.contains("not valid"), "{args:?}: {text}"),
            _ => assert!(out(&o).is_empty(), "{args:?}: {}", out(&o)),
        }
        // The days: counted from notAfter (notBefore) as cryptography reads it back.
        let now = attime.map_or_else(now_ms, |t| t * 1000);
        if time.iter().any(|r| r == "certificate has expired") {
            let ago = (now - facts[stem]["NotAfter"].as_i64().unwrap()).div_euclid(DAY_MS);
            assert!(
                text.contains(&format!("expired {ago} days ago")),
                "{args:?}: {ago} in {text}"
            );
        }
        if time.iter().any(|r| r == "certificate is not yet valid") {
            let f = &facts[stem];
            let to_go = (f["NotBefore"].as_i64().unwrap() - now).div_euclid(DAY_MS);
            let line = format!(
                "not valid before {} (in {to_go} days)",
                f["NotBeforeText"].as_str().unwrap()
            );
            assert!(text.contains(&line), "{args:?}: {line:?} in {text}");
        }
    }
    // Every outcome was met.
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), [0, 1, 3]);
    // The expired leaf, 9 days and an hour after its notAfter, says 9 days, as the issue's
    // trial expects.
    let o = csrkit(d, &["verify", "expired-fullchain.pem"]);
    assert!(err(&o).contains("expired 9 days ago"), "{}", err(&o));
}

#[test]
fn a_sha1_signature_is_not_checked_and_exits_3_though_openssl_finds_it_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fixture(d);
    bundle(d, "sha1-fullchain.pem", &["sha1.pem", "rsa-ca.pem"]);
    // OpenSSL verifies it: the signature is good, so csrkit must not call it not valid.
    assert_eq!(
        openssl_verify(Some(&d.join("rsa-ca.pem")), &d.join("sha1.pem"), None),
        Vec::<String>::new()
    );
    for args in [
        vec!["verify", "sha1.pem", "--issuer", "rsa-ca.pem"],
        vec!["verify", "sha1-fullchain.pem"],
        vec!["verify", "sha1.pem"],
    ] {
        let o = csrkit(d, &args);
        assert_eq!(o.status.code(), Some(3), "{args:?}: {}", all_output(&o));
        let text = err(&o);
        assert!(
            text.contains("signature not checked: SHA-1"),
            "{args:?}: {text}"
        );
        assert!(!text.contains("not valid"), "{args:?}: {text}");
        assert!(out(&o).is_empty());
    }
}

#[test]
fn verify_refuses_a_moment_it_cannot_read_and_a_key_of_another_pair() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let facts = fixture(d);
    bundle(d, "good-fullchain.pem", &["good.pem", "ca.pem"]);
    bundle(d, "expired-fullchain.pem", &["expired.pem", "ca.pem"]);
    for bad in [
        "yesterday",
        "2026-13-01",
        "06/12/2026",
        "2026-12-06T08:00:00",
    ] {
        let o = csrkit(d, &["verify", "good-fullchain.pem", "--at", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", all_output(&o));
        assert!(err(&o).contains("--at"), "{}", err(&o));
    }
    // One moment inside the expired leaf's validity as a date, and as RFC 3339 with an
    // offset (cryptography's isoformat); a second earlier, it is not valid yet.
    let at = &facts["at"];
    let secs = at["InsideExpiredSecs"].as_i64().unwrap();
    assert!(openssl_verify(Some(&d.join("ca.pem")), &d.join("expired.pem"), Some(secs)).is_empty());
    for at in [&at["InsideExpired"], &at["InsideExpiredAt8"]] {
        let at = at.as_str().unwrap();
        let o = csrkit(d, &["verify", "expired-fullchain.pem", "--at", at]);
        assert_eq!(o.status.code(), Some(0), "{at}: {}", all_output(&o));
    }
    // A key of another pair fails, and says which file. OpenSSL agrees it is another key.
    let pubkey = |args: &[&str]| out(&openssl(args));
    assert_ne!(
        pubkey(&["x509", "-in", s(&d.join("good.pem")), "-noout", "-pubkey"]),
        pubkey(&["pkey", "-in", s(&d.join("expired.key")), "-pubout"])
    );
    let o = csrkit(d, &["verify", "good-fullchain.pem", "--key", "expired.key"]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert!(
        err(&o).contains("expired.key does not match the public key"),
        "{}",
        err(&o)
    );
    let o = csrkit(d, &["verify", "good-fullchain.pem", "--key", "good.key"]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
}

/// `list --certs`: `SignatureValid` true where a CA certificate under the folder signed
/// it, false where its signature does not verify, null where its issuer is not there, as
/// `openssl verify -CAfile` (the folder's CA certificates) finds them.
#[test]
fn list_checks_each_certificate_by_the_ca_certificates_under_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fixture(d);
    let folder = d.join("certs");
    std::fs::create_dir_all(folder.join("deep")).unwrap();
    // The CA sits in a sub-folder, inside a chain file.
    bundle(d, "chain.pem", &["ca.pem"]);
    std::fs::copy(d.join("chain.pem"), folder.join("deep/chain.pem")).unwrap();
    for f in ["good.pem", "bad.pem", "stranger.pem"] {
        std::fs::copy(d.join(f), folder.join(f)).unwrap();
    }
    // A folder where the only CA of the issuer's name has another key (and another
    // subjectKeyIdentifier than the leaf's authorityKeyIdentifier).
    let impostor = d.join("impostor");
    std::fs::create_dir(&impostor).unwrap();
    std::fs::copy(d.join("impostor-ca.pem"), impostor.join("impostor-ca.pem")).unwrap();
    std::fs::copy(d.join("good.pem"), impostor.join("good.pem")).unwrap();

    let openssl_says = |ca: &Path, cert: &Path| -> Value {
        match openssl_verify(Some(ca), cert, None).as_slice() {
            [] => Value::Bool(true),
            [r] if r == "certificate signature failure" => Value::Bool(false),
            [r] if r == "unable to get local issuer certificate" => Value::Null,
            other => panic!("{other:?}"),
        }
    };
    let mut seen = Vec::new();
    for (dir, ca) in [
        (&folder, d.join("ca.pem")),
        (&impostor, d.join("impostor-ca.pem")),
    ] {
        let o = csrkit(d, &["list", s(dir), "--certs", "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        for e in v["CertificateList"].as_array().unwrap() {
            let file = PathBuf::from(e["File"].as_str().unwrap());
            let want = openssl_says(&ca, &file);
            assert_eq!(
                e["SignatureValid"],
                want,
                "{}: {}",
                file.display(),
                e["SignatureNote"]
            );
            seen.push((e["Name"].as_str().unwrap().to_string(), want));
        }
    }
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    let expected = |n: &str, v: Value| (n.to_string(), v);
    assert_eq!(
        seen,
        [
            expected("bad", Value::Bool(false)),
            expected("chain", Value::Bool(true)),
            expected("good", Value::Bool(true)),
            expected("good", Value::Null),
            expected("impostor-ca", Value::Bool(true)),
            expected("stranger", Value::Null),
        ]
    );
    // The text view's SIGNATURE column says the same.
    let o = csrkit(d, &["list", s(&folder), "--certs"]);
    let text = out(&o);
    for (name, column) in [
        ("bad", "NOT VALID"),
        ("good", "valid"),
        ("stranger", "not checked"),
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{name} in {text}"));
        assert!(line.contains(column), "{line}");
    }
}
