//! Extension rules: the EKU, the keyUsage a key type allows, CA:TRUE in a request,
//! basicConstraints criticality, unknown and duplicate extensions, Must-Staple, and what
//! a public certificate must carry (AIA, certificate policies, revocation information).

use const_oid::db::rfc5280;

use super::lv::{E, N, O, W};
use super::{AppliesTo, BASE, Facts, Rule};
use crate::keys::KeyType;
use crate::oid::Oid;

const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
/// The purposes BR 7.1.2.7.10 forbids in a TLS certificate: anyExtendedKeyUsage,
/// codeSigning, emailProtection, timeStamping, OCSPSigning (and Microsoft's and
/// Netscape's Server Gated Crypto... are not listed, so not here).
const FORBIDDEN_PURPOSES: [(&str, &str); 5] = [
    ("2.5.29.37.0", "anyExtendedKeyUsage"),
    ("1.3.6.1.5.5.7.3.3", "codeSigning"),
    ("1.3.6.1.5.5.7.3.4", "emailProtection"),
    ("1.3.6.1.5.5.7.3.8", "timeStamping"),
    ("1.3.6.1.5.5.7.3.9", "OCSPSigning"),
];

/// The extensions RFC 5280, the BR and common practice define.
const KNOWN: [&str; 28] = [
    "2.5.29.14",
    "2.5.29.15",
    "2.5.29.16",
    "2.5.29.17",
    "2.5.29.18",
    "2.5.29.19",
    "2.5.29.30",
    "2.5.29.31",
    "2.5.29.32",
    "2.5.29.33",
    "2.5.29.35",
    "2.5.29.36",
    "2.5.29.37",
    "2.5.29.46",
    "2.5.29.54",
    "2.5.29.9",
    "1.3.6.1.5.5.7.1.1",
    "1.3.6.1.5.5.7.1.11",
    "1.3.6.1.5.5.7.1.24",
    "1.3.6.1.5.5.7.1.3",
    "1.3.6.1.4.1.11129.2.4.2",
    "1.3.6.1.4.1.11129.2.4.3",
    "1.3.6.1.5.5.7.48.1.5",
    "1.3.6.1.4.1.311.20.2",
    "1.3.6.1.4.1.311.21.7",
    "1.3.6.1.4.1.311.21.10",
    "2.16.840.1.113730.1.1",
    "1.2.840.113549.1.9.15",
];

