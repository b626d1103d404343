//! Building and signing certificate signing requests (RFC 2986).
//!
//! ```text
//! CertificationRequestInfo ::= SEQUENCE {
//!      version       INTEGER { v1(0) } (v1,...),
//!      subject       Name,
//!      subjectPKInfo SubjectPublicKeyInfo{{ PKInfoAlgorithms }},
//!      attributes    [0] Attributes{{ CRIAttributes }}
//! }
//! CertificationRequest ::= SEQUENCE {
//!      certificationRequestInfo CertificationRequestInfo,
//!      signatureAlgorithm AlgorithmIdentifier{{ SignatureAlgorithms }},
//!      signature          BIT STRING
//! }
//! ```
//!
//! What [`CsrRequest::sign`] reads, as Go's `CreateCertificateRequest` documents it:
//! - `subject`: encoded as is (see [`crate::names`]);
//! - `sans`: one `subjectAltName` extension, in the given order; critical only when the
//!   subject is empty (RFC 5280 4.2.1.6); left out when there are none;
//! - `profile`: the other extensions, in one `extensionRequest` attribute:
//!   - `server`: keyUsage (critical) digitalSignature, plus keyEncipherment for RSA;
//!     extKeyUsage serverAuth;
//!   - `client`: keyUsage (critical) digitalSignature; extKeyUsage clientAuth;
//!   - `ca`: basicConstraints (critical) CA:TRUE; keyUsage (critical) keyCertSign, cRLSign.
//!
//! Nothing else is written (no challengePassword, no other attribute). The signature
//! is the key's own: RSA with SHA-256, P-256 with SHA-256, P-384 with SHA-384, P-521
//! with SHA-512, SM2 with SM3 and the distinguishing ID `1234567812345678`. In debug
//! builds the new CSR is verified with its own public key before it is returned, as Go's
//! crypto/x509 re-verifies.
//!
//! ```
//! use csrkit::{keys::{KeyAlgorithm, PrivateKey}, names::DistinguishedName,
//!              request::{CsrRequest, Profile}, sans::San};
//!
//! let key = PrivateKey::generate(KeyAlgorithm::Sm2)?;
//! let subject = DistinguishedName::builder().country("CN").common_name("example.com").build()?;
//! let csr = CsrRequest::new(subject)
//!     .san(San::parse("www.example.com")?)
//!     .profile(Profile::Server)
//!     .sign(&key)?;
//! assert!(csr.to_pem().starts_with("-----BEGIN CERTIFICATE REQUEST-----\n"));
//! # Ok::<(), csrkit::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use const_oid::AssociatedOid;
use const_oid::db::rfc5280;
use der::Encode;
use der::asn1::ObjectIdentifier;
use der::asn1::{OctetString, SetOfVec};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{
    BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName,
};
use x509_cert::request::{ExtensionReq, Version};

use crate::error::{Error, Result};
use crate::input::{self, Label};
use crate::keys::{KeyType, PrivateKey};
use crate::names::DistinguishedName;
use crate::sans::{self, San};

/// The smallest RSA modulus csrkit signs a CSR with (public CAs refuse smaller ones).
pub const MIN_RSA_BITS: u32 = 2048;

/// Refuses a key CAs refuse: RSA under [`MIN_RSA_BITS`] ([`Error::WeakKey`]). What
/// [`CsrRequest::sign`], [`crate::api::UploadCsrRequest::checked`] and a verification of
/// a CSR for a CA ask of its key; inspection reads such keys.
///
/// ```
/// // An RSA-1024 CSR from pyca/cryptography's test data (one of the crate's test vectors).
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/realworld/");
/// let pem = std::fs::read(format!("{dir}pyca-csr-rsa1024-invalid-signature.pem"))?;
/// let csr = csrkit::csr::ParsedCsr::from_bytes(&pem)?;
/// assert!(matches!(csrkit::request::check_key_strength(csr.public_key()),
///                  Err(csrkit::Error::WeakKey { bits: 1024, min: 2048 })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_key_strength(key: &crate::keys::PublicKey) -> Result<()> {
    if key.key_type() == KeyType::Rsa && key.key_size() < MIN_RSA_BITS {
        return Err(Error::WeakKey {
            bits: key.key_size(),
            min: MIN_RSA_BITS,
        });
    }
    Ok(())
}

