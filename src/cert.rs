//! Inspecting X.509 certificates (RFC 5280) into the `ListClientCertificate` fields.
//!
//! ```text
//! Certificate  ::=  SEQUENCE  {
//!      tbsCertificate       TBSCertificate,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//! ```
//!
//! | key | source |
//! |---|---|
//! | `SerialNumber` | `serialNumber`: lowercase hex of the unsigned big-endian bytes, leading zero bytes dropped (a negative serial is refused, as Go's crypto/x509 does) |
//! | `SubjectDN`, `IssuerDN` | `subject`, `issuer` in encoding order ([`names::subject_dn`]) |
//! | `CommonName`, `Organization`, `OrganizationUnit`, `Locality`, `State`, `CountryCode` | subject CN, O, OU, L, ST, C |
//! | `Sans`, `SanEntries` | `subjectAltName`: a string holding the JSON array, and the array |
//! | `BeforeDate`, `AfterDate`, `Days` | `validity`, in ms since the Unix epoch; days rounded down |
//! | `Algorithm`, `KeySize`, `KeySha2` | `subjectPublicKeyInfo` |
//! | `SignAlgorithm`, `SignatureValid`, `SignatureNote` | `signatureAlgorithm`, checked with the issuer's key when it is known (self-signed, or given) |
//! | `CertificateType` | `CA` (basicConstraints CA), else `CLIENT` (EKU clientAuth without serverAuth), else `SERVER` (EKU serverAuth), else `END_ENTITY` |
//! | `Sha2`, `Md5`, `X509Certificate` | the whole DER, and it as strict PEM |
//! | `HasPrivateKey` | a given private key matches the subject public key |

use der::Decode;
use serde::{Deserialize, Serialize};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, SubjectKeyIdentifier,
};

use crate::csr::sans_from_extensions;
use crate::error::Result;
use crate::fingerprint::{self, Fingerprints};
use crate::input::{self, Label, Limits};
use crate::keys::{KeyType, PrivateKey, PublicKey};
use crate::names::{self, Attribute, NameEntry};
use crate::sans::SanEntry;
use crate::signature::{self, SignAlgorithm, Verification};
use crate::signed::{Signed, split_signed};
use crate::tlv;

/// A parsed certificate with its DER.
#[derive(Clone)]
pub struct ParsedCert {
    der: Vec<u8>,
    algorithm: SignAlgorithm,
    public_key: PublicKey,
    subject: Vec<NameEntry>,
    issuer: Vec<NameEntry>,
    subject_der: Vec<u8>,
    issuer_der: Vec<u8>,
    extensions: Vec<Extension>,
    not_before: i64,
    not_after: i64,
    sans: Vec<SanEntry>,
    serial_hex: String,
}

impl std::fmt::Debug for ParsedCert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParsedCert")
            .field("serial", &self.serial_hex)
            .field("subject", &names::subject_dn(&self.subject))
            .field("issuer", &names::subject_dn(&self.issuer))
            .finish()
    }
}

