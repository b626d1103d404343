//! Bad DN and SAN values are refused with an error that names the field or value;
//! RFC 4514 strings parse and print as the RFC says; the Huawei request model reads
//! the page's example and names what is missing.

use csrkit::Error;
use csrkit::api::ExportCsrRequest;
use csrkit::error::NameProblem;
use csrkit::names::DistinguishedName;
use csrkit::sans::San;

fn dn_err(b: csrkit::names::DnBuilder) -> (String, NameProblem, String) {
    match b.build() {
        Err(e @ Error::InvalidName { .. }) => {
            let msg = e.to_string();
            let Error::InvalidName { field, problem } = e else {
                unreachable!()
            };
            (field.to_string(), problem, msg)
        }
        other => panic!("expected InvalidName, got {other:?}"),
    }
}

#[test]
fn bad_dn_values_name_their_field() {
    let b = DistinguishedName::builder;
    let long = |n| "x".repeat(n);
    let cases: Vec<(csrkit::names::DnBuilder, &str)> = vec![
        (b().country("China"), "C"),
        (b().country("cn"), "C"),
        (b().country("C1"), "C"),
        (b().country(""), "C"),
        (b().country("ÄB"), "C"),
        (b().common_name(""), "CN"),
        (b().common_name("   "), "CN"),
        (b().common_name(long(65)), "CN"),
        (b().common_name("a\u{0}b"), "CN"),
        (b().common_name("a\nb"), "CN"),
        (b().organization(long(65)), "O"),
        (b().organization("x\u{7f}"), "O"),
        (b().organizational_unit("ok").organizational_unit(""), "OU"),
        (b().organizational_unit(long(65)), "OU"),
        (b().state(long(129)), "ST"),
        (b().locality(long(129)), "L"),
        (b().locality("tab\there"), "L"),
        (b().email_address("ü@example.com"), "emailAddress"),
    ];
    for (builder, field) in cases {
        let (got, problem, msg) = dn_err(builder);
        assert_eq!(got, field, "{msg}");
        assert!(msg.contains(field), "message {msg:?} names {field}");
        let _ = problem;
    }
    // Bounds are in characters, not bytes: 64 CJK characters are fine.
    assert!(b().organization("云".repeat(64)).build().is_ok());
    assert!(b().organization("云".repeat(65)).build().is_err());
    assert!(b().common_name(long(64)).state(long(128)).build().is_ok());
}

#[test]
fn bad_san_values_are_refused_naming_the_value() {
    let bad = [
        "www.*.example.com",
        "w*w.example.com",
        "*.com",
        "*",
        "-bad.example.com",
        "bad-.example.com",
        "a..b",
        "exa mple.com",
        "under_score.example.com",
        "bücher.example",
        "ip:300.1.1.1",
        "ip:example.com",
        "email:@example.com",
        "email:a@",
        "email:a b@example.com",
        "uri:no scheme here",
        "uri:://x",
        "uri:1http://x",
        "",
    ];
    for s in bad {
        match San::parse(s) {
            Err(e @ Error::InvalidSan { .. }) => {
                let msg = e.to_string();
                let value = s.split_once(':').map_or(s, |(p, v)| {
                    if ["ip", "email", "uri", "dns"].contains(&p) {
                        v
                    } else {
                        s
                    }
                });
                assert!(msg.contains(value), "{msg:?} names {value:?}");
            }
            other => panic!("{s:?} should be refused, got {other:?}"),
        }
    }
    let long_label = format!("{}.example.com", "a".repeat(64));
    assert!(San::parse(&long_label).is_err());
    let long_name = format!("{}com", "abcdefghi.".repeat(26));
    assert!(long_name.len() > 253 && San::parse(&long_name).is_err());
}

#[test]
fn san_forms_and_type_codes() {
    let cases = [
        ("www.example.com", 2, "www.example.com"),
        ("dns:localhost", 2, "localhost"),
        ("*.example.com", 2, "*.example.com"),
        ("192.0.2.1", 7, "192.0.2.1"),
        ("ip:2001:0db8:0:0::1", 7, "2001:db8::1"),
        ("2001:db8::1", 7, "2001:db8::1"),
        ("a@example.com", 1, "a@example.com"),
        ("email:a@example.com", 1, "a@example.com"),
        ("uri:https://example.com/x", 6, "https://example.com/x"),
        ("URI:urn:uuid:1234", 6, "urn:uuid:1234"),
    ];
    for (input, code, value) in cases {
        let san = San::parse(input).unwrap();
        assert_eq!(san.type_code(), code, "{input}");
        assert_eq!(san.value(), value, "{input}");
    }
}