/// The extension profile of a CSR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// A TLS server certificate.
    #[default]
    Server,
    /// A TLS client certificate.
    Client,
    /// A CA certificate (Huawei's "CSR of a CA certificate").
    Ca,
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Profile::Server => "server",
            Profile::Client => "client",
            Profile::Ca => "ca",
        })
    }
}

impl FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "server" => Ok(Profile::Server),
            "client" => Ok(Profile::Client),
            "ca" => Ok(Profile::Ca),
            _ => Err(format!("unknown profile {s:?} (server, client, ca)")),
        }
    }
}

/// What a CSR asks for: subject, SANs and profile, or extensions carried over from a
/// certificate or CSR being renewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrRequest {
    /// The subject, written byte for byte as it is held.
    pub subject: DistinguishedName,
    /// The subject alternative names, in order.
    pub sans: Vec<San>,
    /// The extension profile (not used while [`CsrRequest::carried`] holds the usage
    /// extensions of a renewed certificate).
    pub profile: Profile,
    /// Extensions carried over ([`CsrRequest::renewal`], [`CsrRequest::rekey`]): the
    /// subjectAltName, keyUsage, extKeyUsage and basicConstraints of the old certificate.
    /// [`CsrRequest::san`] drops the carried SANs, [`CsrRequest::profile`] the carried
    /// usage extensions.
    pub carried: Vec<Extension>,
    /// The usage extensions (keyUsage, extKeyUsage, basicConstraints) are the ones in
    /// [`CsrRequest::carried`], even none, and not the profile's: a renewal asks for what
    /// the old certificate had.
    pub usage_carried: bool,
    /// The keyUsage bits a rekey left out because the new key cannot have them
    /// (OpenSSL's names: `Key Encipherment` on an ECDSA key, say).
    pub dropped_usages: Vec<&'static str>,
    /// The public key the request was made for (a renewal): [`CsrRequest::sign`] refuses
    /// any other key.
    bound_key: Option<crate::keys::PublicKey>,
}

/// The extensions a renewal carries over: what the subject asked for, not what a CA adds.
const CARRIED: [ObjectIdentifier; 4] = [
    rfc5280::ID_CE_SUBJECT_ALT_NAME,
    rfc5280::ID_CE_KEY_USAGE,
    rfc5280::ID_CE_EXT_KEY_USAGE,
    rfc5280::ID_CE_BASIC_CONSTRAINTS,
];

impl CsrRequest {
    /// A request for `subject` with no SAN and the `server` profile.
    pub fn new(subject: DistinguishedName) -> Self {
        CsrRequest {
            subject,
            sans: Vec::new(),
            profile: Profile::Server,
            carried: Vec::new(),
            usage_carried: false,
            dropped_usages: Vec::new(),
            bound_key: None,
        }
    }

