//! Inspecting CSRs: PEM or DER bytes → parsed structure → the API's fields.
//!
//! [`ParsedCsr`] is the parsed structure (x509-cert's [`CertReq`], for callers who
//! need more than the flat fields) with the facts csrkit checks; [`CsrInfo`] is the
//! JSON of an inspected CSR: the `CsrList` element of `ListCsr` (Alibaba Cloud CAS API
//! reference) plus what a local tool can add. Where each key comes from:
//!
//! | key | source |
//! |---|---|
//! | `Algorithm`, `KeySize`, `KeySha2` | `subjectPKInfo` ([`PublicKey`]) |
//! | `CommonName`, `CountryCode`, `Province`, `Locality`, `CorpName`, `Department` | subject CN, C, ST, L, O, OU; several values joined by `,` |
//! | `Sans`, `SanEntries` | the `subjectAltName` in the `extensionRequest` attribute |
//! | `SubjectDN` | the subject in encoding order ([`names::subject_dn`]) |
//! | `SignAlgorithm`, `SignatureValid`, `SignatureNote` | `signatureAlgorithm`, checked over the DER `certificationRequestInfo` |
//! | `Sha2`, `Md5` | the whole DER |
//! | `HasPrivateKey` | a given private key's public key equals the CSR's |
//! | `Name` | given by the caller, checked against the UploadCsr rule |
//!
//! ```
//! use csrkit::{csr::ParsedCsr, keys::{KeyAlgorithm, PrivateKey}, names::DistinguishedName,
//!              request::CsrRequest};
//!
//! let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
//! let dn = DistinguishedName::builder().common_name("example.com").build()?;
//! let csr = CsrRequest::new(dn).with_cn_as_default_san().sign(&key)?;
//!
//! let info = ParsedCsr::from_bytes(csr.to_pem().as_bytes())?.info(Some(&key), None)?;
//! assert_eq!(info.common_name.as_deref(), Some("example.com"));
//! assert_eq!(info.sans, "example.com");
//! assert_eq!(info.signature_valid, Some(true));
//! assert!(info.has_private_key);
//! # Ok::<(), csrkit::Error>(())
//! ```

use crate::signed::split_signed;
use const_oid::AssociatedOid;
use der::Decode;
use serde::{Deserialize, Serialize};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::request::{CertReq, CertReqInfo, ExtensionReq};

use crate::error::{Error, Result};
use crate::fingerprint::Fingerprints;
use crate::input::{self, Label, Limits};
use crate::keys::{KeyType, PrivateKey, PublicKey};
use crate::names::{self, Attribute, NameEntry};
use crate::sans::SanEntry;
use crate::signature::{self, SignAlgorithm, Verification};

/// A parsed CSR with its DER.
#[derive(Clone)]
pub struct ParsedCsr {
    der: Vec<u8>,
    algorithm: SignAlgorithm,
    public_key: PublicKey,
    subject: Vec<NameEntry>,
    subject_der: Vec<u8>,
    extensions: Vec<Extension>,
    sans: Vec<SanEntry>,
    attributes: Vec<CsrAttribute>,
}

/// One attribute of a CSR's `attributes`, as it stands: its type and the DER of each of
/// its values (a value of a type csrkit does not interpret, even one with a tag number
/// of 31 or more, is kept, not refused: OpenSSL and `cryptography` read such CSRs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrAttribute {
    /// The attribute type (`challengePassword` is `1.2.840.113549.1.9.7`).
    pub oid: crate::oid::Oid,
    /// Each value's whole DER element.
    pub values: Vec<Vec<u8>>,
}

impl std::fmt::Debug for ParsedCsr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParsedCsr")
            .field("subject", &names::subject_dn(&self.subject))
            .field("public_key", &self.public_key)
            .field("algorithm", &self.algorithm)
            .finish()
    }
}

