//! The APIs' bodies as csrkit types: every example of the vendors' API reference pages
//! (Alibaba Cloud CAS `ListCsr`, `ListCert`, `ListClientCertificate`, `UploadCsr`; Huawei
//! Cloud "Exporting a CSR of a CA Certificate"; copied verbatim into tests/fixtures/) deserializes and serializes back with the same keys and
//! values; request types serialize to the page's parameter names; malformed responses
//! name the key that is wrong; local inspections convert into the API items.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use csrkit::Error;
use csrkit::api::{
    CertificateListItem, CsrListItem, ExportCsrRequest, HuaweiErrorBody, ListCertRequest,
    ListCertResponse, ListClientCertificateRequest, ListClientCertificateResponse, ListCsrRequest,
    ListCsrResponse, ListResponse, UploadCsrResponse, from_json,
};
use csrkit::cert::ParsedCert;
use csrkit::csr::ParsedCsr;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every key path in a JSON value (`CsrList[].KeySha2`, …).
fn key_paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{prefix}.{k}");
                out.insert(p.clone());
                key_paths(x, &p, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                key_paths(x, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// Deserialize the page's example into `T`, serialize it back: same keys, same values.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let text = fixture(name);
    let original: Value = serde_json::from_str(&text).unwrap();
    let typed: T = from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
    key_paths(&original, "", &mut a);
    key_paths(&back, "", &mut b);
    assert!(a.len() >= 2, "{name}: fixture has keys");
    assert_eq!(a, b, "{name}: keys differ");
    assert_eq!(original, back, "{name}: values differ");
    typed
}

#[test]
fn listcsr_example_round_trips() {
    let r: ListCsrResponse = round_trip("seed-000-listcsr-response.json");
    assert_eq!(r.total_count, Some(10));
    assert_eq!(r.show_size, Some(10));
    let e = &r.csr_list[0];
    assert_eq!(e.csr_id, Some(3454));
    assert_eq!(e.key_size, Some(2048));
    assert_eq!(e.key_sha2.as_deref(), Some("1234"));
    assert_eq!(e.sans.as_deref(), Some("www.aliyundoc.com,www.example.com"));
    assert_eq!(
        e.corp_name.as_deref(),
        Some("Beijing CSR Technology Co., Ltd.")
    );
    assert_eq!(e.has_private_key, Some(true));
    assert!(
        e.local.is_none(),
        "local fields are never read from a response"
    );
}

#[test]
fn listcert_example_round_trips_with_string_dates() {
    let r: ListCertResponse = round_trip("seed-001-listcert-response.json");
    let e = &r.list[0];
    assert_eq!(e.after_date.as_deref(), Some("2024-05-13 12:59:45"));
    assert_eq!(e.before_date.as_deref(), Some("2026-05-19"));
    assert_eq!(e.before_time, Some(1_728_921_600_000));
    assert_eq!(e.id.as_deref(), Some("1806958"));
    assert_eq!(e.serial_number.as_deref(), Some("3a3ee3c3597d675e"));
    assert_eq!(e.tags.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        r.next_token.as_deref(),
        Some("1d2db86sca4384811e0b5e8707e68181f")
    );
    assert_eq!(r.max_results, Some(20));
}

#[test]
fn listclientcertificate_example_round_trips_and_reads_its_sans_leniently() {
    let r: ListClientCertificateResponse =
        round_trip("seed-002-listclientcertificate-response.json");
    let e = &r.certificate_list[0];
    assert_eq!(e.before_date, Some(1_634_283_958_000));
    assert_eq!(e.after_date, Some(1_665_819_958_000));
    assert_eq!(e.days, Some(365));
    assert_eq!(e.key_size, Some(4096));
    assert_eq!(
        e.subject_dn.as_deref(),
        Some("C=CN,O=阿里云计算有限公司,OU=Security,L=Hangzhou,ST=Zhejiang,CN=Aliyun")
    );
    // The page's Sans has a trailing comma: strict JSON refuses it, the model reads it.
    let sans = e.sans.as_ref().unwrap();
    assert!(serde_json::from_str::<Value>(&sans.0).is_err());
    let entries = sans.entries().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        (entries[0].kind, entries[0].value.as_str()),
        (7, "192.0.XX.XX")
    );
    assert_eq!(
        (entries[1].kind, entries[1].value.as_str()),
        (2, "www.aliyundoc.com")
    );
    // A comma inside a value is not touched.
    let tricky = csrkit::api::SanList(r#"[{"Type": 2, "Value": "a,]b"},]"#.into());
    assert_eq!(tricky.entries().unwrap()[0].value, "a,]b");
    assert!(
        csrkit::api::SanList("[{\"Type\": 2".into())
            .entries()
            .is_err()
    );
}

#[test]
fn uploadcsr_and_huawei_examples_round_trip() {
    let r: UploadCsrResponse = round_trip("seed-003-uploadcsr-response.json");
    assert_eq!(r.csr_id, Some(2271));
    let h: ExportCsrRequest = round_trip("seed-004-huawei-export-csr-request.json");
    assert_eq!(h.transaction_id.as_deref(), Some("string"));
    assert_eq!(h.distinguished_name.organizational_unit, "Workspace");
    // The same type drives `generate --request`.
    let req = h.to_csr_request().unwrap();
    assert_eq!(
        req.subject.to_rfc4514(),
        "CN=api_test,OU=Workspace,O=Huawei,L=DongGuan,ST=GuangDong,C=CN"
    );
}

#[test]
fn huawei_error_body() {
    let text = r#"{"error_code": "PCA.10010002", "error_msg": "Invalid parameter.",
                   "encoded_authorization_message": "abc", "unknown": 1}"#;
    let e: HuaweiErrorBody = from_json(text).unwrap();
    assert_eq!(e.error_code.as_deref(), Some("PCA.10010002"));
    assert_eq!(e.error_detail, None);
    assert_eq!(e.to_string(), "PCA.10010002: Invalid parameter.");
    let back = serde_json::to_value(&e).unwrap();
    assert_eq!(
        back.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["encoded_authorization_message", "error_code", "error_msg"]
    );
    let err = from_json::<HuaweiErrorBody>(r#"{"error_code": 7}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("error_code"), "{err}");
}

#[test]
fn request_types_serialize_to_the_page_parameter_names() {
    let r = ListCsrRequest {
        key_word: Some("test_name".into()),
        algorithm: Some(csrkit::keys::KeyType::Rsa),
        current_page: Some(1),
        show_size: Some(10),
    };
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::json!({"KeyWord": "test_name", "Algorithm": "RSA", "CurrentPage": 1, "ShowSize": 10})
    );
    assert_eq!(
        serde_json::to_string(&ListCsrRequest::default()).unwrap(),
        "{}"
    );
    let r = ListCertRequest {
        instance_uuid: Some("1ef79512-569b-6a4e-9105-9b91473562f7".into()),
        before_date: Some("2025-09-04".into()),
        after_date: Some("2024-05-13 12:59:45".into()),
        status: Some("ISSUE".into()),
        cert_type: Some("CLIENT".into()),
        current_page: Some(1),
        show_size: Some(50),
        max_results: Some(20),
        next_token: Some("1d2db86sca4384811e0b5e8707e68181f".into()),
    };
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::json!({"InstanceUuid": "1ef79512-569b-6a4e-9105-9b91473562f7",
            "BeforeDate": "2025-09-04", "AfterDate": "2024-05-13 12:59:45", "Status": "ISSUE",
            "Type": "CLIENT", "CurrentPage": 1, "ShowSize": 50, "MaxResults": 20,
            "NextToken": "1d2db86sca4384811e0b5e8707e68181f"})
    );
    let r = ListClientCertificateRequest {
        current_page: Some(1),
        show_size: Some(20),
        identifier: Some("160ae6bb538d538c70c01f81dcf2****".into()),
        resource_group_id: Some("rg-ae******4wia".into()),
    };
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::json!({"CurrentPage": 1, "ShowSize": 20,
            "Identifier": "160ae6bb538d538c70c01f81dcf2****", "ResourceGroupId": "rg-ae******4wia"})
    );
}

