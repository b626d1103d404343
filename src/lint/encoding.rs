//! Encoding rules: a certificate's version, serial number and unique IDs; a CSR's
//! attributes (challengePassword, types and values no CA reads).

use super::lv::{E, N, O, W};
use super::{AppliesTo, BASE, Rule};

const CHALLENGE_PASSWORD: &str = "1.2.840.113549.1.9.7";
const EXTENSION_REQUEST: &str = "1.2.840.113549.1.9.14";
/// unstructuredName, Microsoft's requestClientInfo, enrollmentCSP and OS version.
const KNOWN_ATTRIBUTES: [&str; 4] = [
    "1.2.840.113549.1.9.2",
    "1.3.6.1.4.1.311.21.20",
    "1.3.6.1.4.1.311.13.2.2",
    "1.3.6.1.4.1.311.13.2.3",
];

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "enc.version",
        applies_to: AppliesTo::Cert,
        severity: [E, E, E, E, W, E],
        source: "BR 7.1.1; RFC 5280 4.1.2.1",
        zlint: Some("e_invalid_certificate_version"),
        pkilint: Some("pkix.certificate_version_is_not_v3"),
        summary: "A certificate is X.509 v3.",
        advice: "ask the CA for a v3 certificate",
        check: |f, _| match &f.cert {
            Some(c) if c.version != 2 => {
                vec![format!("the certificate is v{}, not v3", c.version + 1)]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "enc.serial",
        applies_to: AppliesTo::Cert,
        severity: [E, E, E, E, E, E],
        source: "RFC 5280 4.1.2.2; BR 7.1",
        zlint: Some("e_serial_number_longer_than_20_octets"),
        pkilint: Some("pkix.certificate_serial_number_out_of_range"),
        summary: "The serial number is positive and at most 20 octets.",
        advice: "ask the CA to issue it again",
        check: |f, _| match &f.cert {
            Some(c) => {
                let s = &c.serial;
                let negative = s.first().is_some_and(|b| b & 0x80 != 0);
                let zero = s.iter().all(|&b| b == 0);
                let len = s.len() - usize::from(s.len() > 1 && s[0] == 0);
                if negative || zero {
                    vec![format!(
                        "the serial number {} is not positive",
                        c.cert.serial_hex()
                    )]
                } else if len > 20 {
                    vec![format!("the serial number has {len} octets, over 20")]
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "enc.issuer_unique_id",
        applies_to: AppliesTo::Cert,
        severity: [E, W, W, E, W, W],
        source: "BR 7.1.2.7.1; RFC 5280 4.1.2.8",
        zlint: Some("e_cert_contains_unique_identifier"),
        pkilint: Some("pkix.issuer_unique_id_present"),
        summary: "No issuerUniqueID.",
        advice: "ask the CA to issue it again",
        check: |f, _| match &f.cert {
            Some(c) if c.issuer_unique_id => {
                vec!["the certificate has an issuerUniqueID".to_string()]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "enc.subject_unique_id",
        applies_to: AppliesTo::Cert,
        severity: [E, W, W, E, W, W],
        source: "BR 7.1.2.7.1; RFC 5280 4.1.2.8",
        zlint: Some("e_cert_contains_unique_identifier"),
        pkilint: Some("pkix.subject_unique_id_present"),
        summary: "No subjectUniqueID.",
        advice: "ask the CA to issue it again",
        check: |f, _| match &f.cert {
            Some(c) if c.subject_unique_id => {
                vec!["the certificate has a subjectUniqueID".to_string()]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "enc.challenge_password",
        applies_to: AppliesTo::Csr,
        severity: [N, W, N, N, N, N],
        source: "RFC 2985 5.4.1",
        summary: "A challengePassword travels in the clear and public CAs ignore it.",
        advice: "leave the challengePassword out",
        check: |f, _| {
            f.attributes
                .iter()
                .filter(|a| a.oid.to_string() == CHALLENGE_PASSWORD)
                .map(|_| {
                    "the CSR carries a challengePassword, readable by anyone who sees the CSR"
                        .to_string()
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "enc.unknown_attribute",
        applies_to: AppliesTo::Csr,
        severity: [W, W, W, N, N, W],
        source: "RFC 2986 4.1; RFC 2985",
        summary: "Every CSR attribute is one a CA reads, with values of its type (challengePassword a DirectoryString, extensionRequest a SEQUENCE).",
        advice: "make the CSR again without that attribute",
        check: |f, _| {
            let mut out = Vec::new();
            for a in f.attributes {
                let oid = a.oid.to_string();
                let name = match oid.as_str() {
                    CHALLENGE_PASSWORD => "challengePassword",
                    EXTENSION_REQUEST => "extensionRequest",
                    o if KNOWN_ATTRIBUTES.contains(&o) => continue,
                    _ => {
                        out.push(format!("the CSR attribute {oid} is not one CAs read"));
                        continue;
                    }
                };
                for v in &a.values {
                    let tag = v.first().copied().unwrap_or(0);
                    let ok = if oid == EXTENSION_REQUEST {
                        tag == 0x30
                    } else {
                        // DirectoryString: UTF8String, PrintableString, TeletexString,
                        // UniversalString, BMPString (and IA5String, as OpenSSL writes).
                        matches!(tag, 0x0c | 0x13 | 0x14 | 0x16 | 0x1c | 0x1e)
                    };
                    if !ok {
                        out.push(format!(
                            "the CSR's {name} has a value of {}, which no CA reads",
                            tag_text(v)
                        ));
                    }
                }
            }
            out
        },
        ..BASE
    },
    Rule {
        id: "enc.empty_subject",
        severity: [O, E, E, O, N, E],
        source: "Alibaba UploadCsr; Huawei CCM",
        summary: "The subject is not empty.",
        advice: "give at least a CN",
        check: |f, _| {
            if f.subject.is_empty() {
                vec!["the subject is empty".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
];

/// An element's tag as ASN.1 writes it: `UTF8String`, `[APPLICATION 32]`, `tag 0x05`.
fn tag_text(der: &[u8]) -> String {
    let Some(&first) = der.first() else {
        return "nothing".to_string();
    };
    let class = match first & 0xc0 {
        0x40 => "APPLICATION ",
        0x80 => "",
        0xc0 => "PRIVATE ",
        _ => return format!("the universal type 0x{first:02x}"),
    };
    let number = if first & 0x1f == 0x1f {
        der[1..]
            .iter()
            .take(4)
            .try_fold((0u32, false), |(n, done), &b| {
                if done {
                    Err(n)
                } else {
                    Ok(((n << 7) | u32::from(b & 0x7f), b & 0x80 == 0))
                }
            })
            .map_or_else(|n| n, |(n, _)| n)
    } else {
        u32::from(first & 0x1f)
    };
    format!("the type [{class}{number}]")
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags() {
        assert_eq!(
            super::tag_text(&[0x7f, 0x20, 0x00]),
            "the type [APPLICATION 32]"
        );
        assert_eq!(super::tag_text(&[0xa1, 0x00]), "the type [1]");
        assert_eq!(super::tag_text(&[0x05, 0x00]), "the universal type 0x05");
    }
}
