//! The usage extensions of a CSR or certificate, named as `openssl x509 -text` names them
//! (the `KeyUsage`, `ExtendedKeyUsage` and `BasicConstraints` keys of an inspection),
//! and what a rekey keeps of them.
//!
//! ```text
//! KeyUsage ::= BIT STRING { digitalSignature (0), nonRepudiation (1), keyEncipherment (2),
//!      dataEncipherment (3), keyAgreement (4), keyCertSign (5), cRLSign (6),
//!      encipherOnly (7), decipherOnly (8) }
//! ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
//! BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE,
//!      pathLenConstraint INTEGER (0..MAX) OPTIONAL }
//! ```
//!
//! RFC 5480 §3: a key of `id-ecPublicKey` may have digitalSignature, nonRepudiation,
//! keyAgreement, keyCertSign and cRLSign, not keyEncipherment or dataEncipherment; RFC
//! 4055 (RSA) has no keyAgreement (nor encipherOnly and decipherOnly, which only qualify
//! keyAgreement).
//!
//! ```
//! // A self-signed RSA server certificate OpenSSL made (`openssl req -x509` with keyUsage
//! // digitalSignature and keyEncipherment, extendedKeyUsage serverAuth, basicConstraints
//! // CA:FALSE), one of the crate's test vectors.
//! let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/cert/rsa-selfsigned-server.pem"))?;
//! let cert = csrkit::cert::ParsedCert::from_bytes(&pem)?;
//! let u = csrkit::usages::Usages::of(cert.extensions());
//! assert_eq!(u.key_usage.as_deref(), Some(&["Digital Signature".to_string(), "Key Encipherment".to_string()][..]));
//! assert_eq!(u.extended_key_usage.as_deref(), Some(&["TLS Web Server Authentication".to_string()][..]));
//! assert_eq!(u.basic_constraints.map(|b| b.ca), Some(false));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use const_oid::db::rfc5280;
use der::{Decode, Encode};
use serde::{Deserialize, Serialize};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

use crate::keys::KeyType;
use crate::oid::Oid;
use crate::tlv::{self, Seq, tag};

/// The names OpenSSL prints for the keyUsage bits, in bit order.
pub const KEY_USAGE_NAMES: [&str; 9] = [
    "Digital Signature",
    "Non Repudiation",
    "Key Encipherment",
    "Data Encipherment",
    "Key Agreement",
    "Certificate Sign",
    "CRL Sign",
    "Encipher Only",
    "Decipher Only",
];

/// The long names OpenSSL 3 prints for the key purposes it knows; any other prints as its
/// dotted OID.
const PURPOSES: &[(&str, &str)] = &[
    ("1.3.6.1.5.5.7.3.1", "TLS Web Server Authentication"),
    ("1.3.6.1.5.5.7.3.2", "TLS Web Client Authentication"),
    ("1.3.6.1.5.5.7.3.3", "Code Signing"),
    ("1.3.6.1.5.5.7.3.4", "E-mail Protection"),
    ("1.3.6.1.5.5.7.3.5", "IPSec End System"),
    ("1.3.6.1.5.5.7.3.6", "IPSec Tunnel"),
    ("1.3.6.1.5.5.7.3.7", "IPSec User"),
    ("1.3.6.1.5.5.7.3.8", "Time Stamping"),
    ("1.3.6.1.5.5.7.3.9", "OCSP Signing"),
    ("1.3.6.1.5.5.7.3.17", "ipsec Internet Key Exchange"),
    ("2.5.29.37.0", "Any Extended Key Usage"),
    (
        "1.3.6.1.4.1.311.2.1.21",
        "Microsoft Individual Code Signing",
    ),
    (
        "1.3.6.1.4.1.311.2.1.22",
        "Microsoft Commercial Code Signing",
    ),
    ("1.3.6.1.4.1.311.10.3.1", "Microsoft Trust List Signing"),
    ("1.3.6.1.4.1.311.10.3.3", "Microsoft Server Gated Crypto"),
    ("1.3.6.1.4.1.311.10.3.4", "Microsoft Encrypted File System"),
    ("1.3.6.1.4.1.311.20.2.2", "Microsoft Smartcard Login"),
    ("2.16.840.1.113730.4.1", "Netscape Server Gated Crypto"),
    ("1.3.6.1.5.2.3.4", "PKINIT Client Auth"),
    ("1.3.6.1.5.2.3.5", "Signing KDC Response"),
];

/// `BasicConstraints` as the JSON carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicConstraintsInfo {
    /// `cA`.
    #[serde(rename = "CA")]
    pub ca: bool,
    /// `pathLenConstraint`, `null` when absent.
    #[serde(rename = "PathLen")]
    pub path_len: Option<u64>,
}

