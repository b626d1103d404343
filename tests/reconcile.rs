//! `reconcile` against a folder of certificates, keys, CSRs and CA copies that OpenSSL
//! made. Every expected `KeySha2`, `Sha2` and serial is OpenSSL's (`openssl pkey -pubout`
//! then `openssl dgst -sha256`, `openssl x509 -fingerprint -sha256 -serial`), never
//! csrkit's. The `ListUserCertificateOrder` bodies use the field names of the vendor SDK
//! model (`alibabacloud-cas20200407` `ListUserCertificateOrderResponseBody`).
#![cfg(feature = "fs")]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{all_output, openssl};
use csrkit::api::ListResponse;
use csrkit::error::ErrorKind;
use csrkit::keys::Passwords;
use csrkit::reconcile::{LocalKind, Reconciliation, reconcile, reconcile_with};
use serde_json::{Value, json};

fn ossl(args: &[&str]) -> String {
    let o = openssl(args);
    assert!(o.status.success(), "openssl {args:?}: {}", all_output(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `KeySha2` of a private key file: SHA-256 of the SubjectPublicKeyInfo OpenSSL derives.
fn key_sha2(key: &Path, work: &Path) -> String {
    let spki = work.join("spki.der");
    ossl(&[
        "pkey",
        "-in",
        s(key),
        "-pubout",
        "-outform",
        "DER",
        "-out",
        s(&spki),
    ]);
    let out = ossl(&["dgst", "-sha256", "-r", s(&spki)]);
    out.split_whitespace().next().expect("a digest").to_string()
}

/// OpenSSL's `sha256 Fingerprint=AA:BB:…` and `serial=065C` of a certificate.
fn fingerprint_and_serial(cert: &Path) -> (String, String) {
    let out = ossl(&[
        "x509",
        "-in",
        s(cert),
        "-noout",
        "-fingerprint",
        "-sha256",
        "-serial",
    ]);
    let field = |k: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(k))
            .expect("the field is printed")
            .trim()
            .to_string()
    };
    (field("sha256 Fingerprint="), field("serial="))
}

fn ec_key(path: &Path) {
    ossl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        s(path),
    ]);
}

/// A folder laid out as a server keeps it, made by OpenSSL:
///
/// - `ca.crt` (root, basicConstraints critical CA:TRUE), its copies `live/a/chain.pem`,
///   `live/b/chain.pem`, and the second certificate of `fullchain.pem`;
/// - `web.crt` + `web.key` (a leaf the CA issued, serial 0x0A11), and the leaf of
///   `fullchain.pem`;
/// - `api.crt` + `api.key` (another leaf, serial 0x7F01);
/// - `req.csr` + `req.key` (a CSR);
/// - `lone.key` (a key with no CSR or certificate of its own).
struct Folder {
    _work: tempfile::TempDir,
    dir: PathBuf,
    web_key_sha2: String,
    req_key_sha2: String,
    lone_key_sha2: String,
    ca_sha2: String,
    web_sha2: String,
    web_serial: String,
    api_serial: String,
}