const KU_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "ext.eku_missing",
        applies_to: AppliesTo::Cert,
        subscriber: true,
        severity: [E, E, W, E, O, W],
        source: "BR 7.1.2.7.10",
        zlint: Some("e_sub_cert_eku_missing"),
        pkilint: Some("cabf.serverauth.subscriber.extended_key_usage_extension_absent"),
        summary: "A TLS certificate has an extKeyUsage.",
        advice: "ask the CA for a TLS server certificate",
        check: |f, _| {
            if f.eku().is_none() {
                vec!["the certificate has no extKeyUsage".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "ext.eku_no_server_auth",
        subscriber: true,
        severity: [E, E, W, E, O, W],
        source: "BR 7.1.2.7.10",
        zlint: Some("e_sub_cert_eku_check"),
        pkilint: Some("cabf.serverauth.subscriber.serverauth_eku_absent"),
        summary: "An extKeyUsage, when there is one, has serverAuth.",
        advice: "ask for serverAuth (csrkit's server profile does)",
        check: |f, _| match f.eku() {
            Some(p) if !p.iter().any(|o| o.to_string() == SERVER_AUTH) => {
                vec![format!(
                    "the extKeyUsage ({}) has no serverAuth",
                    purposes(&p)
                )]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "ext.eku_forbidden",
        subscriber: true,
        severity: [E, E, W, E, O, W],
        source: "BR 7.1.2.7.10",
        zlint: Some("e_sub_cert_eku_check"),
        summary: "No anyExtendedKeyUsage, codeSigning, emailProtection, timeStamping or OCSPSigning in a TLS certificate.",
        advice: "ask for serverAuth (and clientAuth) only",
        check: |f, _| {
            f.eku()
                .unwrap_or_default()
                .iter()
                .filter_map(|o| {
                    let s = o.to_string();
                    FORBIDDEN_PURPOSES
                        .iter()
                        .find(|(p, _)| *p == s)
                        .map(|(_, name)| {
                            format!("the extKeyUsage has {name}, which a TLS certificate must not")
                        })
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "ext.eku_client_auth",
        subscriber: true,
        severity: [N, O, O, W, O, O],
        source: "Chrome Root Program Policy 1.6; Let's Encrypt",
        zlint: Some("e_client_auth_not_allowed"),
        summary: "clientAuth in a TLS server certificate: public CAs are dropping it (Chrome's root program wants dedicated hierarchies from 2026-06-15).",
        advice: "ask for serverAuth only; get client certificates from a private CA",
        check: |f, _| match f.eku() {
            Some(p) if p.iter().any(|o| o.to_string() == CLIENT_AUTH) => {
                vec!["the extKeyUsage has clientAuth: public TLS CAs are dropping it".to_string()]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "ext.ku_rsa_key_agreement",
        severity: [E, E, E, E, E, W],
        source: "RFC 4055 1.2; RFC 5280 4.2.1.3",
        zlint: Some("e_rsa_allowed_ku_ee"),
        pkilint: Some("pkix.key_usage_value_prohibited_for_rsa"),
        summary: "An RSA key's keyUsage has no keyAgreement (nor encipherOnly, decipherOnly).",
        advice: "ask for digitalSignature (and keyEncipherment) for an RSA key",
        check: |f, _| match f.key_usage() {
            Some(bits) if f.key.key_type() == KeyType::Rsa && bits & 0b1_1001_0000 != 0 => {
                vec![format!(
                    "an RSA key with the keyUsage {}",
                    ku_text(bits & 0b1_1001_0000)
                )]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "ext.ku_ec_encipherment",
        severity: [E, E, E, E, E, O],
        source: "RFC 5480 3; RFC 8813",
        zlint: Some("e_ecdsa_allowed_ku"),
        pkilint: Some("pkix.key_usage_value_prohibited_for_ec"),
        summary: "An EC key's keyUsage has no keyEncipherment or dataEncipherment.",
        advice: "ask for digitalSignature only for an EC key",
        check: |f, _| match f.key_usage() {
            Some(bits) if f.key.key_type() != KeyType::Rsa && bits & 0b1100 != 0 => {
                vec![format!(
                    "an EC key with the keyUsage {}",
                    ku_text(bits & 0b1100)
                )]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "ext.ku_prohibited",
        subscriber: true,
        severity: [E, E, E, E, O, O],
        source: "BR 7.1.2.7.11",
        zlint: Some("e_sub_cert_key_usage_cert_sign_bit_set"),
        pkilint: Some("cabf.serverauth.subscriber_prohibited_ku_present"),
        summary: "A subscriber's keyUsage has only the bits BR 7.1.2.7.11 allows its key: RSA digitalSignature, keyEncipherment, dataEncipherment; EC digitalSignature, keyAgreement.",
        advice: "ask for digitalSignature (and keyEncipherment for RSA) only",
        check: |f, _| {
            // Bits allowed: RSA 0, 2, 3; EC (id-ecPublicKey, SM2 too) 0, 4.
            let allowed: u16 = match f.key.key_type() {
                KeyType::Rsa => 0b1101,
                _ => 0b1_0001,
            };
            match f.key_usage() {
                Some(bits) if bits & !allowed != 0 => vec![format!(
                    "the keyUsage has {}, which BR 7.1.2.7.11 does not allow a subscriber's {} key",
                    ku_text(bits & !allowed),
                    if f.key.key_type() == KeyType::Rsa {
                        "RSA"
                    } else {
                        "EC"
                    }
                )],
                _ => Vec::new(),
            }
        },
        ..BASE
    },
    Rule {
        id: "ext.ku_cert_sign",
        subscriber: true,
        severity: [O, O, O, O, E, E],
        source: "RFC 5280 4.2.1.3; RFC 5280 4.2.1.9",
        zlint: Some("e_ext_key_usage_cert_sign_without_ca"),
        pkilint: Some("pkix.ee_certificate_keycertsign_keyusage_set"),
        summary: "An end-entity's keyUsage has no keyCertSign (that bit is for CAs).",
        advice: "leave keyCertSign out: it is for CAs",
        check: |f, _| match f.key_usage() {
            Some(bits) if bits & 0b10_0000 != 0 => {
                vec!["the keyUsage has keyCertSign, which only a CA has".to_string()]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "ext.ku_ec_no_signature",
        subscriber: true,
        severity: [E, E, E, E, O, O],
        source: "BR 7.1.2.7.11",
        zlint: Some("e_cabf_ecc_allowed_key_usages"),
        pkilint: Some("cabf.serverauth.subscriber_required_ku_missing"),
        summary: "An EC subscriber key's keyUsage has digitalSignature.",
        advice: "ask for digitalSignature",
        check: |f, _| match f.key_usage() {
            Some(bits) if f.key.key_type() != KeyType::Rsa && bits & 1 == 0 => {
                vec![format!(
                    "the EC key's keyUsage ({}) has no digitalSignature",
                    ku_text(bits)
                )]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "ext.ku_missing",
        applies_to: AppliesTo::Cert,
        subscriber: true,
        severity: [W, O, O, O, O, O],
        source: "BR 7.1.2.7.11",
        pkilint: Some("cabf.serverauth.subscriber.key_usage_extension_absent"),
        summary: "A TLS certificate has a keyUsage.",
        advice: "ask the CA for a TLS server certificate",
        check: |f, _| {
            if f.key_usage().is_none() {
                vec!["the certificate has no keyUsage".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "ext.huawei_rsa_default_usage",
        applies_to: AppliesTo::Csr,
        severity: [O, O, E, O, O, O],
        source: "Huawei CCM",
        summary: "An RSA CSR for Huawei Cloud CCM asks for a keyUsage: without one the CA gives digitalSignature and keyAgreement, wrong for RSA.",
        advice: "ask for a keyUsage (csrkit's server and client profiles do)",
        check: |f, _| {
            if f.key.key_type() == KeyType::Rsa && f.key_usage().is_none() {
                vec![
                    "an RSA CSR without keyUsage: Huawei Cloud CCM would give it keyAgreement"
                        .to_string(),
                ]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "ext.ca_requested",
        applies_to: AppliesTo::Csr,
        severity: [E, E, W, E, O, W],
        source: "BR 7.1.2.7.8",
        pkilint: Some("cabf.serverauth.subscriber_basic_constraints_ca_bit_set"),
        summary: "A CSR for a TLS certificate does not ask for CA:TRUE.",
        advice: "ask for a server certificate (no CA:TRUE)",
        check: |f, _| {
            if f.basic_constraints_ca() == Some(true) {
                vec!["the CSR asks for basicConstraints CA:TRUE".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "ext.bc_not_critical",
        severity: [W, W, W, O, W, W],
        source: "RFC 5280 4.2.1.9; BR 7.1.2.7.8",
        zlint: Some("e_basic_constraints_not_critical"),
        summary: "A basicConstraints extension is critical.",
        advice: "mark basicConstraints critical",
        check: |f, _| match f.ext(rfc5280::ID_CE_BASIC_CONSTRAINTS) {
            Some(e) if !e.critical => vec!["basicConstraints is not critical".to_string()],
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "ext.unknown",
        severity: [N, W, N, N, N, N],
        source: "RFC 5280 4.2",
        summary: "Every extension is one RFC 5280, the BR or common practice defines.",
        advice: "leave out what the CA does not know (it may refuse or drop it)",
        check: |f, _| {
            f.extensions
                .iter()
                .filter(|e| !KNOWN.contains(&e.oid.to_string().as_str()))
                .map(|e| {
                    format!(
                        "the extension {}{} is not one csrkit knows",
                        e.oid,
                        if e.critical { " (critical)" } else { "" }
                    )
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "ext.duplicate",
        severity: [E, E, E, E, E, E],
        source: "RFC 5280 4.2",
        zlint: Some("e_ext_duplicate_extension"),
        pkilint: Some("pkix.duplicate_extension"),
        summary: "No extension appears twice.",
        advice: "make the CSR again with each extension once",
        check: |f, _| {
            let mut seen: Vec<&Oid> = Vec::new();
            let mut out = Vec::new();
            for e in &f.extensions {
                if seen.contains(&&e.oid) {
                    out.push(format!("the extension {} appears twice", e.oid));
                } else {
                    seen.push(&e.oid);
                }
            }
            out
        },
        ..BASE
    },
    Rule {
        id: "ext.must_staple",
        severity: [W, N, N, E, N, N],
        source: "Boulder; BR 4.9.9",
        summary: "No OCSP Must-Staple (TLS feature status_request): Let's Encrypt refuses it, and CAs are ending OCSP.",
        advice: "leave Must-Staple out",
        check: |f, _| {
            if f.extensions
                .iter()
                .any(|e| e.oid.to_string() == "1.3.6.1.5.5.7.1.24")
            {
                vec!["OCSP Must-Staple is asked for: OCSP is ending at public CAs".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "ext.aia_missing",
        applies_to: AppliesTo::Cert,
        subscriber: true,
        severity: [E, O, O, O, O, O],
        source: "BR 7.1.2.7.7",
        zlint: Some("e_sub_cert_aia_missing"),
        pkilint: Some("cabf.serverauth.subscriber.authority_info_access_extension_absent"),
        summary: "A public TLS certificate has an authorityInfoAccess.",
        advice: "ask the CA: a public certificate carries its issuer's URL",
        check: |f, _| {
            if f.ext(const_oid::db::rfc5280::ID_PE_AUTHORITY_INFO_ACCESS)
                .is_none()
            {
                vec!["the certificate has no authorityInfoAccess".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "ext.policies_missing",
        applies_to: AppliesTo::Cert,
        subscriber: true,
        severity: [E, O, O, O, O, O],
        source: "BR 7.1.2.7.9",
        zlint: Some("e_sub_cert_certificate_policies_missing"),
        pkilint: Some("cabf.serverauth.subscriber.certificate_policies_extension_absent"),
        summary: "A public TLS certificate has certificatePolicies.",
        advice: "ask the CA: a public certificate names its policy",
        check: |f, _| {
            if f.ext(rfc5280::ID_CE_CERTIFICATE_POLICIES).is_none() {
                vec!["the certificate has no certificatePolicies".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "ext.revocation_missing",
        applies_to: AppliesTo::Cert,
        subscriber: true,
        severity: [E, O, O, O, O, O],
        source: "BR 7.1.2.11.2",
        zlint: Some("e_missing_crl_distrib_point"),
        pkilint: Some("cabf.serverauth.subscriber.revocation_information_absent"),
        summary: "A public TLS certificate that is not short-lived has a CRL distribution point or an OCSP URL.",
        advice: "ask the CA: a public certificate says where it is revoked",
        check: |f, _| {
            if f.ext(rfc5280::ID_CE_CRL_DISTRIBUTION_POINTS).is_none()
                && !has_ocsp(f)
                && !short_lived(f)
            {
                vec![
                    "the certificate has neither a CRL distribution point nor an OCSP URL"
                        .to_string(),
                ]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
];

fn purposes(p: &[Oid]) -> String {
    p.iter()
        .map(crate::usages::purpose_name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn ku_text(bits: u16) -> String {
    KU_NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// An OCSP accessLocation in the authorityInfoAccess.
fn has_ocsp(f: &Facts<'_>) -> bool {
    let Some(e) = f.ext(const_oid::db::rfc5280::ID_PE_AUTHORITY_INFO_ACCESS) else {
        return false;
    };
    // id-ad-ocsp 1.3.6.1.5.5.7.48.1: 06 08 2b 06 01 05 05 07 30 01
    e.value
        .windows(10)
        .any(|w| w == [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01])
}

/// BR 7.1.2.11.2 and 1.6.1: a short-lived certificate needs no revocation information:
/// issued from 2024-03-15, valid 10 days or less (7 days or less from 2026-03-15).
fn short_lived(f: &Facts<'_>) -> bool {
    let Some(c) = &f.cert else { return false };
    let (Some(nb), Some(na)) = (&c.not_before, &c.not_after) else {
        return false;
    };
    let day = |y, m, d| {
        super::Day {
            year: y,
            month: m,
            day: d,
        }
        .ms()
    };
    if nb.ms < day(2024, 3, 15) {
        return false;
    }
    let period = na.ms - nb.ms + 1000;
    let limit_days = if nb.ms >= day(2026, 3, 15) { 7 } else { 10 };
    period <= limit_days * 86_400_000
}
