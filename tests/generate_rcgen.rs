//! Our CSRs read by another implementation: rcgen (through x509-parser and ring) parses
//! and verifies RSA and P-256 CSRs and sees the subject and SANs we asked for; SM2,
//! which ring does not implement, is parsed by x509-parser without the signature check.

use std::net::IpAddr;

use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;
use rcgen::{CertificateSigningRequestParams, DnType, DnValue, SanType};
use x509_parser::prelude::FromDer;

fn request() -> CsrRequest {
    let dn = DistinguishedName::builder()
        .country("CN")
        .state("Beijing")
        .locality("Beijing")
        .organization("Example Co")
        .organizational_unit("IT")
        .common_name("example.com")
        .build()
        .unwrap();
    let mut r = CsrRequest::new(dn).profile(Profile::Server);
    for s in [
        "www.example.com",
        "192.0.2.1",
        "email:a@example.com",
        "uri:https://example.com/",
    ] {
        r = r.san(San::parse(s).unwrap());
    }
    r
}

fn text(v: Option<&DnValue>) -> Option<String> {
    match v? {
        DnValue::PrintableString(s) => Some(s.as_str().to_string()),
        DnValue::Utf8String(s) => Some(s.clone()),
        other => Some(format!("{other:?}")),
    }
}

#[test]
fn rcgen_parses_and_verifies_our_rsa_and_p256_csrs() {
    for alg in [KeyAlgorithm::Rsa2048, KeyAlgorithm::EccP256] {
        let key = PrivateKey::generate(alg).unwrap();
        let csr = request().sign(&key).unwrap();
        let parsed = CertificateSigningRequestParams::from_pem(&csr.to_pem())
            .unwrap_or_else(|e| panic!("rcgen refuses our {alg} CSR: {e:?}"));
        let dn = &parsed.params.distinguished_name;
        assert_eq!(
            text(dn.get(&DnType::CommonName)).as_deref(),
            Some("example.com")
        );
        assert_eq!(text(dn.get(&DnType::CountryName)).as_deref(), Some("CN"));
        assert_eq!(
            text(dn.get(&DnType::StateOrProvinceName)).as_deref(),
            Some("Beijing")
        );
        assert_eq!(
            text(dn.get(&DnType::LocalityName)).as_deref(),
            Some("Beijing")
        );
        assert_eq!(
            text(dn.get(&DnType::OrganizationName)).as_deref(),
            Some("Example Co")
        );
        assert_eq!(
            text(dn.get(&DnType::OrganizationalUnitName)).as_deref(),
            Some("IT")
        );
        let sans = &parsed.params.subject_alt_names;
        assert_eq!(sans.len(), 4, "{sans:?}");
        assert!(matches!(&sans[0], SanType::DnsName(n) if n.as_str() == "www.example.com"));
        assert!(
            matches!(&sans[1], SanType::IpAddress(ip) if *ip == "192.0.2.1".parse::<IpAddr>().unwrap())
        );
        assert!(matches!(&sans[2], SanType::Rfc822Name(n) if n.as_str() == "a@example.com"));
        assert!(matches!(&sans[3], SanType::URI(n) if n.as_str() == "https://example.com/"));
        // rcgen's public key (the subjectPublicKey bits) must be ours.
        let ours = x509_parser::x509::SubjectPublicKeyInfo::from_der(key.public_key().spki_der())
            .unwrap()
            .1
            .subject_public_key
            .data
            .to_vec();
        assert_eq!(
            rcgen::PublicKeyData::der_bytes(&parsed.public_key),
            ours,
            "{alg}"
        );
    }
}

#[test]
fn rcgen_refuses_a_tampered_csr() {
    // Guards the test above: rcgen does check signatures.
    let key = PrivateKey::generate(KeyAlgorithm::EccP256).unwrap();
    let mut der = request().sign(&key).unwrap().der().to_vec();
    let n = der.len();
    der[n - 5] ^= 0x40;
    let pem = csrkit::input::to_pem(csrkit::input::Label::CertificateRequest, &der);
    assert!(CertificateSigningRequestParams::from_pem(&pem).is_err());
}

#[test]
fn x509_parser_reads_our_sm2_csr() {
    use x509_parser::prelude::*;
    let key = PrivateKey::generate(KeyAlgorithm::Sm2).unwrap();
    let csr = request().sign(&key).unwrap();
    let (rest, req) = X509CertificationRequest::from_der(csr.der()).unwrap();
    assert!(rest.is_empty());
    let subject = req.certification_request_info.subject.to_string();
    assert_eq!(
        subject,
        "C=CN, ST=Beijing, L=Beijing, O=Example Co, OU=IT, CN=example.com"
    );
    assert_eq!(
        req.signature_algorithm.algorithm.to_id_string(),
        "1.2.156.10197.1.501"
    );
    let spki = &req.certification_request_info.subject_pki;
    assert_eq!(spki.algorithm.algorithm.to_id_string(), "1.2.840.10045.2.1");
    let mut sans = Vec::new();
    for ext in req.requested_extensions().unwrap() {
        if let ParsedExtension::SubjectAlternativeName(san) = ext {
            for name in &san.general_names {
                sans.push(format!("{name}"));
            }
        }
    }
    assert_eq!(sans.len(), 4, "{sans:?}");
    assert!(sans[0].contains("www.example.com"));
}