impl ParsedCert {
    /// Reads a certificate from PEM (`CERTIFICATE`) or DER. A file of several (a
    /// `fullchain.pem`) or a PKCS#12 bundle is [`crate::Error::WrongKind`] saying so: read
    /// those with [`crate::contents::Contents`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes_with(bytes, &Limits::DEFAULT)
    }

    /// [`ParsedCert::from_bytes`] with explicit [`Limits`].
    pub fn from_bytes_with(bytes: &[u8], limits: &Limits) -> Result<Self> {
        let block = input::decode_single(
            bytes,
            &[Label::Certificate],
            limits.max_input,
            "one certificate",
        )?;
        Self::from_owned_der(block.der, limits)
    }

    /// Reads a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        Self::from_der_with(der, &Limits::DEFAULT)
    }

    /// [`ParsedCert::from_der`] with explicit [`Limits`].
    pub fn from_der_with(der: &[u8], limits: &Limits) -> Result<Self> {
        limits.check_size(der.len())?;
        Self::from_owned_der(der.to_vec(), limits)
    }

    /// Reads the certificate strictly (see [`crate::signed`]):
    ///
    /// ```text
    /// TBSCertificate  ::=  SEQUENCE  {
    ///      version         [0]  EXPLICIT Version DEFAULT v1,
    ///      serialNumber         CertificateSerialNumber,
    ///      signature            AlgorithmIdentifier,
    ///      issuer               Name,
    ///      validity             Validity,
    ///      subject              Name,
    ///      subjectPublicKeyInfo SubjectPublicKeyInfo,
    ///      issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,
    ///      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
    ///      extensions      [3]  EXPLICIT Extensions OPTIONAL }
    /// ```
    pub(crate) fn from_owned_der(der: Vec<u8>, limits: &Limits) -> Result<Self> {
        use tlv::{Seq, tag};
        limits.check_size(der.len())?;
        let signed = split_signed(&der)?;
        let algorithm = SignAlgorithm::from_oid(signed.algorithm.oid.clone());
        let mut tbs = Seq::new(signed.tbs_content);
        if let Some(v) = tbs.optional(0xa0)? {
            let version = tlv::integer(&tlv::read_one(v.content, tag::INTEGER)?, "the version")?;
            // v1, v2 and v3 (0, 1, 2): what RFC 5280 defines.
            if !matches!(version, [0..=2]) {
                return Err(tlv::bad("the version is not v1, v2 or v3"));
            }
        }
        let serial = tlv::integer(
            &tbs.next(tag::INTEGER, "the serial number")?,
            "the serial number",
        )?;
        crate::signed::algorithm_identifier(
            &tbs.next(tag::SEQUENCE, "the TBS signature algorithm")?,
            "the TBS signature algorithm",
        )?;
        let issuer = tbs.next(tag::SEQUENCE, "the issuer")?;
        let validity_tlv = tbs.next(tag::SEQUENCE, "the validity")?;
        let subject = tbs.next(tag::SEQUENCE, "the subject")?;
        let spki = tbs.next(tag::SEQUENCE, "the subject public key")?;
        for (t, what) in [
            (0x81, "the issuer unique ID"),
            (0x82, "the subject unique ID"),
        ] {
            if let Some(id) = tbs.optional(t)? {
                tlv::bit_string(&id, what)?;
            }
        }
        let raw_extensions = match tbs.optional(0xa3)? {
            Some(e) => {
                crate::signed::extensions(&tlv::read_one(e.content, tag::SEQUENCE)?, limits)?
            }
            None => Vec::new(),
        };
        tbs.end("the TBSCertificate")?;
        let public_key = PublicKey::read_spki(spki.raw)?;
        let subject_der = subject.raw.to_vec();
        let issuer_der = issuer.raw.to_vec();
        let subject = names::parse_name(&subject_der, limits.max_name_entries)?;
        let issuer = names::parse_name(&issuer_der, limits.max_name_entries)?;
        let (not_before, not_after) = validity(&validity_tlv)?;
        let extensions: Vec<Extension> = raw_extensions
            .iter()
            .filter_map(crate::signed::RawExtension::to_extension)
            .collect();
        let sans = sans_from_extensions(&extensions, limits, &mut 0)?;
        Ok(ParsedCert {
            serial_hex: serial_text(serial),
            der,
            algorithm,
            public_key,
            subject,
            issuer,
            subject_der,
            issuer_der,
            extensions,
            not_before,
            not_after,
            sans,
        })
    }

    /// x509-cert's `TBSCertificate`, for callers who need more than the flat fields,
    /// decoded on demand: it fails where x509-cert cannot hold the certificate (a date
    /// before 1970, a name in UniversalString) although csrkit reads it.
    pub fn tbs_certificate(&self) -> Result<TbsCertificate> {
        Ok(TbsCertificate::from_der(split_signed(&self.der)?.tbs)?)
    }

    /// The subject, byte for byte (what a renewal carries over).
    pub fn subject_name(&self) -> Result<crate::names::DistinguishedName> {
        crate::names::DistinguishedName::from_der(&self.subject_der)
    }

    /// The extensions, in their order.
    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    /// notBefore and notAfter in milliseconds since the Unix epoch (negative before 1970).
    pub fn validity_ms(&self) -> (i64, i64) {
        (self.not_before, self.not_after)
    }

    /// The DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Strict PEM.
    pub fn to_pem(&self) -> String {
        input::to_pem(Label::Certificate, &self.der)
    }

    /// The subject public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// `SerialNumber`: lowercase hex, leading zero bytes dropped.
    pub fn serial_hex(&self) -> &str {
        &self.serial_hex
    }

    /// Subject attributes in encoding order.
    pub fn subject(&self) -> &[NameEntry] {
        &self.subject
    }

    /// Issuer attributes in encoding order.
    pub fn issuer(&self) -> &[NameEntry] {
        &self.issuer
    }

    /// SANs of the four API kinds.
    pub fn sans(&self) -> &[SanEntry] {
        &self.sans
    }

    /// The signature algorithm.
    pub fn sign_algorithm(&self) -> &SignAlgorithm {
        &self.algorithm
    }

    /// True when issuer and subject are the same name.
    pub fn is_self_issued(&self) -> bool {
        self.issuer_der == self.subject_der
    }

    fn signed(&self) -> Result<Signed<'_>> {
        split_signed(&self.der)
    }

    /// Checks the signature with `issuer`'s public key; without one, a self-issued
    /// certificate is checked with its own key and any other is not checked.
    ///
    /// An `issuer` that is not this certificate's issuer is said in words: its subject
    /// is not this certificate's issuer name ("issued by CN=A, not by CN=B"), or its key
    /// cannot have made the signature ("the issuer's key is P-384, the signature is
    /// P-256-sized").
    pub fn verify(&self, issuer: Option<&ParsedCert>) -> Verification {
        // An algorithm that is not checked is not checked, whichever issuer is given; a
        // certificate whose own key is unusable is not valid, whoever signed it.
        if let Some(reason) = self.algorithm.not_checked_reason() {
            return Verification::NotChecked(match self.public_key.fault() {
                Some(fault) => format!("{reason}; the public key is unusable: {fault}"),
                None => reason,
            });
        }
        if let Some(fault) = self.public_key.fault() {
            return Verification::Invalid(format!("the public key is unusable: {fault}"));
        }
        let (key, whose) = match issuer {
            Some(i)
                if self.issuer_der != i.subject_der
                    && !names::same_name(&self.issuer, &i.subject) =>
            {
                return Verification::Invalid(format!(
                    "issued by {}, not by {}",
                    names::subject_dn(&self.issuer),
                    names::subject_dn(&i.subject)
                ));
            }
            Some(i) => (&i.public_key, "the issuer's key"),
            None if self.is_self_issued() => (&self.public_key, "the key"),
            None => {
                return Verification::NotChecked(
                    "the issuer's certificate was not given, so the signature is not checked"
                        .to_string(),
                );
            }
        };
        match self.signed() {
            Ok(s) => signature::verify_as(key, whose, &self.algorithm, s.tbs, s.signature),
            Err(e) => Verification::Invalid(e.to_string()),
        }
    }

    /// The certificate among `candidates` that issued this one: one whose subject is this
    /// certificate's issuer name (RFC 5280 7.1) and whose key verifies its signature, or,
    /// when none verifies, the first by name (a signature not checked, a CA re-keyed);
    /// `None` when no name fits.
    pub fn issuer_among<'a>(
        &self,
        candidates: impl IntoIterator<Item = &'a ParsedCert>,
    ) -> Option<&'a ParsedCert> {
        self.issuer_and_check(candidates).map(|(issuer, _)| issuer)
    }

    /// The signature checked by `issuers` (an `--issuer` file, a bundle's chain): by the
    /// one that issued it ([`ParsedCert::issuer_among`]), or, when no name fits, by the
    /// first, whose check then says why; with no issuers, as [`ParsedCert::verify`]
    /// checks a self-signed one. Each candidate's signature check runs once.
    pub fn verify_among(&self, issuers: &[ParsedCert]) -> Verification {
        match self.issuer_and_check(issuers) {
            Some((_, verification)) => verification,
            None => self.verify(issuers.first()),
        }
    }

    /// The issuer among `candidates` by name, preferring the first whose key verifies,
    /// with the check of the one chosen ([`ParsedCert::issuer_among`] and its check, each
    /// candidate's signature check run once); `None` when no name fits.
    pub fn issuer_and_check<'a>(
        &self,
        candidates: impl IntoIterator<Item = &'a ParsedCert>,
    ) -> Option<(&'a ParsedCert, Verification)> {
        let mut first = None;
        for c in candidates.into_iter().filter(|c| {
            c.subject_der == self.issuer_der || names::same_name(&c.subject, &self.issuer)
        }) {
            let verification = self.verify(Some(c));
            if verification == Verification::Valid {
                return Some((c, verification));
            }
            first.get_or_insert((c, verification));
        }
        first
    }

    /// True when `key` is the private half of the subject public key.
    pub fn matches_key(&self, key: &PrivateKey) -> bool {
        key.public_key() == &self.public_key
    }

    /// The keyIdentifier of the authorityKeyIdentifier extension (RFC 5280 4.2.1.1): the
    /// issuer's subjectKeyIdentifier, when the certificate names it.
    pub fn authority_key_id(&self) -> Option<Vec<u8>> {
        self.extension::<AuthorityKeyIdentifier>()?
            .key_identifier
            .map(|k| k.as_bytes().to_vec())
    }

    /// The subjectKeyIdentifier extension (RFC 5280 4.2.1.2).
    pub fn subject_key_id(&self) -> Option<Vec<u8>> {
        self.extension::<SubjectKeyIdentifier>()
            .map(|k| k.0.as_bytes().to_vec())
    }

    /// The first extension of type `T` that decodes.
    fn extension<T: for<'a> Decode<'a> + const_oid::AssociatedOid>(&self) -> Option<T> {
        self.extensions
            .iter()
            .find(|e| e.extn_id == T::OID)
            .and_then(|e| T::from_der(e.extn_value.as_bytes()).ok())
    }

    /// A CA certificate: basicConstraints with `cA` TRUE (RFC 5280 4.2.1.9).
    pub fn is_ca(&self) -> bool {
        self.extension::<BasicConstraints>().is_some_and(|bc| bc.ca)
    }

    /// `CertificateType`.
    pub fn certificate_type(&self) -> CertificateType {
        if self.is_ca() {
            return CertificateType::Ca;
        }
        let eku: Vec<der::asn1::ObjectIdentifier> = self
            .extension::<ExtendedKeyUsage>()
            .map(|e| e.0)
            .unwrap_or_default();
        let server = eku.contains(&const_oid::db::rfc5280::ID_KP_SERVER_AUTH);
        let client = eku.contains(&const_oid::db::rfc5280::ID_KP_CLIENT_AUTH);
        match (client, server) {
            (true, false) => CertificateType::Client,
            (_, true) => CertificateType::Server,
            _ => CertificateType::EndEntity,
        }
    }

    /// The API fields with the signature checked. `key`: a private key to match
    /// (`HasPrivateKey`); `issuer`: the issuing certificate, as for [`ParsedCert::verify`].
    /// The arguments come in the order of [`crate::csr::ParsedCsr::info`]: the key first.
    pub fn info(&self, key: Option<&PrivateKey>, issuer: Option<&ParsedCert>) -> Result<CertInfo> {
        let v = self.verify(issuer);
        self.info_with(&v, key.is_some_and(|k| self.matches_key(k)))
    }

    /// The API fields with a signature outcome the caller already has.
    pub fn info_with(
        &self,
        verification: &Verification,
        has_private_key: bool,
    ) -> Result<CertInfo> {
        let fp = Fingerprints::of(&self.der);
        let get = |a| names::joined(&self.subject, a);
        let (before, after) = (self.not_before, self.not_after);
        let usages = crate::usages::Usages::of(&self.extensions);
        Ok(CertInfo {
            kind: "CERTIFICATE".to_string(),
            serial_number: self.serial_hex.clone(),
            subject_dn: names::subject_dn(&self.subject),
            common_name: get(Attribute::CommonName),
            organization: get(Attribute::Organization),
            organization_unit: get(Attribute::OrganizationalUnit),
            locality: get(Attribute::Locality),
            state: get(Attribute::State),
            country_code: get(Attribute::Country),
            sans: serde_json::to_string(&self.sans).unwrap_or_else(|_| "[]".to_string()),
            san_entries: self.sans.clone(),
            before_date: before,
            after_date: after,
            days: (after - before).div_euclid(86_400_000),
            algorithm: self.public_key.key_type(),
            key_size: self.public_key.key_size(),
            key_sha2: self.public_key.key_sha2(),
            sign_algorithm: self.algorithm.api_name(),
            sha2: fp.sha256,
            md5: fp.md5,
            certificate_type: self.certificate_type(),
            issuer_dn: names::subject_dn(&self.issuer),
            x509_certificate: self.to_pem(),
            signature_valid: verification.signature_valid(),
            signature_note: verification.note(),
            has_private_key,
            key_usage: usages.key_usage,
            extended_key_usage: usages.extended_key_usage,
            basic_constraints: usages.basic_constraints,
            days_left: days_left(after, now_ms()),
        })
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A moment that does not read as a date (`YYYY-MM-DD`) or an RFC 3339 date and time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date (YYYY-MM-DD) or an RFC 3339 date and time (2026-12-06T08:00:00Z)")]
pub struct BadMoment(pub String);

/// A moment in ms since the Unix epoch from `YYYY-MM-DD` (00:00:00 UTC of that day) or an
/// RFC 3339 date and time (`2026-12-06T08:00:00Z`, `2026-12-06T09:00:00+01:00`, with a
/// fraction of a second or not): the one reading of a moment given as text (`--at` of
/// every command, `at=` in Python).
///
/// ```
/// use csrkit::cert::moment_from_text;
/// assert_eq!(moment_from_text("1970-01-02"), Ok(86_400_000));
/// assert_eq!(moment_from_text("1970-01-01T01:00:00.5+01:00"), Ok(500));
/// assert!(moment_from_text("yesterday").is_err());
/// ```
pub fn moment_from_text(text: &str) -> Result<i64, BadMoment> {
    use time::format_description::well_known::Rfc3339;
    use time::{Date, OffsetDateTime};
    let t = text.trim();
    let at = match OffsetDateTime::parse(t, &Rfc3339) {
        Ok(at) => at,
        Err(_) => Date::parse(t, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|_| BadMoment(text.to_string()))?
            .midnight()
            .assume_utc(),
    };
    i64::try_from(at.unix_timestamp_nanos().div_euclid(1_000_000))
        .map_err(|_| BadMoment(text.to_string()))
}

/// `DaysLeft`: ⌊(notAfter − now) / 86 400 000⌋, both in ms since the epoch: 0 on the last
/// day, −1 the day after it.
pub fn days_left(not_after: i64, now: i64) -> i64 {
    (not_after - now).div_euclid(86_400_000)
}

/// `SerialNumber`: what `openssl x509 -serial` prints, in lowercase: the hex of the
/// magnitude, two digits a byte, leading zero bytes dropped (`00` for zero), and `-`
/// before a negative serial (which RFC 5280 forbids and OpenSSL and `cryptography` read).
fn serial_text(serial: &[u8]) -> String {
    let negative = serial.first().is_some_and(|b| b & 0x80 != 0);
    let magnitude: Vec<u8> = if negative {
        // Two's complement: invert and add one.
        let mut m: Vec<u8> = serial.iter().map(|b| !b).collect();
        for b in m.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
        m
    } else {
        serial.to_vec()
    };
    let start = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len());
    let hex = if start == magnitude.len() {
        "00".to_string()
    } else {
        fingerprint::hex(&magnitude[start..])
    };
    if negative { format!("-{hex}") } else { hex }
}