    /// A renewal of `old` (a certificate, or a CSR to repeat) with the key it has: its
    /// subject byte for byte, and its SANs, keyUsage, extKeyUsage and basicConstraints as
    /// they were (nothing a CA adds: no key identifiers, AIA, CRL points or SCTs).
    ///
    /// `key` must be `old`'s key ([`Error::KeyMismatch`] otherwise), and the request signs
    /// with no other: a renewal that changes the key is [`CsrRequest::rekey`].
    ///
    /// ```
    /// use csrkit::{cert::Parsed, csr::ParsedCsr, keys::{KeyAlgorithm, PrivateKey},
    ///              request::CsrRequest};
    /// // A P-256 server certificate and its key, made by Python's `cryptography` (the
    /// // crate's test vectors).
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/");
    /// let old = Parsed::from_bytes(&std::fs::read(format!("{dir}cert/ecc-server-p256.pem"))?)?;
    /// let key = PrivateKey::from_bytes(&std::fs::read(format!("{dir}key/ecc-server-p256-pkcs8.pem"))?)?;
    /// let csr = CsrRequest::renewal(&old, &key)?.sign(&key)?;
    /// let new = ParsedCsr::from_der(csr.der())?;
    /// assert_eq!(new.subject_name()?.der(), old.subject_name()?.der());
    ///
    /// // Another key is refused, when the renewal is made and when it is signed.
    /// let other = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    /// assert!(matches!(CsrRequest::renewal(&old, &other), Err(csrkit::Error::KeyMismatch(_))));
    /// assert!(matches!(CsrRequest::renewal(&old, &key)?.sign(&other), Err(csrkit::Error::KeyMismatch(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn renewal(old: &crate::cert::Parsed, key: &PrivateKey) -> Result<Self> {
        if old.public_key() != key.public_key() {
            return Err(Error::key_mismatch(key.public_key(), old.public_key()));
        }
        let mut request = Self::carrying(old)?;
        request.bound_key = Some(key.public_key().clone());
        Ok(request)
    }

    /// A renewal of `old` with a new key (rekey): as [`CsrRequest::renewal`], but the
    /// keyUsage keeps only what `new_key` can have (no keyEncipherment or
    /// dataEncipherment on an ECDSA key, RFC 5480; no keyAgreement on an RSA key), and
    /// [`CsrRequest::dropped_usages`] names what was left out.
    ///
    /// ```
    /// use csrkit::{cert::Parsed, csr::ParsedCsr, keys::{KeyAlgorithm, PrivateKey},
    ///              request::CsrRequest, usages::Usages};
    /// // A self-signed RSA server certificate OpenSSL made (one of the crate's test vectors).
    /// let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/cert/rsa-selfsigned-server.pem"))?;
    /// let old = Parsed::from_bytes(&pem)?; // RSA: Digital Signature, Key Encipherment
    /// let key = PrivateKey::generate(KeyAlgorithm::EccP384)?;
    /// let request = CsrRequest::rekey(&old, &key)?;
    /// assert_eq!(request.dropped_usages, ["Key Encipherment"]);
    /// let csr = ParsedCsr::from_der(request.sign(&key)?.der())?;
    /// assert_eq!(Usages::of(csr.extensions()).key_usage.unwrap(), ["Digital Signature"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rekey(old: &crate::cert::Parsed, new_key: &PrivateKey) -> Result<Self> {
        let mut request = Self::carrying(old)?;
        let key_type = new_key.key_type();
        let mut dropped = Vec::new();
        request.carried = request
            .carried
            .into_iter()
            .filter_map(|e| {
                if e.extn_id != rfc5280::ID_CE_KEY_USAGE {
                    return Some(e);
                }
                let (kept, gone) = crate::usages::for_key(&e, key_type);
                dropped.extend(gone);
                kept
            })
            .collect();
        request.dropped_usages = dropped;
        request.bound_key = Some(new_key.public_key().clone());
        Ok(request)
    }

    fn carrying(old: &crate::cert::Parsed) -> Result<Self> {
        let mut request = CsrRequest::new(old.subject_name()?);
        request.carried = old
            .extensions()
            .iter()
            .filter(|e| CARRIED.contains(&e.extn_id))
            .cloned()
            .collect();
        request.usage_carried = true;
        Ok(request)
    }

    /// Adds a SAN (and drops any SAN carried over from a renewed certificate).
    pub fn san(mut self, san: San) -> Self {
        self.carried
            .retain(|e| e.extn_id != rfc5280::ID_CE_SUBJECT_ALT_NAME);
        self.sans.push(san);
        self
    }

    /// Sets the profile (and drops the usage extensions carried over from a renewed
    /// certificate).
    pub fn profile(mut self, profile: Profile) -> Self {
        self.carried
            .retain(|e| e.extn_id == rfc5280::ID_CE_SUBJECT_ALT_NAME);
        self.usage_carried = false;
        self.dropped_usages.clear();
        self.profile = profile;
        self
    }

    /// True when the request names something: a subject or a SAN.
    fn names_something(&self) -> bool {
        !self.subject.is_empty()
            || !self.sans.is_empty()
            || self
                .carried
                .iter()
                .any(|e| e.extn_id == rfc5280::ID_CE_SUBJECT_ALT_NAME)
    }

    /// When no SAN was given and the CN is a valid DNS name or IP address, adds the CN
    /// as the one SAN (browsers ignore the CN). The CLI's rule for `generate`.
    pub fn with_cn_as_default_san(mut self) -> Self {
        let carries_san = self
            .carried
            .iter()
            .any(|e| e.extn_id == rfc5280::ID_CE_SUBJECT_ALT_NAME);
        if self.sans.is_empty()
            && !carries_san
            && let Some(cn) = self.subject.common_name()
            && sans::is_dns_or_ip(cn)
            && let Ok(san) = San::parse(cn)
        {
            self.sans.push(san);
        }
        self
    }

    /// The extensions the request carries, in the order they are written.
    pub fn extensions(&self, key_type: KeyType) -> Result<Vec<Extension>> {
        let mut exts = Vec::with_capacity(4);
        let carries_usage = self.usage_carried;
        if carries_usage {
            exts.extend(self.carried.iter().cloned());
        } else {
            exts.extend(
                self.carried
                    .iter()
                    .filter(|e| e.extn_id == rfc5280::ID_CE_SUBJECT_ALT_NAME)
                    .cloned(),
            );
        }
        match self.profile {
            _ if carries_usage => {}
            Profile::Server => {
                let mut usage = KeyUsages::DigitalSignature.into();
                if key_type == KeyType::Rsa {
                    usage |= KeyUsages::KeyEncipherment;
                }
                exts.push(extension(&KeyUsage(usage), true)?);
                exts.push(extension(
                    &ExtendedKeyUsage(vec![rfc5280::ID_KP_SERVER_AUTH]),
                    false,
                )?);
            }
            Profile::Client => {
                exts.push(extension(
                    &KeyUsage(KeyUsages::DigitalSignature.into()),
                    true,
                )?);
                exts.push(extension(
                    &ExtendedKeyUsage(vec![rfc5280::ID_KP_CLIENT_AUTH]),
                    false,
                )?);
            }
            Profile::Ca => {
                exts.push(extension(
                    &BasicConstraints {
                        ca: true,
                        path_len_constraint: None,
                    },
                    true,
                )?);
                exts.push(extension(
                    &KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign),
                    true,
                )?);
            }
        }
        if !self.sans.is_empty() {
            let names = self
                .sans
                .iter()
                .map(San::to_general_name)
                .collect::<Result<Vec<_>>>()?;
            exts.push(extension(&SubjectAltName(names), self.subject.is_empty())?);
        }
        Ok(exts)
    }

    /// Builds the CSR for `key` and signs it.
    ///
    /// Refused: an RSA key under 2048 bits ([`Error::WeakKey`]: CAs refuse such CSRs),
    /// a request with an empty subject and no SAN ([`Error::EmptyRequest`]: no CA can
    /// issue for it), and for a renewal any key but the one it was made for
    /// ([`Error::KeyMismatch`]).
    pub fn sign(&self, key: &PrivateKey) -> Result<Csr> {
        if let Some(bound) = self.bound_key.as_ref().filter(|b| *b != key.public_key()) {
            return Err(Error::key_mismatch(key.public_key(), bound));
        }
        check_key_strength(key.public_key())?;
        if !self.names_something() {
            return Err(Error::EmptyRequest);
        }
        for san in &self.sans {
            san.validate()?;
        }
        let mut attributes: x509_cert::attr::Attributes = SetOfVec::new();
        attributes.insert(ExtensionReq(self.extensions(key.key_type())?).try_into()?)?;
        // CertificationRequestInfo, with the subject's DER as it is held (byte for byte:
        // x509-cert's Name would sort multi-valued RDNs) and the attributes as [0].
        let mut attrs = attributes.to_der()?;
        attrs[0] = 0xa0;
        let mut content = Version::V1.to_der()?;
        content.extend_from_slice(self.subject.der());
        content.extend_from_slice(key.spki_der());
        content.extend_from_slice(&attrs);
        let tbs = crate::tlv::encode(crate::tlv::tag::SEQUENCE, &content);
        let (algorithm, signature) = key.sign(&tbs)?;

        #[cfg(debug_assertions)]
        {
            let check = crate::signature::verify(
                key.public_key(),
                &crate::signature::SignAlgorithm::from_oid(algorithm.oid),
                &tbs,
                signature.raw_bytes(),
            );
            if check != crate::signature::Verification::Valid {
                return Err(crate::error::Error::SelfCheck);
            }
        }

        let mut content = tbs;
        content.extend(algorithm.to_der()?);
        content.extend(signature.to_der()?);
        Ok(Csr {
            der: crate::tlv::encode(crate::tlv::tag::SEQUENCE, &content),
        })
    }
}

