//! `csrkit reconcile`: a saved response held against a folder. Expected fingerprints and
//! serials come from OpenSSL (`openssl pkey -pubout`, `openssl x509 -fingerprint
//! -serial`), never from csrkit.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn run_json(dir: &Path, response: &Value, folder: &Path) -> Value {
    let resp = dir.join("response.json");
    std::fs::write(&resp, serde_json::to_vec_pretty(response).unwrap()).unwrap();
    let o = csrkit(
        dir,
        &[
            "reconcile",
            "--json",
            resp.to_str().unwrap(),
            folder.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn files(v: &Value, list: &str, key: &str) -> BTreeSet<String> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[key].as_str().unwrap().to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn listcsr_response_against_a_folder() {
    let work = tempfile::tempdir().unwrap();
    let d = work.path().join("csrs");
    let o = csrkit(
        work.path(),
        &[
            "batch",
            "--count",
            "9",
            "--algorithm",
            "ecc",
            "--out",
            "csrs",
            "--cn",
            "host{i}",
        ],
    );
    assert!(o.status.success(), "{}", all_output(&o));
    std::fs::remove_file(d.join("host9.key.pem")).unwrap();
    // A certificate in the folder is not a CSR: never LocalOnly for ListCsr.
    std::fs::copy(
        vectors().join("cert/ecc-client-p256.pem"),
        d.join("a-cert.pem"),
    )
    .unwrap();
    let key_sha2 = |i: u32| {
        let k = openssl_pubkey_der(&d.join(format!("host{i}.key.pem")), false);
        hex(&Sha256::digest(&k))
    };
    let mut list: Vec<Value> = (1..=6)
        .map(|i| {
            let h = key_sha2(i);
            // Upper case for odd, lower case for even: compared case-insensitively.
            let h = if i % 2 == 1 { h.to_uppercase() } else { h };
            json!({"CsrId": 100 + i, "Name": format!("host{i}"), "KeySha2": h, "HasPrivateKey": true})
        })
        .collect();
    list.push(json!({"CsrId": 200, "Name": "foreign", "KeySha2": "ab".repeat(32)}));
    list.push(
        json!({"CsrId": 201, "Name": "masked", "KeySha2": format!("{}****", &key_sha2(7)[..60])}),
    );
    list.push(json!({"CsrId": 202, "Name": "host2-again", "KeySha2": key_sha2(2)}));
    list.push(json!({"CsrId": 203, "Name": "no-key-sha2"}));
    let response = json!({"CsrList": list, "TotalCount": 10, "CurrentPage": 1, "ShowSize": 50,
                          "RequestId": "E865F6AD", "Unknown": {"ignored": true}});
    let v = run_json(work.path(), &response, &d);
    assert_eq!(v["Api"], "ListCsr");
    let matched: BTreeSet<(i64, String, Option<String>)> = v["Matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            assert_eq!(m["MatchedOn"], "KeySha2");
            (
                m["Remote"]["CsrId"].as_i64().unwrap(),
                m["Local"].as_str().unwrap().to_string(),
                m["Key"].as_str().map(str::to_string),
            )
        })
        .collect();
    let mut want: BTreeSet<(i64, String, Option<String>)> = (1..=6)
        .map(|i| {
            (
                100 + i as i64,
                format!("host{i}.csr.pem"),
                Some(format!("host{i}.key.pem")),
            )
        })
        .collect();
    want.insert((202, "host2.csr.pem".into(), Some("host2.key.pem".into())));
    assert_eq!(matched, want);
    assert_eq!(
        files(&v, "RemoteOnly", "Name"),
        set(&["foreign", "masked", "no-key-sha2"])
    );
    assert_eq!(
        files(&v, "LocalOnly", "File"),
        set(&["host7.csr.pem", "host8.csr.pem", "host9.csr.pem"])
    );
    let nine = v["LocalOnly"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["File"] == "host9.csr.pem")
        .unwrap();
    assert!(nine["Key"].is_null(), "host9's key was removed");

    // The text view says the same for people.
    let o = csrkit(
        work.path(),
        &["reconcile", "response.json", d.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    for want in [
        "Matched: 7",
        "Remote only: 3",
        "Local only: 3",
        "host7.csr.pem",
        "CsrId 200",
    ] {
        assert!(text.contains(want), "{want} in\n{text}");
    }
}

struct Cert {
    file: String,
    sha2_colons: String,
    serial: String,
}

fn openssl_cert(dir: &Path, name: &str, serial: &str) -> Cert {
    let key = dir.join(format!("{name}.key.pem"));
    let crt = dir.join(format!("{name}.crt"));
    let o = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        crt.to_str().unwrap(),
        "-subj",
        &format!("/CN={name}.example.com"),
        "-days",
        "30",
        "-set_serial",
        serial,
        // A leaf: `req -x509` alone writes CA:TRUE (OpenSSL's v3_ca section).
        "-addext",
        "basicConstraints=critical,CA:FALSE",
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    let o = openssl(&[
        "x509",
        "-in",
        crt.to_str().unwrap(),
        "-noout",
        "-fingerprint",
        "-sha256",
        "-serial",
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    let field = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap()
            .trim()
            .to_string()
    };
    Cert {
        file: format!("{name}.crt"),
        sha2_colons: field("sha256 Fingerprint=").to_string(),
        serial: field("serial="),
    }
}

#[test]
fn certificate_responses_against_a_folder() {
    let work = tempfile::tempdir().unwrap();
    let d = work.path().join("certs");
    std::fs::create_dir(&d).unwrap();
    let c1 = openssl_cert(&d, "c1", "0x065C");
    let c2 = openssl_cert(&d, "c2", "0x7F01");
    let c3 = openssl_cert(&d, "c3", "0x0A");
    assert_eq!(c1.serial, "065C", "OpenSSL keeps the leading zero");
    // A CSR in the folder is not a certificate: never LocalOnly for the certificate APIs.
    std::fs::copy(vectors().join("csr/no-san.pem"), d.join("a.csr.pem")).unwrap();

    // ListClientCertificate: c1 on Sha2 (OpenSSL's colon upper-case form), c2's Sha2 is
    // masked so it falls back to the serial (lower case), one foreign entry.
    let response = json!({"CertificateList": [
        {"Identifier": "id-1", "Sha2": c1.sha2_colons, "SerialNumber": "ffff"},
        {"Identifier": "id-2", "Sha2": "14dcc8afc7578e1fcec36d658f7e20de18f6957bbac42b373a66bc9de4e9****",
         "SerialNumber": c2.serial.to_lowercase()},
        {"Identifier": "id-3", "Sha2": "cd".repeat(32), "SerialNumber": "62b2b943a32d96883a6650e672ea0276****",
         "Sans": "[ {\"Type\": 2, \"Value\": \"x.example.com\"}, ]"},
        // A usable Sha2 that matches nothing: no fallback to its (matching) serial.
        {"Identifier": "id-4", "Sha2": "ef".repeat(32), "SerialNumber": c3.serial.clone()}],
        "TotalCount": 3, "PageCount": 1});
    let v = run_json(work.path(), &response, &d);
    assert_eq!(v["Api"], "ListClientCertificate");
    let matched: BTreeSet<(String, String, String)> = v["Matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["Remote"]["Identifier"].as_str().unwrap().to_string(),
                m["Local"].as_str().unwrap().to_string(),
                m["MatchedOn"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        matched,
        BTreeSet::from([
            ("id-1".to_string(), c1.file.clone(), "Sha2".to_string()),
            (
                "id-2".to_string(),
                c2.file.clone(),
                "SerialNumber".to_string()
            ),
        ])
    );
    let m1 = &v["Matched"][0];
    assert_eq!(m1["Key"], "c1.key.pem", "{m1}");
    assert_eq!(
        files(&v, "RemoteOnly", "Identifier"),
        set(&["id-3", "id-4"])
    );
    assert_eq!(files(&v, "LocalOnly", "File"), set(&[&c3.file]));

    // ListCert: serials compare as numbers ("65c" is OpenSSL's "065C").
    let response = json!({"List": [
        {"Id": "1806958", "SerialNumber": "65c", "AfterDate": "2024-05-13 12:59:45"},
        {"Id": "1806959", "SerialNumber": "3a3ee3c3597d675e"}],
        "TotalCount": 2, "NextToken": ""});
    let v = run_json(work.path(), &response, &d);
    assert_eq!(v["Api"], "ListCert");
    assert_eq!(v["Matched"].as_array().unwrap().len(), 1);
    assert_eq!(v["Matched"][0]["Remote"]["Id"], "1806958");
    assert_eq!(v["Matched"][0]["Local"], c1.file.as_str());
    assert_eq!(v["Matched"][0]["MatchedOn"], "SerialNumber");
    assert_eq!(files(&v, "RemoteOnly", "Id"), set(&["1806959"]));
    assert_eq!(files(&v, "LocalOnly", "File"), set(&[&c2.file, &c3.file]));
}

#[test]
fn unreadable_responses_and_folders_exit_1() {
    let work = tempfile::tempdir().unwrap();
    let p = work.path();
    std::fs::write(
        p.join("truncated.json"),
        br#"{"CsrList": [{"CsrId": 1, "KeySha2": "ab"#,
    )
    .unwrap();
    std::fs::write(p.join("wrong.json"), br#"{"CsrList": [{"CsrId": "one"}]}"#).unwrap();
    std::fs::write(p.join("other.json"), br#"{"Items": []}"#).unwrap();
    std::fs::write(p.join("binary.json"), [0xff, 0xfe, 0x00]).unwrap();
    std::fs::write(p.join("ok.json"), br#"{"CsrList": []}"#).unwrap();
    for (file, want) in [
        ("truncated.json", "EOF"),
        ("wrong.json", "CsrList[0].CsrId"),
        ("other.json", "CertificateList"),
        ("binary.json", "UTF-8"),
        ("missing.json", "missing.json"),
    ] {
        let o = csrkit(p, &["reconcile", file, "."]);
        assert_eq!(o.status.code(), Some(1), "{file}");
        assert!(o.stdout.is_empty());
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(file) && err.contains(want), "{file}: {err}");
    }
    let o = csrkit(p, &["reconcile", "ok.json", "no-such-folder"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("no-such-folder")
    );
    // Usage errors are 2.
    let o = csrkit(p, &["reconcile", "ok.json"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A self-signed CA certificate by OpenSSL (basicConstraints critical CA:TRUE), with its
/// `sha256 Fingerprint=` line.
fn openssl_ca(dir: &Path, name: &str) -> String {
    let key = dir.join(format!("{name}.key.pem"));
    let crt = dir.join(format!("{name}.crt"));
    let o = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        crt.to_str().unwrap(),
        "-subj",
        &format!("/CN={name} Root"),
        "-days",
        "30",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    std::fs::remove_file(&key).unwrap();
    let o = openssl(&[
        "x509",
        "-in",
        crt.to_str().unwrap(),
        "-noout",
        "-fingerprint",
        "-sha256",
    ]);
    String::from_utf8(o.stdout)
        .unwrap()
        .trim()
        .trim_start_matches("sha256 Fingerprint=")
        .replace(':', "")
        .to_lowercase()
}

#[test]
fn ca_copies_orders_and_key_matches_in_json_and_text() {
    let work = tempfile::tempdir().unwrap();
    let d = work.path().join("certs");
    std::fs::create_dir_all(d.join("live/a")).unwrap();
    std::fs::create_dir_all(d.join("live/b")).unwrap();
    let c1 = openssl_cert(&d, "c1", "0x065C");
    let c2 = openssl_cert(&d, "c2", "0x7F01");
    let root = openssl_ca(&d, "ca");
    let ca_pem = std::fs::read(d.join("ca.crt")).unwrap();
    std::fs::write(d.join("live/a/chain.pem"), &ca_pem).unwrap();
    std::fs::write(d.join("live/b/chain.pem"), &ca_pem).unwrap();

    // ListUserCertificateOrder (the SDK model's keys): c1 on SerialNo, an order, a
    // foreign serial.
    let response = json!({"CertificateOrderList": [
        {"CertificateId": 14000001, "Name": "c1", "SerialNo": c1.serial.to_lowercase(), "Upload": true},
        {"OrderId": 7001, "InstanceId": "cas-ivauto-1", "ProductName": "DV", "Status": "ISSUED"},
        {"CertificateId": 14000003, "SerialNo": "ffee01"}],
        "CurrentPage": 1, "ShowSize": 50, "TotalCount": 3, "RequestId": "B1A2"});
    let v = run_json(work.path(), &response, &d);
    assert_eq!(v["Api"], "ListUserCertificateOrder");
    assert_eq!(v["Matched"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["Matched"][0]["Local"], c1.file.as_str());
    assert_eq!(v["Matched"][0]["MatchedOn"], "SerialNo");
    assert_eq!(v["Matched"][0]["LocalKind"], "certificate");
    assert_eq!(v["Matched"][0]["Remote"]["CertificateId"], 14000001);
    assert_eq!(v["RemoteOnly"].as_array().unwrap().len(), 2);
    assert_eq!(files(&v, "LocalOnly", "File"), set(&[&c2.file]));
    assert_eq!(
        files(&v, "LocalCa", "File"),
        set(&["ca.crt", "live/a/chain.pem", "live/b/chain.pem"])
    );
    assert_eq!(files(&v, "LocalCa", "Fingerprint"), set(&[&root]));

    let o = csrkit(
        work.path(),
        &["reconcile", "response.json", d.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    for want in [
        "Matched: 1",
        "CertificateId 14000001",
        "[SerialNo of a certificate]",
        "Remote only: 2",
        "OrderId 7001",
        "InstanceId cas-ivauto-1",
        "SerialNo ffee01",
        "Local only: 1",
        "Local CA certificates (issuers and roots, apart from Local only): 1 in 3 files",
        "CN ca Root  ca.crt, live/a/chain.pem, live/b/chain.pem",
    ] {
        assert!(text.contains(want), "{want} in\n{text}");
    }
    let local_only = text.split("Local only:").nth(1).unwrap();
    let local_only = local_only.split("Local CA").next().unwrap();
    assert!(!local_only.contains("chain.pem"), "{text}");

    // ListCsr on the same folder: the certificate c2 and its key are matched by KeySha2,
    // said in text too.
    let c2_key_sha2 = hex(&Sha256::digest(openssl_pubkey_der(
        &d.join("c2.key.pem"),
        false,
    )));
    std::fs::remove_file(d.join("c2.crt")).unwrap();
    let response = json!({"CsrList": [{"CsrId": 5, "KeySha2": c2_key_sha2}]});
    let v = run_json(work.path(), &response, &d);
    assert_eq!(v["Matched"][0]["Local"], "c2.key.pem", "{v}");
    assert_eq!(v["Matched"][0]["LocalKind"], "key");
    assert_eq!(v["LocalCa"], json!([]));
    let o = csrkit(
        work.path(),
        &["reconcile", "response.json", d.to_str().unwrap()],
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("c2.key.pem (key c2.key.pem)  [KeySha2 of a key]"),
        "{text}"
    );
}