#[test]
fn malformed_and_truncated_responses_name_the_wrong_key() {
    let good = fixture("seed-000-listcsr-response.json");
    let cases: [(String, &str); 6] = [
        (
            good.replace("\"KeySize\": 2048", "\"KeySize\": \"2048\""),
            "CsrList[0].KeySize",
        ),
        (
            good.replace("\"CsrId\": 3454", "\"CsrId\": 3.5"),
            "CsrList[0].CsrId",
        ),
        (
            good.replace("\"HasPrivateKey\": true", "\"HasPrivateKey\": \"yes\""),
            "CsrList[0].HasPrivateKey",
        ),
        (
            good.replace("\"TotalCount\": 10", "\"TotalCount\": -1"),
            "TotalCount",
        ),
        (
            good.replace("\"CsrList\": [", "\"CsrList\": \"none\", \"Ignored\": ["),
            "CsrList",
        ),
        (good[..good.len() / 2].to_string(), "EOF while parsing"),
    ];
    for (text, want) in cases {
        let err = ListResponse::from_json(&text).unwrap_err().to_string();
        assert!(err.contains(want), "{want}: {err}");
    }
    let cert = fixture("seed-002-listclientcertificate-response.json");
    let err = ListResponse::from_json(&cert.replace(
        "\"BeforeDate\": 1634283958000",
        "\"BeforeDate\": \"2021-10-15\"",
    ))
    .unwrap_err()
    .to_string();
    assert!(err.contains("CertificateList[0].BeforeDate"), "{err}");
    let err = ListResponse::from_json(r#"{"Items": []}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("CsrList") && err.contains("CertificateList"),
        "{err}"
    );
    match ListResponse::from_json("[1, 2]") {
        Err(Error::ApiBody(m)) => assert!(m.contains("not a JSON object"), "{m}"),
        other => panic!("{other:?}"),
    }
    match ListResponse::from_json("") {
        Err(Error::ApiBody(m)) => assert!(m.contains("EOF"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_three_responses_are_recognised() {
    for (name, api) in [
        ("seed-000-listcsr-response.json", "ListCsr"),
        ("seed-001-listcert-response.json", "ListCert"),
        (
            "seed-002-listclientcertificate-response.json",
            "ListClientCertificate",
        ),
    ] {
        assert_eq!(ListResponse::from_json(&fixture(name)).unwrap().api(), api);
    }
}

#[test]
fn local_inspections_convert_into_the_api_items() {
    let v = common::vectors();
    let csr =
        ParsedCsr::from_bytes(&std::fs::read(v.join("csr/all-san-kinds.pem")).unwrap()).unwrap();
    let info = csr.info(None, Some("web-01")).unwrap();
    let item = CsrListItem::from(&info);
    assert_eq!(item.key_sha2.as_deref(), Some(info.key_sha2.as_str()));
    assert_eq!(item.name.as_deref(), Some("web-01"));
    assert_eq!(item.csr_id, None);
    let json = serde_json::to_value(&item).unwrap();
    // Every key of the ListCsr example except the API's CsrId, plus csrkit's local fields.
    let example: Value = serde_json::from_str(&fixture("seed-000-listcsr-response.json")).unwrap();
    let inspected = serde_json::to_value(&info).unwrap();
    for k in example["CsrList"][0].as_object().unwrap().keys() {
        // CsrId is the API's; a field the CSR lacks (here OU) is there as null.
        if k != "CsrId" {
            assert!(json.get(k).is_some(), "{k} missing from {json}");
        }
    }
    for k in [
        "SubjectDN",
        "SanEntries",
        "SignatureValid",
        "Sha2",
        "Md5",
        "Kind",
    ] {
        assert!(json.get(k).is_some(), "{k}");
    }
    // The same values as the inspection, where the keys are shared; File and KeyFile are
    // what a listing adds (null here: no folder).
    for (k, x) in json.as_object().unwrap() {
        if k == "File" || k == "KeyFile" {
            assert!(x.is_null(), "{k}");
            continue;
        }
        assert_eq!(Some(x), inspected.get(k), "{k}");
    }

    let cert = ParsedCert::from_bytes(&std::fs::read(v.join("cert/ecc-client-p256.pem")).unwrap())
        .unwrap();
    let info = cert.info(None, None).unwrap();
    let item = CertificateListItem::from_info(&info, Some("client"));
    let json = serde_json::to_value(&item).unwrap();
    let example: Value =
        serde_json::from_str(&fixture("seed-002-listclientcertificate-response.json")).unwrap();
    let api_only = [
        "Identifier",
        "Status",
        "ParentIdentifier",
        "ResourceGroupId",
    ];
    let inspected = serde_json::to_value(&info).unwrap();
    for k in example["CertificateList"][0].as_object().unwrap().keys() {
        if !api_only.contains(&k.as_str()) {
            assert!(json.get(k).is_some(), "{k} missing");
        }
    }
    for (k, x) in json.as_object().unwrap() {
        if k == "File" || k == "KeyFile" {
            assert!(x.is_null(), "{k}");
        } else if k != "Name" {
            assert_eq!(Some(x), inspected.get(k), "{k}");
        }
    }
    assert_eq!(json["Name"], "client");
    assert_eq!(item.sans.unwrap().entries().unwrap(), info.san_entries);
}

#[test]
fn an_unknown_algorithm_value_reads_as_absent() {
    use csrkit::api::ListCsrResponse;
    let r: ListCsrResponse = csrkit::api::from_json(
        r#"{"CsrList": [{"CsrId": 1, "Algorithm": "ecc"}, {"CsrId": 2, "Algorithm": "ED25519"},
                        {"CsrId": 3, "Algorithm": ""}], "TotalCount": 3}"#,
    )
    .unwrap();
    let algs: Vec<_> = r.csr_list.iter().map(|e| e.algorithm).collect();
    assert_eq!(algs, [Some(csrkit::keys::KeyType::Ecc), None, None]);
}