impl ParsedCsr {
    /// Reads a CSR from PEM (`CERTIFICATE REQUEST` or `NEW CERTIFICATE REQUEST`) or DER.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes_with(bytes, &Limits::DEFAULT)
    }

    /// [`ParsedCsr::from_bytes`] with explicit [`Limits`].
    pub fn from_bytes_with(bytes: &[u8], limits: &Limits) -> Result<Self> {
        let block = input::decode_single(
            bytes,
            &[Label::CertificateRequest],
            limits.max_input,
            "one CSR",
        )?;
        Self::from_owned_der(block.der, limits)
    }

    /// Reads a DER CSR.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        Self::from_der_with(der, &Limits::DEFAULT)
    }

    /// [`ParsedCsr::from_der`] with explicit [`Limits`].
    pub fn from_der_with(der: &[u8], limits: &Limits) -> Result<Self> {
        limits.check_size(der.len())?;
        Self::from_owned_der(der.to_vec(), limits)
    }

    /// Reads the CSR strictly (see [`crate::signed`]):
    ///
    /// ```text
    /// CertificationRequestInfo ::= SEQUENCE {
    ///      version       INTEGER { v1(0) } (v1,...),
    ///      subject       Name,
    ///      subjectPKInfo SubjectPublicKeyInfo{{ PKInfoAlgorithms }},
    ///      attributes    [0] Attributes{{ CRIAttributes }} }
    /// Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET SIZE(1..MAX) OF ANY }
    /// ```
    ///
    /// The attributes may be left out, as OpenSSL reads them.
    pub(crate) fn from_owned_der(der: Vec<u8>, limits: &Limits) -> Result<Self> {
        use crate::tlv::{self, Seq, tag};
        limits.check_size(der.len())?;
        let signed = split_signed(&der)?;
        let algorithm = SignAlgorithm::from_oid(signed.algorithm.oid.clone());
        let mut info = Seq::new(signed.tbs_content);
        let version = tlv::integer(&info.next(tag::INTEGER, "the version")?, "the version")?;
        if version != [0] {
            return Err(tlv::bad("the version is not v1"));
        }
        let subject = info.next(tag::SEQUENCE, "the subject")?;
        let spki = info.next(tag::SEQUENCE, "the subject public key")?;
        let attributes = info.optional(0xa0)?;
        info.end("the CertificationRequestInfo")?;
        let mut extensions = Vec::new();
        let mut sans = Vec::new();
        let mut seen = 0;
        let mut csr_attributes = Vec::new();
        if let Some(attributes) = attributes {
            if input::count_elements(attributes.content, limits.max_extensions)?
                > limits.max_extensions
            {
                return Err(too_many("CSR attributes", limits.max_extensions));
            }
            for attribute in tlv::children(attributes.content) {
                let attribute = attribute?;
                if attribute.tag != tag::SEQUENCE {
                    return Err(tlv::bad("a CSR attribute is not a SEQUENCE"));
                }
                let mut seq = Seq::new(attribute.content);
                let oid = tlv::oid(&seq.next(tag::OID, "a CSR attribute's type")?)?;
                let values = seq.next(tag::SET, "a CSR attribute's values")?;
                seq.end("a CSR attribute")?;
                let extension_request = oid == ExtensionReq::OID;
                let mut kept = Vec::new();
                // Another attribute's value may be of any type, with any tag number.
                let read_values = if extension_request {
                    tlv::children(values.content)
                } else {
                    tlv::children_any_tag(values.content)
                };
                for value in read_values {
                    let value = value?;
                    tlv::check_any(&value, "a CSR attribute's value")?;
                    kept.push(value.raw.to_vec());
                    if extension_request {
                        let exts: Vec<Extension> = crate::signed::extensions(&value, limits)?
                            .iter()
                            .filter_map(crate::signed::RawExtension::to_extension)
                            .collect();
                        sans.extend(sans_from_extensions(&exts, limits, &mut seen)?);
                        extensions.extend(exts);
                    }
                }
                csr_attributes.push(CsrAttribute { oid, values: kept });
            }
        }
        let public_key = PublicKey::read_spki(spki.raw)?;
        let subject_der = subject.raw.to_vec();
        let subject = names::parse_name(&subject_der, limits.max_name_entries)?;
        Ok(ParsedCsr {
            der,
            algorithm,
            public_key,
            subject,
            subject_der,
            extensions,
            sans,
            attributes: csr_attributes,
        })
    }

    /// The x509-cert structure of the request info (subject, key, attributes), decoded
    /// on demand (it fails for a subject in a string type x509-cert cannot hold, such as
    /// UniversalString, which csrkit reads).
    pub fn cert_req_info(&self) -> Result<CertReqInfo> {
        Ok(CertReqInfo::from_der(split_signed(&self.der)?.tbs)?)
    }

    /// The subject, byte for byte (what a renewal carries over).
    pub fn subject_name(&self) -> Result<crate::names::DistinguishedName> {
        crate::names::DistinguishedName::from_der(&self.subject_der)
    }

    /// The attributes, in order (the `extensionRequest` among them).
    pub fn attributes(&self) -> &[CsrAttribute] {
        &self.attributes
    }

    /// The requested extensions (of every `extensionRequest` attribute), in order.
    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    /// The whole request as x509-cert's [`CertReq`] (decoded again from the DER).
    pub fn cert_req(&self) -> Result<CertReq> {
        Ok(CertReq::from_der(&self.der)?)
    }

    /// The DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Strict PEM.
    pub fn to_pem(&self) -> String {
        input::to_pem(Label::CertificateRequest, &self.der)
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The signature algorithm.
    pub fn sign_algorithm(&self) -> &SignAlgorithm {
        &self.algorithm
    }

    /// The subject's attributes in encoding order.
    pub fn subject(&self) -> &[NameEntry] {
        &self.subject
    }

    /// The SANs of the four API kinds, in extension order.
    pub fn sans(&self) -> &[SanEntry] {
        &self.sans
    }

    /// Checks the self-signature.
    pub fn verify(&self) -> Verification {
        match split_signed(&self.der) {
            Ok(s) => signature::verify(&self.public_key, &self.algorithm, s.tbs, s.signature),
            Err(e) => Verification::Invalid(e.to_string()),
        }
    }

    /// True when `key` is the private half of this CSR's public key.
    pub fn matches_key(&self, key: &PrivateKey) -> bool {
        key.public_key() == &self.public_key
    }

    /// The API fields with the signature checked. `key`: a private key to match
    /// (`HasPrivateKey`); `name`: the UploadCsr name to carry (checked).
    pub fn info(&self, key: Option<&PrivateKey>, name: Option<&str>) -> Result<CsrInfo> {
        let verification = self.verify();
        self.info_with(
            &verification,
            key.is_some_and(|k| self.matches_key(k)),
            name,
        )
    }

    /// The API fields, with a signature outcome the caller already has (or
    /// [`Verification::NotChecked`] to skip the check).
    pub fn info_with(
        &self,
        verification: &Verification,
        has_private_key: bool,
        name: Option<&str>,
    ) -> Result<CsrInfo> {
        if let Some(n) = name {
            check_csr_name(n)?;
        }
        let fp = Fingerprints::of(&self.der);
        let get = |a| names::joined(&self.subject, a);
        let usages = crate::usages::Usages::of(&self.extensions);
        Ok(CsrInfo {
            kind: "CSR".to_string(),
            algorithm: self.public_key.key_type(),
            key_size: self.public_key.key_size(),
            key_sha2: self.public_key.key_sha2(),
            common_name: get(Attribute::CommonName),
            country_code: get(Attribute::Country),
            province: get(Attribute::State),
            locality: get(Attribute::Locality),
            corp_name: get(Attribute::Organization),
            department: get(Attribute::OrganizationalUnit),
            sans: join_sans(&self.sans),
            san_entries: self.sans.clone(),
            subject_dn: names::subject_dn(&self.subject),
            sign_algorithm: self.algorithm.api_name(),
            signature_valid: verification.signature_valid(),
            signature_note: verification.note(),
            sha2: fp.sha256,
            md5: fp.md5,
            has_private_key,
            name: name.map(str::to_string),
            key_usage: usages.key_usage,
            extended_key_usage: usages.extended_key_usage,
            basic_constraints: usages.basic_constraints,
        })
    }
}