/// notBefore and notAfter of a `Validity`, in ms since the epoch (see [`tlv::time_ms`]).
fn validity(v: &tlv::Tlv<'_>) -> Result<(i64, i64)> {
    let mut times = tlv::children(v.content);
    let (Some(a), Some(b), None) = (times.next(), times.next(), times.next()) else {
        return Err(tlv::bad("the validity is not two times"));
    };
    Ok((tlv::time_ms(&a?)?, tlv::time_ms(&b?)?))
}

/// `CertificateType` of `ListClientCertificate` (plus `CA` and `END_ENTITY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CertificateType {
    /// basicConstraints CA is true.
    Ca,
    /// EKU clientAuth without serverAuth.
    Client,
    /// EKU serverAuth.
    Server,
    /// Neither.
    EndEntity,
}

impl std::fmt::Display for CertificateType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl CertificateType {
    /// `CA`, `CLIENT`, `SERVER` or `END_ENTITY`, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateType::Ca => "CA",
            CertificateType::Client => "CLIENT",
            CertificateType::Server => "SERVER",
            CertificateType::EndEntity => "END_ENTITY",
        }
    }
}

/// JSON of an inspected certificate: the `CertificateList` element of
/// `ListClientCertificate` (Alibaba Cloud CAS API reference) plus local facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CertInfo {
    /// Always `"CERTIFICATE"`.
    pub kind: String,
    /// Lowercase hex, leading zero bytes dropped.
    pub serial_number: String,
    /// Subject in encoding order.
    #[serde(rename = "SubjectDN")]
    pub subject_dn: String,
    /// Subject CN.
    pub common_name: Option<String>,
    /// Subject O.
    pub organization: Option<String>,
    /// Subject OU.
    pub organization_unit: Option<String>,
    /// Subject L.
    pub locality: Option<String>,
    /// Subject ST.
    pub state: Option<String>,
    /// Subject C.
    pub country_code: Option<String>,
    /// A string holding the JSON array of `{Type, Value}`, as the API returns it.
    pub sans: String,
    /// The same as an array.
    pub san_entries: Vec<SanEntry>,
    /// notBefore, ms since the Unix epoch.
    pub before_date: i64,
    /// notAfter, ms since the Unix epoch.
    pub after_date: i64,
    /// (AfterDate − BeforeDate) / 86 400 000, rounded down.
    pub days: i64,
    /// `RSA`, `ECC` or `SM2`.
    pub algorithm: KeyType,
    /// Modulus bits or curve size.
    pub key_size: u32,
    /// SHA-256 of the canonical SubjectPublicKeyInfo.
    pub key_sha2: String,
    /// `SHA256WITHRSA`, …
    pub sign_algorithm: String,
    /// SHA-256 of the DER.
    pub sha2: String,
    /// MD5 of the DER.
    pub md5: String,
    /// `CA`, `CLIENT`, `SERVER` or `END_ENTITY`.
    pub certificate_type: CertificateType,
    /// Issuer in encoding order.
    #[serde(rename = "IssuerDN")]
    pub issuer_dn: String,
    /// Strict PEM.
    pub x509_certificate: String,
    /// `true`/`false` when the issuer's key is known, else `null`.
    pub signature_valid: Option<bool>,
    /// A sentence when the result needs one.
    pub signature_note: Option<String>,
    /// A given private key matches.
    pub has_private_key: bool,
    /// keyUsage, by OpenSSL's names; `null` when absent.
    pub key_usage: Option<Vec<String>>,
    /// extKeyUsage, by OpenSSL's names; `null` when absent.
    pub extended_key_usage: Option<Vec<String>>,
    /// basicConstraints; `null` when absent.
    pub basic_constraints: Option<crate::usages::BasicConstraintsInfo>,
    /// ⌊(AfterDate − now) / 86 400 000⌋: 0 on the last day, negative once expired.
    pub days_left: i64,
}