fn folder() -> Folder {
    let work = tempfile::tempdir().expect("tempdir");
    let w = work.path().to_path_buf();
    let dir = w.join("certs");
    std::fs::create_dir_all(dir.join("live/a")).expect("mkdir");
    std::fs::create_dir_all(dir.join("live/b")).expect("mkdir");
    let (ca_key, ca) = (w.join("ca.key"), dir.join("ca.crt"));
    ec_key(&ca_key);
    ossl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        s(&ca_key),
        "-subj",
        "/CN=Reconcile Test Root",
        "-days",
        "60",
        "-set_serial",
        "0x01",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-out",
        s(&ca),
    ]);
    let leaf = |name: &str, serial: &str| {
        let key = dir.join(format!("{name}.key"));
        let csr = w.join(format!("{name}.csr"));
        ec_key(&key);
        ossl(&[
            "req",
            "-new",
            "-key",
            s(&key),
            "-subj",
            &format!("/CN={name}.example.com"),
            "-out",
            s(&csr),
        ]);
        ossl(&[
            "x509",
            "-req",
            "-in",
            s(&csr),
            "-CA",
            s(&ca),
            "-CAkey",
            s(&ca_key),
            "-set_serial",
            serial,
            "-days",
            "30",
            "-out",
            s(&dir.join(format!("{name}.crt"))),
        ]);
    };
    leaf("web", "0x0A11");
    leaf("api", "0x7F01");
    let (web, ca_pem) = (
        std::fs::read_to_string(dir.join("web.crt")).expect("web.crt"),
        std::fs::read_to_string(&ca).expect("ca.crt"),
    );
    std::fs::write(dir.join("fullchain.pem"), format!("{web}{ca_pem}")).expect("write");
    std::fs::write(dir.join("live/a/chain.pem"), &ca_pem).expect("write");
    std::fs::write(dir.join("live/b/chain.pem"), &ca_pem).expect("write");
    let req_key = dir.join("req.key");
    ec_key(&req_key);
    ossl(&[
        "req",
        "-new",
        "-key",
        s(&req_key),
        "-subj",
        "/CN=req.example.com",
        "-out",
        s(&dir.join("req.csr")),
    ]);
    ec_key(&dir.join("lone.key"));
    let (ca_sha2, _) = fingerprint_and_serial(&ca);
    let (web_sha2, web_serial) = fingerprint_and_serial(&dir.join("web.crt"));
    let (_, api_serial) = fingerprint_and_serial(&dir.join("api.crt"));
    assert_eq!(
        web_serial, "0A11",
        "OpenSSL prints the serial with its leading zero"
    );
    Folder {
        web_key_sha2: key_sha2(&dir.join("web.key"), &w),
        req_key_sha2: key_sha2(&req_key, &w),
        lone_key_sha2: key_sha2(&dir.join("lone.key"), &w),
        ca_sha2,
        web_sha2,
        web_serial,
        api_serial,
        dir,
        _work: work,
    }
}

fn run(f: &Folder, response: &Value) -> Reconciliation {
    let r = ListResponse::from_json(&response.to_string()).expect("the response reads");
    reconcile(&r, &f.dir).expect("reconcile")
}