fn extension<T: Encode + AssociatedOid>(value: &T, critical: bool) -> Result<Extension> {
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(value.to_der()?)?,
    })
}

/// A signed CSR, as DER.
#[derive(Clone, PartialEq, Eq)]
pub struct Csr {
    der: Vec<u8>,
}

impl fmt::Debug for Csr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Csr")
            .field("der_len", &self.der.len())
            .finish()
    }
}

impl Csr {
    /// The DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Strict RFC 7468 PEM (`CERTIFICATE REQUEST`).
    pub fn to_pem(&self) -> String {
        input::to_pem(Label::CertificateRequest, &self.der)
    }

    /// Consumes the CSR, giving its DER.
    pub fn into_der(self) -> Vec<u8> {
        self.der
    }
}

/// The longest CSR name the UploadCsr API takes.
pub const MAX_CSR_NAME: usize = 50;

/// What a CSR name becomes when nothing of it is left (an empty CN).
const FALLBACK_CSR_NAME: &str = "csr";

/// A CSR name by the UploadCsr rule (1 to 50 of `A–Z a–z 0–9 _ -`, as the API page of
/// Alibaba Cloud CAS `UploadCsr` says) made from `cn`, a CN or any other text: each
/// character outside that set becomes `_` (one `_` for each character, so a CJK name keeps
/// its length), cut at 50 characters; `csr` when `cn` is empty. What
/// [`crate::csr::check_csr_name`] refuses, this makes valid.
///
/// ```
/// use csrkit::request::csr_name_from;
/// assert_eq!(csr_name_from("web 01"), "web_01");
/// assert_eq!(csr_name_from("*.example.com"), "__example_com");
/// assert_eq!(csr_name_from("客户门户-01"), "____-01");
/// assert_eq!(csr_name_from(&"a".repeat(80)).len(), 50);
/// assert_eq!(csr_name_from(""), "csr");
/// assert!(csrkit::csr::check_csr_name(&csr_name_from("a/b\u{1b}c")).is_ok());
/// ```
pub fn csr_name_from(cn: &str) -> String {
    let name: String = cn
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_CSR_NAME)
        .collect();
    if name.is_empty() {
        FALLBACK_CSR_NAME.to_string()
    } else {
        name
    }
}