/// `Sans`: values in extension order joined with `,`.
pub(crate) fn join_sans(sans: &[SanEntry]) -> String {
    let mut s = String::new();
    for (i, e) in sans.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&e.value);
    }
    s
}

/// The SANs of the four kinds from a list of extensions. `seen` counts the SAN entries
/// of every kind read so far (a CSR may carry several extension requests); each SAN
/// extension is counted from its DER headers against `limits.max_sans` before it is
/// decoded.
pub(crate) fn sans_from_extensions(
    exts: &[Extension],
    limits: &Limits,
    seen: &mut usize,
) -> Result<Vec<SanEntry>> {
    if exts.len() > limits.max_extensions {
        return Err(too_many("extensions", limits.max_extensions));
    }
    let mut out = Vec::new();
    for ext in exts.iter().filter(|e| e.extn_id == SubjectAltName::OID) {
        let bytes = ext.extn_value.as_bytes();
        let left = limits.max_sans.saturating_sub(*seen);
        *seen += input::count_sequence_elements(bytes, left)?;
        if *seen > limits.max_sans {
            return Err(too_many("SAN entries", limits.max_sans));
        }
        // Walked raw: only the four reported kinds are decoded, so a GeneralName that
        // x509-cert cannot hold (a registeredID with an arc over 2^32, say) is skipped
        // as OpenSSL shows it, not a reason to refuse the file.
        let seq = crate::tlv::read_one(bytes, crate::tlv::tag::SEQUENCE)?;
        for name in crate::tlv::children(seq.content) {
            if let Some(entry) = SanEntry::from_tagged(&name?)? {
                out.push(entry);
            }
        }
    }
    Ok(out)
}

