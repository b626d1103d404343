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
    use NameProblem::*;
    let too_long = |len, max| TooLong { len, max };
    let cases: Vec<(csrkit::names::DnBuilder, &str, NameProblem)> = vec![
        (b().country("China"), "C", Country),
        (b().country("cn"), "C", Country),
        (b().country("C1"), "C", Country),
        (b().country(""), "C", Empty),
        (b().country("ÄB"), "C", Country),
        (b().common_name(""), "CN", Empty),
        (b().common_name("   "), "CN", Empty),
        (b().common_name(long(65)), "CN", too_long(65, 64)),
        (b().common_name("a\u{0}b"), "CN", ControlCharacter),
        (b().common_name("a\nb"), "CN", ControlCharacter),
        (b().organization(long(65)), "O", too_long(65, 64)),
        (b().organization("x\u{7f}"), "O", ControlCharacter),
        (
            b().organizational_unit("ok").organizational_unit(""),
            "OU",
            Empty,
        ),
        (b().organizational_unit(long(65)), "OU", too_long(65, 64)),
        (b().state(long(129)), "ST", too_long(129, 128)),
        (b().locality(long(129)), "L", too_long(129, 128)),
        (b().locality("tab\there"), "L", ControlCharacter),
        (b().email_address("ü@example.com"), "emailAddress", NotAscii),
    ];
    for (builder, field, want) in cases {
        let (got, problem, msg) = dn_err(builder);
        assert_eq!(got, field, "{msg}");
        assert_eq!(problem, want, "{field}: {msg}");
        assert!(msg.contains(field), "message {msg:?} names {field}");
    }
    // Bounds are in characters, not bytes: 64 CJK characters are fine.
    assert!(b().organization("云".repeat(64)).build().is_ok());
    assert_eq!(
        dn_err(b().organization("云".repeat(65))).1,
        NameProblem::TooLong { len: 65, max: 64 }
    );
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
    let problem = |s: &str| match San::parse(s) {
        Err(Error::InvalidSan { value, problem }) => {
            assert_eq!(value, s);
            problem
        }
        other => panic!("{s:?} should be refused, got {other:?}"),
    };
    let long_label = format!("{}.example.com", "a".repeat(64));
    assert_eq!(problem(&long_label), "DNS label longer than 63 characters");
    assert!(San::parse(&format!("{}.example.com", "a".repeat(63))).is_ok());
    let long_name = format!("{}com", "abcdefghi.".repeat(26));
    assert!(long_name.len() > 253);
    assert_eq!(problem(&long_name), "DNS name longer than 253 characters");
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

    // Each refused for its own reason: a string that does not parse (`None`), or a value
    // the rules for that field refuse.
    for (bad, field) in [
        ("", None),
        ("CN", None),
        ("=x", None),
        ("XYZ=a", None),
        ("CN=a,CN=b", None),
        (r"CN=bad\escape", None),
        (r"CN=trailing\", None),
        ("CN=#04036162", None),
        ("C=china", Some("C")),
    ] {
        match (DistinguishedName::parse_rfc4514(bad), field) {
            (Err(Error::Rfc4514(_)), None) => {}
            (Err(Error::InvalidName { field: f, .. }), Some(want)) => {
                assert_eq!(f, want, "{bad:?}")
            }
            (other, _) => panic!("{bad:?} (want {field:?}): {other:?}"),
        }
    }
    // Multi-valued RDNs and #hex values (RFC 4514 2.4) are read as given.
    let multi = DistinguishedName::parse_rfc4514("CN=a+O=b,C=CN").unwrap();
    assert_eq!(multi.subject_dn(), "C=CN,CN=a+O=b");
    let hex = DistinguishedName::parse_rfc4514("UID=#0403616263,CN=a").unwrap();
    assert_eq!(hex.subject_dn(), "CN=a,UID=#0403616263");
    assert_eq!(hex.to_rfc4514(), "UID=#0403616263,CN=a");
    // ... but not for the six fields and emailAddress, whose rules apply to the text.
    for (bad, field) in [
        ("CN=#0c00", "CN"),
        ("C=#0c024142", "C"),
        ("CN=a,CN=#0c0162", "CN"),
    ] {
        match DistinguishedName::parse_rfc4514(bad) {
            Err(Error::InvalidName { field: f, .. }) => assert_eq!(f, field, "{bad}"),
            Err(Error::Rfc4514(m)) => assert!(m.contains(field), "{bad}: {m}"),
            other => panic!("{bad}: {other:?}"),
        }
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
    match ExportCsrRequest::from_json(&bad_sig).unwrap().algorithm() {
        Err(Error::Request(m)) => assert!(
            m.contains("signature_algorithm \"SHA-1\"") && m.contains("RSA-3072"),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }
    let bad_country = page.replace("\"CN\"", "\"China\"");
    let err = ExportCsrRequest::from_json(&bad_country)
        .unwrap()
        .to_csr_request()
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidName { field: "C", .. }),
        "{err}"
    );
    match ExportCsrRequest::from_json("{\"distinguished_name\": 3}") {
        Err(Error::Request(m)) => assert!(m.contains("invalid type: integer `3`"), "{m}"),
        other => panic!("{other:?}"),
    }
    match ExportCsrRequest::from_json("not json") {
        Err(Error::Request(m)) => assert!(m.contains("expected ident"), "{m}"),
        other => panic!("{other:?}"),
    }
}

/// The secret of a PKCS#8 DER key in lower-case hex, as `openssl pkey -text` prints it
/// (`priv:` for EC and SM2, `privateExponent:` for RSA).
fn openssl_secret_hex(pkcs8_der: &[u8], rsa: bool) -> String {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("k.der");
    std::fs::write(&f, pkcs8_der).unwrap();
    let o = std::process::Command::new("openssl")
        .args(["pkey", "-inform", "DER", "-noout", "-text", "-in"])
        .arg(&f)
        .output()
        .expect("openssl runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let start = if rsa { "privateExponent:" } else { "priv:" };
    let mut hex = String::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with(start) {
            inside = true;
            continue;
        }
        if inside {
            if !line.starts_with(' ') {
                break;
            }
            hex.extend(line.trim().split(':').filter(|b| !b.is_empty()));
        }
    }
    // OpenSSL prints a leading 00 where the top bit is set; it is not part of the value.
    hex.trim_start_matches("00").to_string()
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
        // The secret itself, as OpenSSL reads it from the PKCS#8: the EC/SM2 scalar or
        // the RSA private exponent (the PKCS#8 of an EC key ends with the public point, so
        // its last bytes are no secret).
        let secret = openssl_secret_hex(&der, alg == KeyAlgorithm::Rsa2048);
        assert!(secret.len() >= 64, "{secret}");
        let compact = debug.to_lowercase().replace([':', ' ', '\n'], "");
        for window in secret.as_bytes().chunks(16) {
            let w = std::str::from_utf8(window).unwrap();
            assert!(!compact.contains(w), "{w} of the secret in {debug}");
        }
        assert!(debug.contains(&key.public_key().key_sha2()), "{debug}");
    }
}