fn names(paths: impl IntoIterator<Item = PathBuf>) -> BTreeSet<String> {
    paths
        .into_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

/// `sha256 Fingerprint=AA:BB` as csrkit prints `Sha2`: lower case, no colons.
fn plain(fingerprint: &str) -> String {
    fingerprint.replace(':', "").to_lowercase()
}

#[test]
fn listcsr_matches_csrs_certificates_and_lone_keys_by_key_sha2() {
    let f = folder();
    let response = json!({"CsrList": [
        {"CsrId": 1, "Name": "web", "KeySha2": f.web_key_sha2.to_uppercase()},
        {"CsrId": 2, "Name": "req", "KeySha2": f.req_key_sha2},
        {"CsrId": 3, "Name": "lone", "KeySha2": f.lone_key_sha2},
        {"CsrId": 4, "Name": "foreign", "KeySha2": "ab".repeat(32)}],
        "TotalCount": 4});
    let r = run(&f, &response);
    assert_eq!(r.api, "ListCsr");
    let got: BTreeSet<(i64, String, LocalKind, Option<String>, &str)> = r
        .matched
        .iter()
        .map(|m| {
            (
                m.remote.csr_id.expect("CsrId"),
                m.local.to_string_lossy().into_owned(),
                m.local_kind,
                m.key.as_ref().map(|k| k.to_string_lossy().into_owned()),
                m.matched_on,
            )
        })
        .collect();
    let k = |s: &str| Some(s.to_string());
    let want = BTreeSet::from([
        (
            1,
            "web.crt".into(),
            LocalKind::Certificate,
            k("web.key"),
            "KeySha2",
        ),
        (
            1,
            "fullchain.pem".into(),
            LocalKind::Certificate,
            k("web.key"),
            "KeySha2",
        ),
        (2, "req.csr".into(), LocalKind::Csr, k("req.key"), "KeySha2"),
        (
            3,
            "lone.key".into(),
            LocalKind::Key,
            k("lone.key"),
            "KeySha2",
        ),
    ]);
    assert_eq!(
        got, want,
        "web.key is web.crt's Key, never a match of its own"
    );
    assert_eq!(r.remote_only.len(), 1);
    assert_eq!(r.remote_only[0].csr_id, Some(4));
    assert!(r.local_only.is_empty(), "{:?}", r.local_only);
    assert!(r.local_ca.is_empty(), "{:?}", r.local_ca);

    let json = serde_json::to_value(&r).expect("serializes");
    let kinds: BTreeSet<&str> = json["Matched"]
        .as_array()
        .expect("Matched")
        .iter()
        .map(|m| m["LocalKind"].as_str().expect("LocalKind"))
        .collect();
    assert_eq!(kinds, BTreeSet::from(["certificate", "csr", "key"]));
}

#[test]
fn ca_copies_are_local_ca_not_local_only() {
    let f = folder();
    // ListClientCertificate: web on Sha2 (OpenSSL's colon form), nothing else.
    let response = json!({"CertificateList": [{"Identifier": "id-web", "Sha2": f.web_sha2}]});
    let r = run(&f, &response);
    assert_eq!(
        names(r.matched.iter().map(|m| m.local.clone())),
        names(["web.crt".into(), "fullchain.pem".into()])
    );
    assert_eq!(
        names(r.local_only.iter().map(|l| l.file.clone())),
        names(["api.crt".into()])
    );
    assert_eq!(
        names(r.local_ca.iter().map(|l| l.file.clone())),
        names([
            "ca.crt".into(),
            "fullchain.pem".into(),
            "live/a/chain.pem".into(),
            "live/b/chain.pem".into()
        ])
    );
    for l in &r.local_ca {
        assert_eq!(l.fingerprint, plain(&f.ca_sha2), "{}", l.file.display());
        assert_eq!(l.kind, LocalKind::Certificate);
        assert_eq!(l.common_name.as_deref(), Some("Reconcile Test Root"));
    }
    let json = serde_json::to_value(&r).expect("serializes");
    assert_eq!(json["LocalCa"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["LocalOnly"][0]["Kind"], "certificate");

    // A CA the response lists is matched, not LocalCa.
    let response = json!({"List": [{"Id": "9", "SerialNumber": "1"}]});
    let r = run(&f, &response);
    assert_eq!(r.matched.len(), 4, "{:?}", r.matched);
    assert!(r.local_ca.is_empty());
    assert_eq!(
        names(r.local_only.iter().map(|l| l.file.clone())),
        names(["api.crt".into(), "fullchain.pem".into(), "web.crt".into()])
    );
}

#[test]
fn list_user_certificate_order_is_matched_on_serial_no() {
    let f = folder();
    // The fields the SDK model's CertificateOrderList element has: a certificate
    // (SerialNo in lower case, without OpenSSL's leading zero), an order (no serial), a
    // masked serial and a foreign one.
    let response = json!({
        "CertificateOrderList": [
            {"CertificateId": 14000001, "Name": "web-cert", "CommonName": "web.example.com",
             "SerialNo": f.web_serial.trim_start_matches('0').to_lowercase(),
             "Sha2": plain(&f.web_sha2), "Fingerprint": "ab12", "Issuer": "Reconcile Test Root",
             "StartDate": "2026-12-01", "EndDate": "2026-12-31", "Expired": false,
             "Upload": true, "Sans": "web.example.com", "City": "Hangzhou", "Country": "CN",
             "OrgName": "Example", "Province": "Zhejiang", "ResourceGroupId": "rg-1",
             "InstanceId": "cas-upload-1"},
            {"OrderId": 7001, "AliyunOrderId": 23400012, "InstanceId": "cas-ivauto-1",
             "ProductName": "DV Single Domain", "ProductCode": "digicert-free-1-free",
             "Algorithm": "RSA", "BuyDate": 1733120000000i64, "CertStartTime": 1733120000000i64,
             "CertEndTime": 1764656000000i64, "CertType": "FREE", "Domain": "www.example.com",
             "DomainCount": 1, "DomainType": "ONE", "WildDomainCount": 0,
             "PartnerOrderId": "p-1", "RootBrand": "DigiCert", "SourceType": "buy",
             "Status": "ISSUED", "TrusteeStatus": "unTrustee"},
            {"CertificateId": 14000002, "SerialNo": "0a11****"},
            {"CertificateId": 14000003, "SerialNo": "ffee01", "Name": "elsewhere"}],
        "CurrentPage": 1, "ShowSize": 50, "TotalCount": 4, "RequestId": "B1A2-C3"});
    let parsed = ListResponse::from_json(&response.to_string()).expect("reads");
    assert_eq!(parsed.api(), "ListUserCertificateOrder");
    // The model keeps the API's key names: it serializes back to the same body.
    assert_eq!(serde_json::to_value(&parsed).expect("serializes"), response);

    let r = reconcile_with(&parsed, &f.dir, &Passwords::none()).expect("reconcile");
    assert_eq!(r.api, "ListUserCertificateOrder");
    let got: BTreeSet<(Option<i64>, String, &str, LocalKind)> = r
        .matched
        .iter()
        .map(|m| {
            (
                m.remote.certificate_id,
                m.local.to_string_lossy().into_owned(),
                m.matched_on,
                m.local_kind,
            )
        })
        .collect();
    assert_eq!(
        got,
        BTreeSet::from([
            (
                Some(14000001),
                "fullchain.pem".into(),
                "SerialNo",
                LocalKind::Certificate
            ),
            (
                Some(14000001),
                "web.crt".into(),
                "SerialNo",
                LocalKind::Certificate
            ),
        ])
    );
    let m = r
        .matched
        .iter()
        .find(|m| m.local == Path::new("web.crt"))
        .expect("web.crt");
    assert_eq!(m.key.as_deref(), Some(Path::new("web.key")));
    assert_eq!(m.remote.instance_id.as_deref(), Some("cas-upload-1"));
    let remote_only: BTreeSet<(Option<i64>, Option<i64>)> = r
        .remote_only
        .iter()
        .map(|e| (e.certificate_id, e.order_id))
        .collect();
    assert_eq!(
        remote_only,
        BTreeSet::from([
            (None, Some(7001)),
            (Some(14000002), None),
            (Some(14000003), None)
        ])
    );
    assert_eq!(
        names(r.local_only.iter().map(|l| l.file.clone())),
        names(["api.crt".into()])
    );
    assert_eq!(
        r.local_only[0]
            .serial_number
            .as_deref()
            .map(str::to_lowercase),
        Some(f.api_serial.to_lowercase())
    );
    assert_eq!(r.local_ca.len(), 4);
    let json = serde_json::to_value(&r).expect("serializes");
    assert_eq!(json["Matched"][0]["MatchedOn"], "SerialNo");
    assert!(
        json["RemoteOnly"]
            .as_array()
            .expect("RemoteOnly")
            .iter()
            .any(|e| e["OrderId"] == 7001)
    );
}

#[test]
fn a_wrong_order_list_field_is_named() {
    for (body, path) in [
        (
            r#"{"CertificateOrderList": [{"CertificateId": "fourteen"}]}"#,
            "CertificateOrderList[0].CertificateId",
        ),
        (
            r#"{"CertificateOrderList": [{"Upload": "yes"}], "TotalCount": 1}"#,
            "CertificateOrderList[0].Upload",
        ),
        (r#"{"CertificateOrderList": {}}"#, "CertificateOrderList"),
    ] {
        let e = ListResponse::from_json(body).expect_err(body);
        assert_eq!(e.kind(), ErrorKind::Malformed, "{body}: {e}");
        assert!(e.to_string().contains(path), "{body}: {e}");
    }
}