fn too_many(what: &'static str, limit: usize) -> Error {
    Error::TooMany { what, limit }
}

/// The UploadCsr name rule: 1 to 50 characters of `A–Z a–z 0–9 _ -`.
pub fn check_csr_name(name: &str) -> Result<()> {
    let ok = (1..=50).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidCsrName(name.to_string()))
    }
}

/// JSON of an inspected CSR: the `ListCsr` `CsrList` element plus local facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CsrInfo {
    /// Always `"CSR"`.
    pub kind: String,
    /// `RSA`, `ECC` or `SM2`.
    pub algorithm: KeyType,
    /// Modulus bits, or the curve size.
    pub key_size: u32,
    /// SHA-256 of the canonical SubjectPublicKeyInfo, lowercase hex.
    pub key_sha2: String,
    /// Subject CN.
    pub common_name: Option<String>,
    /// Subject C.
    pub country_code: Option<String>,
    /// Subject ST.
    pub province: Option<String>,
    /// Subject L.
    pub locality: Option<String>,
    /// Subject O.
    pub corp_name: Option<String>,
    /// Subject OU (several joined by `,`).
    pub department: Option<String>,
    /// SAN values joined by `,`.
    pub sans: String,
    /// SANs as `{Type, Value}`.
    pub san_entries: Vec<SanEntry>,
    /// Subject in encoding order, `TYPE=value` joined by `,`.
    #[serde(rename = "SubjectDN")]
    pub subject_dn: String,
    /// `SHA256WITHRSA`, `SM3WITHSM2`, …
    pub sign_algorithm: String,
    /// `true`/`false`, or `null` when the algorithm is not checked.
    pub signature_valid: Option<bool>,
    /// A sentence when the result needs one.
    pub signature_note: Option<String>,
    /// SHA-256 of the DER, lowercase hex.
    pub sha2: String,
    /// MD5 of the DER, lowercase hex.
    pub md5: String,
    /// A given private key matches.
    pub has_private_key: bool,
    /// The UploadCsr name, when one was given.
    pub name: Option<String>,
    /// The requested keyUsage, by OpenSSL's names; `null` when absent.
    pub key_usage: Option<Vec<String>>,
    /// The requested extKeyUsage, by OpenSSL's names; `null` when absent.
    pub extended_key_usage: Option<Vec<String>>,
    /// The requested basicConstraints; `null` when absent.
    pub basic_constraints: Option<crate::usages::BasicConstraintsInfo>,
}