/// A CSR or a certificate, as `csrkit inspect` reads either.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// A CSR.
    Csr(crate::csr::ParsedCsr),
    /// A certificate.
    Cert(ParsedCert),
}

impl From<ParsedCert> for Parsed {
    fn from(c: ParsedCert) -> Self {
        Parsed::Cert(c)
    }
}

impl From<crate::csr::ParsedCsr> for Parsed {
    fn from(c: crate::csr::ParsedCsr) -> Self {
        Parsed::Csr(c)
    }
}

impl Parsed {
    /// The public key of the CSR or certificate.
    pub fn public_key(&self) -> &PublicKey {
        match self {
            Parsed::Csr(c) => c.public_key(),
            Parsed::Cert(c) => c.public_key(),
        }
    }

    /// The subject, byte for byte.
    pub fn subject_name(&self) -> Result<crate::names::DistinguishedName> {
        match self {
            Parsed::Csr(c) => c.subject_name(),
            Parsed::Cert(c) => c.subject_name(),
        }
    }

    /// The extensions (a CSR's requested ones), in order.
    pub fn extensions(&self) -> &[Extension] {
        match self {
            Parsed::Csr(c) => c.extensions(),
            Parsed::Cert(c) => c.extensions(),
        }
    }

    /// The signature check: a CSR's self-signature, or a certificate's as
    /// [`ParsedCert::verify`] does it without an issuer (self-signed ones).
    pub fn verify(&self) -> Verification {
        match self {
            Parsed::Csr(c) => c.verify(),
            Parsed::Cert(c) => c.verify(None),
        }
    }