/// `stem` for the first of a name, `stem-N` (N ≥ 2) after it, `stem` cut (on a character
/// boundary) so that the whole stays within [`MAX_CSR_NAME`] characters.
pub(crate) fn with_suffix(stem: &str, n: usize) -> String {
    if n == 1 {
        return stem.to_string();
    }
    let suffix = format!("-{n}");
    let keep = MAX_CSR_NAME.saturating_sub(suffix.len());
    let cut = stem
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take_while(|&end| end <= keep)
        .last()
        .unwrap_or(0);
    format!("{}{suffix}", &stem[..cut])
}

/// Makes a set of CSR names unique, in order: a name that occurs once stays as it is; the
/// first of a repeated name keeps it and the next ones become `name-2`, `name-3`, …, cut
/// to stay within 50 characters and past every name of the set. Names that follow the
/// UploadCsr rule (those of [`csr_name_from`]) still follow it.
///
/// ```
/// use csrkit::request::{csr_name_from, unique_csr_names};
/// let names = unique_csr_names(["web.example.com", "web.example.com", "web_example_com-2", "a"]
///     .map(csr_name_from));
/// assert_eq!(names, ["web_example_com", "web_example_com-3", "web_example_com-2", "a"]);
/// let long = unique_csr_names(vec!["x".repeat(50); 2]);
/// assert_eq!(long[1], format!("{}-2", "x".repeat(48)));
/// ```
pub fn unique_csr_names<I>(names: I) -> Vec<String>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    use std::collections::{HashMap, HashSet};
    let names: Vec<String> = names.into_iter().map(Into::into).collect();
    // Every name as given is kept for its first holder, so a suffix never takes it.
    let taken: HashSet<&str> = names.iter().map(String::as_str).collect();
    let mut first_seen: HashSet<&str> = HashSet::new();
    let mut next: HashMap<&str, usize> = HashMap::new();
    let mut made: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(names.len());
    for name in &names {
        if first_seen.insert(name.as_str()) {
            out.push(name.clone());
            continue;
        }
        let n = next.entry(name.as_str()).or_insert(2);
        let mut candidate = with_suffix(name, *n);
        while taken.contains(candidate.as_str()) || made.contains(&candidate) {
            *n += 1;
            candidate = with_suffix(name, *n);
        }
        *n += 1;
        made.insert(candidate.clone());
        out.push(candidate);
    }
    out
}