#[test]
fn rfc4514_strings() {
    let dn = DistinguishedName::parse_rfc4514("CN=example.com,O=Example Co,C=CN").unwrap();
    assert_eq!(dn.to_rfc4514(), "CN=example.com,O=Example Co,C=CN");
    // Encoding order is the reverse of the string order.
    let order: Vec<String> = dn.entries().iter().map(|e| e.short_name()).collect();
    assert_eq!(order, ["C", "O", "CN"]);

    let tricky = DistinguishedName::parse_rfc4514(
        r"CN=\ lead and trail\ ,O=Example\, Inc.,OU=a\+b,OU=semi\;colon,L=\#hash,ST=back\\slash,C=US",
    )
    .unwrap();
    assert_eq!(tricky.common_name(), Some(" lead and trail "));
    assert_eq!(
        tricky.get(csrkit::names::Attribute::Organization),
        Some("Example, Inc.")
    );
    assert_eq!(
        DistinguishedName::parse_rfc4514(&tricky.to_rfc4514()).unwrap(),
        tricky
    );

    // Hex escapes of UTF-8, and spaces around separators.
    let hex = DistinguishedName::parse_rfc4514(r"CN = caf\C3\A9 , C=FR").unwrap();
    assert_eq!(hex.common_name(), Some("café"));

    for bad in [
        "",
        "CN",
        "=x",
        "XYZ=a",
        "CN=a,CN=b",
        r"CN=bad\escape",
        r"CN=trailing\",
        "CN=#04036162",
        "C=china",
    ] {
        assert!(DistinguishedName::parse_rfc4514(bad).is_err(), "{bad:?}");
    }
    // Multi-valued RDNs and #hex values (RFC 4514 2.4) are read as given.
    let multi = DistinguishedName::parse_rfc4514("CN=a+O=b,C=CN").unwrap();
    assert_eq!(multi.subject_dn(), "C=CN,CN=a+O=b");
    let hex = DistinguishedName::parse_rfc4514("UID=#0403616263,CN=a").unwrap();
    assert_eq!(hex.subject_dn(), "CN=a,UID=#0403616263");
    assert_eq!(hex.to_rfc4514(), "UID=#0403616263,CN=a");
    // ... but not for the six fields and emailAddress, whose rules apply to the text.
    for bad in ["CN=#0c00", "C=#0c024142", "CN=a,CN=#0c0162"] {
        assert!(DistinguishedName::parse_rfc4514(bad).is_err(), "{bad}");
    }
}

#[test]
fn huawei_request_example_and_errors() {
    let page = r#"{
      "distinguished_name" : {
        "common_name" : "api_test", "country" : "CN", "state" : "GuangDong",
        "locality" : "DongGuan", "organization" : "Huawei", "organizational_unit" : "Workspace"
      },
      "key_algorithm" : "RSA-3072", "signature_algorithm" : "SHA-256", "transaction_id" : "string"
    }"#;
    let r = ExportCsrRequest::from_json(page).unwrap();
    let req = r.to_csr_request().unwrap();
    assert_eq!(req.profile, csrkit::request::Profile::Ca);
    assert_eq!(
        req.subject.to_rfc4514(),
        "CN=api_test,OU=Workspace,O=Huawei,L=DongGuan,ST=GuangDong,C=CN"
    );

    for field in [
        "common_name",
        "country",
        "state",
        "locality",
        "organization",
        "organizational_unit",
    ] {
        let v: serde_json::Value = serde_json::from_str(page).unwrap();
        let mut v = v;
        v["distinguished_name"]
            .as_object_mut()
            .unwrap()
            .remove(field);
        let err = ExportCsrRequest::from_json(&v.to_string())
            .unwrap_err()
            .to_string();
        assert!(err.contains(&format!("missing field `{field}`")), "{err}");
    }
    let bad_alg = page.replace("RSA-3072", "RSA-1024");
    let err = ExportCsrRequest::from_json(&bad_alg)
        .unwrap()
        .algorithm()
        .unwrap_err()
        .to_string();
    assert!(err.contains("RSA-1024"), "{err}");
    let bad_sig = page.replace("SHA-256", "SHA-1");
    assert!(
        ExportCsrRequest::from_json(&bad_sig)
            .unwrap()
            .algorithm()
            .is_err()
    );
    let bad_country = page.replace("\"CN\"", "\"China\"");
    let err = ExportCsrRequest::from_json(&bad_country)
        .unwrap()
        .to_csr_request()
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidName { field: "C", .. }),
        "{err}"
    );
    assert!(ExportCsrRequest::from_json("{\"distinguished_name\": 3}").is_err());
    assert!(ExportCsrRequest::from_json("not json").is_err());
}

#[test]
fn private_key_debug_shows_no_secret() {
    use csrkit::keys::{KeyAlgorithm, KeyFormat, PrivateKey};
    for alg in [
        KeyAlgorithm::EccP256,
        KeyAlgorithm::Sm2,
        KeyAlgorithm::Rsa2048,
    ] {
        let key = PrivateKey::generate(alg).unwrap();
        let debug = format!("{key:?}");
        let der = key.to_der(KeyFormat::Pkcs8).unwrap();
        // The last 16 bytes of the PKCS#8 DER are inside the secret (scalar or CRT value).
        let tail = csrkit::fingerprint::hex(&der[der.len() - 16..]);
        assert!(!debug.to_lowercase().contains(&tail), "{debug}");
        assert!(debug.contains(&key.public_key().key_sha2()), "{debug}");
    }
}
