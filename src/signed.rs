//! What CSRs and certificates share, read strictly from their DER: the signed envelope,
//! algorithm identifiers and extensions.
//!
//! ```text
//! Certificate / CertificationRequest  ::=  SEQUENCE  {
//!      tbs                  TBSCertificate / CertificationRequestInfo,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//!
//! AlgorithmIdentifier  ::=  SEQUENCE  {
//!      algorithm               OBJECT IDENTIFIER,
//!      parameters              ANY DEFINED BY algorithm OPTIONAL  }
//!
//! Extension  ::=  SEQUENCE  {
//!      extnID      OBJECT IDENTIFIER,
//!      critical    BOOLEAN DEFAULT FALSE,
//!      extnValue   OCTET STRING  }
//! ```
//!
//! Every part is checked as DER (X.690) whether csrkit interprets it or not: the element
//! lengths, each SEQUENCE's components and nothing after them, OIDs by X.690's rules
//! (any second arc under arc 2, no leading `0x80` octet), and the parameters of every
//! algorithm identifier as [`crate::tlv::check_any`] checks an `ANY` — what OpenSSL and
//! Python's `cryptography` both refuse is refused, what both read is read.

use der::asn1::OctetString;
use x509_cert::ext::Extension;

use crate::error::{Error, Result};
use crate::input::Limits;
use crate::oid::Oid;
use crate::tlv::{self, Seq, Tlv, tag};

/// The parts of a signed object: the TBS element as it stands (signatures are checked
/// over these bytes, not over a re-encoding), the algorithm, and the signature's bytes.
pub(crate) struct Signed<'a> {
    /// The whole TBS element (tag, length, content).
    pub tbs: &'a [u8],
    /// The TBS element's content.
    pub tbs_content: &'a [u8],
    /// `signatureAlgorithm`.
    pub algorithm: AlgorithmId<'a>,
    /// The bytes of `signatureValue`.
    pub signature: &'a [u8],
}

/// Splits `SEQUENCE { tbs SEQUENCE, AlgorithmIdentifier, BIT STRING }`, which must fill
/// `der` exactly.
pub(crate) fn split_signed(der: &[u8]) -> Result<Signed<'_>> {
    let outer = tlv::read_one(der, tag::SEQUENCE)?;
    let mut seq = Seq::new(outer.content);
    let tbs = seq.next(tag::SEQUENCE, "the signed content")?;
    let algorithm = algorithm_identifier(
        &seq.next(tag::SEQUENCE, "the signature algorithm")?,
        "the signature algorithm",
    )?;
    let (_, signature) = tlv::bit_string(
        &seq.next(tag::BIT_STRING, "the signature")?,
        "the signature",
    )?;
    seq.end("the signed object")?;
    Ok(Signed {
        tbs: tbs.raw,
        tbs_content: tbs.content,
        algorithm,
        signature,
    })
}

/// An `AlgorithmIdentifier`: its OID and its parameters as they stand.
#[derive(Debug, Clone)]
pub(crate) struct AlgorithmId<'a> {
    pub oid: Oid,
    pub parameters: Option<Tlv<'a>>,
}

/// Reads an `AlgorithmIdentifier` element (`what` names it in errors).
pub(crate) fn algorithm_identifier<'a>(t: &Tlv<'a>, what: &str) -> Result<AlgorithmId<'a>> {
    let mut seq = Seq::new(t.content);
    let oid = tlv::oid(&seq.next(tag::OID, what)?)?;
    let parameters = seq.any()?;
    if let Some(p) = &parameters {
        tlv::check_any(p, &format!("the parameters of {what}"))?;
    }
    seq.end(what)?;
    Ok(AlgorithmId { oid, parameters })
}

/// One extension as it stands.
#[derive(Debug, Clone)]
pub(crate) struct RawExtension<'a> {
    pub oid: Oid,
    pub critical: bool,
    /// The content of `extnValue`: the extension's own DER.
    pub value: &'a [u8],
}

impl RawExtension<'_> {
    /// x509-cert's `Extension`, when `const-oid` can hold the OID (every extension
    /// csrkit interprets).
    pub(crate) fn to_extension(&self) -> Option<Extension> {
        Some(Extension {
            extn_id: self.oid.to_object_identifier()?,
            critical: self.critical,
            extn_value: OctetString::new(self.value).ok()?,
        })
    }
}

/// Reads `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` (the `SEQUENCE` element),
/// refusing more than `limits.max_extensions` before reading any.
pub(crate) fn extensions<'a>(t: &Tlv<'a>, limits: &Limits) -> Result<Vec<RawExtension<'a>>> {
    if t.tag != tag::SEQUENCE {
        return Err(tlv::bad("the extensions are not a SEQUENCE"));
    }
    if crate::input::count_elements(t.content, limits.max_extensions)? > limits.max_extensions {
        return Err(Error::TooMany {
            what: "extensions",
            limit: limits.max_extensions,
        });
    }
    let mut out = Vec::new();
    for ext in tlv::children(t.content) {
        let ext = ext?;
        if ext.tag != tag::SEQUENCE {
            return Err(tlv::bad("an extension is not a SEQUENCE"));
        }
        let mut seq = Seq::new(ext.content);
        let oid = tlv::oid(&seq.next(tag::OID, "an extension's OID")?)?;
        let critical = match seq.optional(tag::BOOLEAN)? {
            Some(b) => tlv::boolean(&b, "an extension's critical flag")?,
            None => false,
        };
        let value = seq.next(tag::OCTET_STRING, "an extension's value")?;
        seq.end("an extension")?;
        out.push(RawExtension {
            oid,
            critical,
            value: value.content,
        });
    }
    Ok(out)
}

/// The subject and SubjectPublicKeyInfo elements of a certificate's DER (whole elements),
/// the TBS read only that far: what pairs a PKCS#12 bundle's key with its certificate.
pub(crate) fn certificate_subject_and_spki(der: &[u8]) -> Result<(&[u8], &[u8])> {
    let signed = split_signed(der)?;
    let mut tbs = Seq::new(signed.tbs_content);
    tbs.optional(0xa0)?;
    tbs.next(tag::INTEGER, "the serial number")?;
    tbs.next(tag::SEQUENCE, "the TBS signature algorithm")?;
    tbs.next(tag::SEQUENCE, "the issuer")?;
    tbs.next(tag::SEQUENCE, "the validity")?;
    let subject = tbs.next(tag::SEQUENCE, "the subject")?;
    let spki = tbs.next(tag::SEQUENCE, "the subject public key")?;
    Ok((subject.raw, spki.raw))
}