/// The three usage extensions, each `None` when absent (or when its value does not
/// decode: OpenSSL then prints its bytes, not names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usages {
    /// keyUsage, by OpenSSL's names, in bit order.
    pub key_usage: Option<Vec<String>>,
    /// extKeyUsage, by OpenSSL's names (the dotted OID of one it does not name), in order.
    pub extended_key_usage: Option<Vec<String>>,
    /// basicConstraints.
    pub basic_constraints: Option<BasicConstraintsInfo>,
}

impl Usages {
    /// The usages of a list of extensions (the first of each kind).
    pub fn of(extensions: &[Extension]) -> Self {
        let find = |oid| {
            extensions
                .iter()
                .find(|e| e.extn_id == oid)
                .map(|e| e.extn_value.as_bytes())
        };
        Usages {
            key_usage: find(rfc5280::ID_CE_KEY_USAGE).and_then(key_usage_names),
            extended_key_usage: find(rfc5280::ID_CE_EXT_KEY_USAGE).and_then(purpose_names),
            basic_constraints: find(rfc5280::ID_CE_BASIC_CONSTRAINTS).and_then(basic_constraints),
        }
    }
}

fn key_usage_names(der: &[u8]) -> Option<Vec<String>> {
    let t = tlv::read_one(der, tag::BIT_STRING).ok()?;
    let (_, bytes) = tlv::bit_string(&t, "keyUsage").ok()?;
    Some(
        KEY_USAGE_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| bytes.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0))
            .map(|(_, n)| (*n).to_string())
            .collect(),
    )
}

/// The name OpenSSL prints for a key purpose.
pub fn purpose_name(oid: &Oid) -> String {
    let dotted = oid.to_string();
    PURPOSES
        .iter()
        .find(|(o, _)| *o == dotted)
        .map_or(dotted, |(_, n)| (*n).to_string())
}

fn purpose_names(der: &[u8]) -> Option<Vec<String>> {
    let seq = tlv::read_one(der, tag::SEQUENCE).ok()?;
    tlv::children(seq.content)
        .map(|t| {
            let t = t.ok()?;
            (t.tag == tag::OID).then_some(())?;
            Some(purpose_name(&tlv::oid(&t).ok()?))
        })
        .collect()
}

fn basic_constraints(der: &[u8]) -> Option<BasicConstraintsInfo> {
    let seq = tlv::read_one(der, tag::SEQUENCE).ok()?;
    let mut s = Seq::new(seq.content);
    let ca = match s.optional(tag::BOOLEAN).ok()? {
        Some(b) => tlv::boolean(&b, "cA").ok()?,
        None => false,
    };
    let path_len = match s.optional(tag::INTEGER).ok()? {
        Some(i) => {
            let v = tlv::integer(&i, "pathLenConstraint").ok()?;
            if v[0] & 0x80 != 0 || v.len() > 9 {
                return None;
            }
            Some(v.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
        }
        None => None,
    };
    s.end("basicConstraints").ok()?;
    Some(BasicConstraintsInfo { ca, path_len })
}

/// The keyUsage bits a key of `key_type` cannot have (see the module documentation).
fn forbidden(key_type: KeyType) -> &'static [(KeyUsages, usize)] {
    match key_type {
        KeyType::Ecc => &[
            (KeyUsages::KeyEncipherment, 2),
            (KeyUsages::DataEncipherment, 3),
        ],
        KeyType::Rsa => &[
            (KeyUsages::KeyAgreement, 4),
            (KeyUsages::EncipherOnly, 7),
            (KeyUsages::DecipherOnly, 8),
        ],
        // SM2 keys sign and encrypt (GB/T 32918.4): every usage is theirs.
        KeyType::Sm2 => &[],
    }
}

/// A keyUsage extension with the usages a key of `key_type` cannot have taken out, and
/// their names (OpenSSL's): the extension as it was, and no name, when nothing is taken
/// out or its value does not decode; no extension when nothing is left.
pub fn for_key(extension: &Extension, key_type: KeyType) -> (Option<Extension>, Vec<&'static str>) {
    let unchanged = || (Some(extension.clone()), Vec::new());
    let Ok(KeyUsage(mut usage)) = KeyUsage::from_der(extension.extn_value.as_bytes()) else {
        return unchanged();
    };
    let mut dropped = Vec::new();
    for (flag, bit) in forbidden(key_type) {
        if usage.contains(*flag) {
            usage -= *flag;
            dropped.push(KEY_USAGE_NAMES[*bit]);
        }
    }
    if dropped.is_empty() {
        return unchanged();
    }
    if usage.is_empty() {
        return (None, dropped);
    }
    match KeyUsage(usage)
        .to_der()
        .ok()
        .and_then(|der| der::asn1::OctetString::new(der).ok())
    {
        Some(extn_value) => (
            Some(Extension {
                extn_id: extension.extn_id,
                critical: extension.critical,
                extn_value,
            }),
            dropped,
        ),
        None => unchanged(),
    }
}