    /// Reads a CSR or a certificate from PEM (by its label) or DER (by its structure). A
    /// file of several, or a PKCS#12 bundle, is [`crate::Error::WrongKind`] saying so (see
    /// [`crate::contents::Contents`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes_with(bytes, &Limits::DEFAULT)
    }

    /// [`Parsed::from_bytes`] with explicit [`Limits`].
    pub fn from_bytes_with(bytes: &[u8], limits: &Limits) -> Result<Self> {
        let block = input::decode_single(
            bytes,
            &[Label::CertificateRequest, Label::Certificate],
            limits.max_input,
            "one CSR or certificate",
        )?;
        Self::from_block(block, limits)
    }

    /// A decoded block: by its PEM label, or for DER by its structure.
    pub(crate) fn from_block(block: input::Block, limits: &Limits) -> Result<Self> {
        match block.label {
            Some(Label::CertificateRequest) => Ok(Parsed::Csr(
                crate::csr::ParsedCsr::from_owned_der(block.der, limits)?,
            )),
            Some(_) => Ok(Parsed::Cert(ParsedCert::from_owned_der(block.der, limits)?)),
            None => {
                // A TBSCertificate of v2/v3 opens with [0] version; a CSR's info with INTEGER.
                let looks_like_cert = split_signed(&block.der)
                    .ok()
                    .is_some_and(|s| s.tbs_content.first() == Some(&0xa0));
                if looks_like_cert {
                    Ok(Parsed::Cert(ParsedCert::from_owned_der(block.der, limits)?))
                } else {
                    match crate::csr::ParsedCsr::from_owned_der(block.der.clone(), limits) {
                        Ok(c) => Ok(Parsed::Csr(c)),
                        Err(csr_err) => match ParsedCert::from_owned_der(block.der, limits) {
                            Ok(c) => Ok(Parsed::Cert(c)),
                            Err(_) => Err(csr_err),
                        },
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CertificateType;

    #[test]
    fn certificate_type_text_is_its_json() {
        for t in [
            CertificateType::Ca,
            CertificateType::Client,
            CertificateType::Server,
            CertificateType::EndEntity,
        ] {
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
    }
}
