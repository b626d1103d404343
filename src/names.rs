//! Distinguished names: the validated builder, subjects as people type them (RFC 4514
//! and OpenSSL's `/C=…/CN=…`), names read byte for byte, and the API's `SubjectDN`.
//!
//! RFC 5280 4.1.2.4:
//!
//! ```text
//! Name ::= CHOICE { rdnSequence  RDNSequence }
//! RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
//! RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
//! AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
//! ```
//!
//! A [`DistinguishedName`] holds the DER of a name, so that any name can be carried
//! over byte for byte: every attribute, in its order, with its string type and its
//! multi-valued RDNs (a renewal keeps the old subject exactly). It is made three ways:
//! - [`DistinguishedName::builder`]: the six attributes of the APIs (`C`, `ST`, `L`,
//!   `O`, `OU` repeated as needed, `CN`) plus an optional `emailAddress`, encoded in
//!   that order, each checked against the rules for API subjects (country two letters
//!   A–Z as PrintableString; RFC 5280 upper bounds; no empty values, no control
//!   characters);
//! - [`DistinguishedName::parse`]: a subject string in RFC 4514 or OpenSSL's `-subj`
//!   form, any attribute OpenSSL names, multi-valued RDNs; the six keep their rules;
//! - [`DistinguishedName::from_der`]: a parsed name (a certificate's subject), as it is.
//!
//! Values csrkit encodes are PrintableString when every character is in PrintableString's
//! set and UTF8String otherwise (as Go's crypto/x509 does); `emailAddress` and `DC` are
//! IA5String; `C`, `serialNumber`, `dnQualifier` and `jurisdictionC` PrintableString.
//!
//! Names are read from every string type RFC 5280 allows (PrintableString, UTF8String,
//! IA5String, TeletexString as Latin-1 as OpenSSL reads it, BMPString, UniversalString,
//! and VisibleString and NumericString); a value of another type is shown as `#` and the
//! hex of its DER (RFC 4514 2.4). Attribute names are those OpenSSL 3 prints.
//!
//! ```
//! use csrkit::names::DistinguishedName;
//!
//! let dn = DistinguishedName::builder()
//!     .country("CN")
//!     .organization("阿里云计算有限公司")
//!     .organizational_unit("Security")
//!     .common_name("example.com")
//!     .build()?;
//! assert_eq!(dn.to_rfc4514(), "CN=example.com,OU=Security,O=阿里云计算有限公司,C=CN");
//! assert_eq!(DistinguishedName::parse_rfc4514(&dn.to_rfc4514())?, dn);
//!
//! // Any attribute, any order, multi-valued RDNs: OpenSSL's form is in encoding order.
//! let ev = DistinguishedName::parse("/jurisdictionC=DE/businessCategory=Private Organization\
//!     /serialNumber=HRB 1234/C=DE/O=Example GmbH/CN=www.example.de+UID=42")?;
//! assert_eq!(ev.subject_dn(), "jurisdictionC=DE,businessCategory=Private Organization,\
//!     serialNumber=HRB 1234,C=DE,O=Example GmbH,UID=42+CN=www.example.de"); // DER order in a SET
//! # Ok::<(), csrkit::Error>(())
//! ```

use const_oid::db::{rfc2256, rfc3280, rfc4519};
use der::asn1::ObjectIdentifier;
use x509_cert::name::Name;

use crate::error::{Error, NameProblem, Result};
use crate::oid::Oid;
use crate::tlv::{self, tag};

/// An attribute that csrkit builds names from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Attribute {
    /// countryName `C`.
    Country,
    /// stateOrProvinceName `ST`.
    State,
    /// localityName `L`.
    Locality,
    /// organizationName `O`.
    Organization,
    /// organizationalUnitName `OU`.
    OrganizationalUnit,
    /// commonName `CN`.
    CommonName,
    /// PKCS#9 emailAddress.
    EmailAddress,
}

impl Attribute {
    /// Encoding order of a built name.
    pub const ORDER: [Attribute; 7] = [
        Attribute::Country,
        Attribute::State,
        Attribute::Locality,
        Attribute::Organization,
        Attribute::OrganizationalUnit,
        Attribute::CommonName,
        Attribute::EmailAddress,
    ];

    /// The RFC 4514 / OpenSSL short name.
    pub fn short_name(self) -> &'static str {
        match self {
            Attribute::Country => "C",
            Attribute::State => "ST",
            Attribute::Locality => "L",
            Attribute::Organization => "O",
            Attribute::OrganizationalUnit => "OU",
            Attribute::CommonName => "CN",
            Attribute::EmailAddress => "emailAddress",
        }
    }

    /// The attribute type OID.
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            Attribute::Country => rfc4519::COUNTRY_NAME,
            Attribute::State => rfc2256::STATE_OR_PROVINCE_NAME,
            Attribute::Locality => rfc4519::LOCALITY_NAME,
            Attribute::Organization => rfc4519::ORGANIZATION_NAME,
            Attribute::OrganizationalUnit => rfc4519::ORGANIZATIONAL_UNIT_NAME,
            Attribute::CommonName => rfc4519::COMMON_NAME,
            Attribute::EmailAddress => rfc3280::EMAIL_ADDRESS,
        }
    }

    /// The attribute of an OID, when it is one of the seven.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Attribute::ORDER.into_iter().find(|a| a.oid() == *oid)
    }

    /// RFC 5280 Appendix A upper bound, in characters.
    pub fn upper_bound(self) -> usize {
        match self {
            Attribute::Country => 2,
            Attribute::State | Attribute::Locality => 128,
            Attribute::Organization | Attribute::OrganizationalUnit | Attribute::CommonName => 64,
            Attribute::EmailAddress => 255,
        }
    }

    /// Looks up a short name (case-insensitive; `E` and `email` for emailAddress, `S` for ST).
    pub fn from_short_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_uppercase().as_str() {
            "C" | "COUNTRYNAME" => Attribute::Country,
            "ST" | "S" | "STATEORPROVINCENAME" => Attribute::State,
            "L" | "LOCALITYNAME" => Attribute::Locality,
            "O" | "ORGANIZATIONNAME" => Attribute::Organization,
            "OU" | "ORGANIZATIONALUNITNAME" => Attribute::OrganizationalUnit,
            "CN" | "COMMONNAME" => Attribute::CommonName,
            "EMAILADDRESS" | "E" | "EMAIL" => Attribute::EmailAddress,
            _ => return None,
        })
    }
}

/// The attribute names OpenSSL 3 prints (`-nameopt sname`: its short name where it has
/// one, else its long name), with the other names it reads for them.
const NAMES: &[(ObjectIdentifier, &str, &[&str])] = &[
    (rfc4519::COMMON_NAME, "CN", &["commonName"]),
    (rfc4519::SN, "SN", &["surname"]),
    (rfc4519::SERIAL_NUMBER, "serialNumber", &[]),
    (rfc4519::COUNTRY_NAME, "C", &["countryName"]),
    (rfc4519::LOCALITY_NAME, "L", &["localityName"]),
    (
        rfc2256::STATE_OR_PROVINCE_NAME,
        "ST",
        &["stateOrProvinceName", "S"],
    ),
    (rfc4519::STREET, "street", &["streetAddress"]),
    (rfc4519::ORGANIZATION_NAME, "O", &["organizationName"]),
    (
        rfc4519::ORGANIZATIONAL_UNIT_NAME,
        "OU",
        &["organizationalUnitName"],
    ),
    (rfc4519::TITLE, "title", &[]),
    (rfc4519::DESCRIPTION, "description", &[]),
    (rfc4519::BUSINESS_CATEGORY, "businessCategory", &[]),
    (rfc4519::POSTAL_ADDRESS, "postalAddress", &[]),
    (rfc4519::POSTAL_CODE, "postalCode", &[]),
    (rfc4519::POST_OFFICE_BOX, "postOfficeBox", &[]),
    (
        rfc4519::PHYSICAL_DELIVERY_OFFICE_NAME,
        "physicalDeliveryOfficeName",
        &[],
    ),
    (rfc4519::TELEPHONE_NUMBER, "telephoneNumber", &[]),
    (ObjectIdentifier::new_unwrap("2.5.4.41"), "name", &[]),
    (rfc4519::GIVEN_NAME, "GN", &["givenName"]),
    (rfc4519::INITIALS, "initials", &[]),
    (rfc4519::GENERATION_QUALIFIER, "generationQualifier", &[]),
    (
        rfc4519::X_500_UNIQUE_IDENTIFIER,
        "x500UniqueIdentifier",
        &[],
    ),
    (rfc4519::DN_QUALIFIER, "dnQualifier", &[]),
    (rfc4519::HOUSE_IDENTIFIER, "houseIdentifier", &[]),
    (ObjectIdentifier::new_unwrap("2.5.4.54"), "dmdName", &[]),
    (ObjectIdentifier::new_unwrap("2.5.4.65"), "pseudonym", &[]),
    (ObjectIdentifier::new_unwrap("2.5.4.72"), "role", &[]),
    (
        ObjectIdentifier::new_unwrap("2.5.4.97"),
        "organizationIdentifier",
        &[],
    ),
    (rfc4519::UID, "UID", &["userId"]),
    (rfc4519::DOMAIN_COMPONENT, "DC", &["domainComponent"]),
    (rfc3280::EMAIL_ADDRESS, "emailAddress", &["E", "email"]),
    (
        ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.2"),
        "unstructuredName",
        &[],
    ),
    (
        ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.8"),
        "unstructuredAddress",
        &[],
    ),
    (
        ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.60.2.1.1"),
        "jurisdictionL",
        &["jurisdictionLocalityName"],
    ),
    (
        ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.60.2.1.2"),
        "jurisdictionST",
        &["jurisdictionStateOrProvinceName"],
    ),
    (
        ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.60.2.1.3"),
        "jurisdictionC",
        &["jurisdictionCountryName"],
    ),
];

/// The name OpenSSL 3 prints for an attribute type, or the dotted OID.
pub fn short_name(oid: &Oid) -> String {
    NAMES
        .iter()
        .find(|(o, _, _)| o == oid)
        .map_or_else(|| oid.to_string(), |(_, n, _)| (*n).to_string())
}

/// The attribute type of a name as people write it: OpenSSL's short or long name (any
/// case), or a dotted OID.
pub fn attribute_oid(name: &str) -> Option<ObjectIdentifier> {
    NAMES
        .iter()
        .find(|(_, n, aliases)| {
            n.eq_ignore_ascii_case(name) || aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
        .map(|(o, _, _)| *o)
        .or_else(|| {
            name.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.')
                .then(|| ObjectIdentifier::new(name).ok())
                .flatten()
        })
}

/// The string type csrkit encodes a value of `oid` in (see the module documentation).
fn string_tag(oid: &ObjectIdentifier, value: &str) -> u8 {
    match oid.to_string().as_str() {
        "2.5.4.6" | "2.5.4.5" | "2.5.4.46" | "1.3.6.1.4.1.311.60.2.1.3" => tag::PRINTABLE_STRING,
        "1.2.840.113549.1.9.1" | "0.9.2342.19200300.100.1.25" => tag::IA5_STRING,
        _ if value.chars().all(is_printable_string_char) => tag::PRINTABLE_STRING,
        _ => tag::UTF8_STRING,
    }
}

fn is_printable_string_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(c)
}

/// One `AttributeTypeAndValue`, DER, for a value csrkit encodes.
fn encode_atv(oid: &ObjectIdentifier, value: &str) -> Result<Vec<u8>> {
    let field = || Attribute::from_oid(oid).map_or("attribute", Attribute::short_name);
    let t = string_tag(oid, value);
    if t == tag::PRINTABLE_STRING && !value.chars().all(is_printable_string_char) {
        return Err(Error::InvalidName {
            field: field(),
            problem: NameProblem::NotPrintable,
        });
    }
    if t == tag::IA5_STRING && !value.is_ascii() {
        return Err(Error::InvalidName {
            field: field(),
            problem: NameProblem::NotAscii,
        });
    }
    let mut content = tlv::encode(tag::OID, oid.as_bytes());
    content.extend(tlv::encode(t, value.as_bytes()));
    Ok(tlv::encode(tag::SEQUENCE, &content))
}

/// A `Name` from RDNs of encoded `AttributeTypeAndValue`s; the values of a multi-valued
/// RDN are sorted as DER's SET OF requires.
fn encode_name(rdns: &[Vec<Vec<u8>>]) -> Vec<u8> {
    let mut seq = Vec::new();
    for rdn in rdns {
        let mut atvs: Vec<&Vec<u8>> = rdn.iter().collect();
        atvs.sort();
        let content: Vec<u8> = atvs.into_iter().flatten().copied().collect();
        seq.extend(tlv::encode(tag::SET, &content));
    }
    tlv::encode(tag::SEQUENCE, &seq)
}

/// A distinguished name, held as its DER: any attributes in any order, with their string
/// types and multi-valued RDNs, byte for byte (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistinguishedName {
    der: Vec<u8>,
    entries: Vec<NameEntry>,
}

impl Default for DistinguishedName {
    /// The empty name (`SEQUENCE {}`).
    fn default() -> Self {
        DistinguishedName {
            der: vec![tag::SEQUENCE, 0],
            entries: Vec::new(),
        }
    }
}

/// Builder for [`DistinguishedName`]; every value is checked in [`DnBuilder::build`].
#[derive(Debug, Clone, Default)]
pub struct DnBuilder {
    values: Vec<(Attribute, String)>,
}

impl DnBuilder {
    fn set(mut self, attribute: Attribute, value: impl Into<String>) -> Self {
        self.values.retain(|(a, _)| *a != attribute);
        self.values.push((attribute, value.into()));
        self
    }

    /// `C`: two letters A–Z.
    pub fn country(self, v: impl Into<String>) -> Self {
        self.set(Attribute::Country, v)
    }
    /// `ST`.
    pub fn state(self, v: impl Into<String>) -> Self {
        self.set(Attribute::State, v)
    }
    /// `L`.
    pub fn locality(self, v: impl Into<String>) -> Self {
        self.set(Attribute::Locality, v)
    }
    /// `O`.
    pub fn organization(self, v: impl Into<String>) -> Self {
        self.set(Attribute::Organization, v)
    }
    /// `OU`; call again for several units, kept in call order.
    pub fn organizational_unit(mut self, v: impl Into<String>) -> Self {
        self.values.push((Attribute::OrganizationalUnit, v.into()));
        self
    }
    /// `CN`.
    pub fn common_name(self, v: impl Into<String>) -> Self {
        self.set(Attribute::CommonName, v)
    }
    /// PKCS#9 `emailAddress`.
    pub fn email_address(self, v: impl Into<String>) -> Self {
        self.set(Attribute::EmailAddress, v)
    }

    /// Checks every value and returns the name in encoding order, one attribute per RDN.
    pub fn build(self) -> Result<DistinguishedName> {
        let mut rdns = Vec::with_capacity(self.values.len());
        for attribute in Attribute::ORDER {
            for (a, v) in &self.values {
                if *a == attribute {
                    validate_value(attribute, v)?;
                    rdns.push(vec![encode_atv(&attribute.oid(), v)?]);
                }
            }
        }
        DistinguishedName::from_der(&encode_name(&rdns))
    }
}

/// Checks one value against the rules for API subjects: not empty, no control
/// characters, within its RFC 5280 upper bound (C exactly two letters A–Z); the error
/// names the field.
pub fn validate_value(attribute: Attribute, value: &str) -> Result<()> {
    let field = attribute.short_name();
    let fail = |problem| Err(Error::InvalidName { field, problem });
    if value.trim().is_empty() {
        return fail(NameProblem::Empty);
    }
    if value.chars().any(char::is_control) {
        return fail(NameProblem::ControlCharacter);
    }
    match attribute {
        Attribute::Country
            if value.len() != 2 || !value.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            return fail(NameProblem::Country);
        }
        Attribute::EmailAddress if !value.is_ascii() => return fail(NameProblem::NotAscii),
        _ => {}
    }
    let len = value.chars().count();
    let max = attribute.upper_bound();
    if len > max {
        return fail(NameProblem::TooLong { len, max });
    }
    Ok(())
}

impl DistinguishedName {
    /// A new builder.
    pub fn builder() -> DnBuilder {
        DnBuilder::default()
    }

    /// A name from its DER, kept byte for byte (a certificate's or a CSR's subject:
    /// [`crate::cert::ParsedCert::subject_name`], [`crate::csr::ParsedCsr::subject_name`]).
    pub fn from_der(der: &[u8]) -> Result<Self> {
        Ok(DistinguishedName {
            entries: parse_name(der, usize::MAX)?,
            der: der.to_vec(),
        })
    }

    /// The DER of the name.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Every attribute in encoding order.
    pub fn entries(&self) -> &[NameEntry] {
        &self.entries
    }

    /// The first value of `attribute`.
    pub fn get(&self, attribute: Attribute) -> Option<&str> {
        let oid = attribute.oid();
        self.entries
            .iter()
            .find(|e| e.oid == oid)
            .map(|e| e.value.as_str())
    }

    /// `CN`, when present.
    pub fn common_name(&self) -> Option<&str> {
        self.get(Attribute::CommonName)
    }

    /// True when the name has no attribute.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The x509-cert `Name` (decoded from the DER; x509-cert sorts the values of a
    /// multi-valued RDN, so use [`DistinguishedName::der`] for the exact bytes).
    pub fn to_name(&self) -> Result<Name> {
        Ok(<Name as der::Decode>::from_der(&self.der)?)
    }

    /// The RFC 4514 string: RDNs in reverse encoding order, `,`-separated, values escaped.
    pub fn to_rfc4514(&self) -> String {
        rfc4514(&self.entries)
    }

    /// `SubjectDN` as the certificate APIs show it: encoding order, no escaping.
    pub fn subject_dn(&self) -> String {
        subject_dn(&self.entries)
    }

    /// Parses a subject as people type it: OpenSSL's `-subj` form when it starts with
    /// `/` ([`DistinguishedName::parse_openssl`]), RFC 4514 otherwise
    /// ([`DistinguishedName::parse_rfc4514`]).
    pub fn parse(s: &str) -> Result<Self> {
        if s.trim_start().starts_with('/') {
            Self::parse_openssl(s)
        } else {
            Self::parse_rfc4514(s)
        }
    }

    /// Parses an RFC 4514 string such as `CN=example.com,O=Example Co,C=CN` (the
    /// first RDN in the string is the last one encoded, as Java's `-dname` reads it).
    ///
    /// Any attribute OpenSSL names (or a dotted OID); `+` joins the values of one RDN;
    /// `#` + hex gives a value's DER. The six API attributes keep their rules; errors
    /// name the attribute and the position in the string. Spaces around `,`, `+` and
    /// `=` are ignored; escaped spaces (`\ `) are kept.
    pub fn parse_rfc4514(s: &str) -> Result<Self> {
        let mut rdns = split_rfc4514(s)?;
        rdns.reverse();
        from_typed(&rdns)
    }

    /// Parses OpenSSL's `-subj` form: `/C=CN/O=Acme/CN=www.example.com`, in encoding
    /// order, `+` joining the values of one multi-valued RDN, `\` escaping the next
    /// character (`\/`, `\+`, `\=`, `\\`).
    pub fn parse_openssl(s: &str) -> Result<Self> {
        from_typed(&split_openssl(s)?)
    }
}

/// One attribute as written in a subject string: type, value, and where it starts.
struct Typed {
    kind: String,
    value: Value,
    at: usize,
}

enum Value {
    Text(String),
    /// `#` + hex: the DER of the value.
    Der(Vec<u8>),
}

fn syntax(at: usize, what: &str) -> Error {
    Error::Rfc4514(format!("at character {}: {what}", at + 1))
}

/// The character position of byte offset `at` in `s` (positions are said in characters).
fn char_pos(s: &str, at: usize) -> usize {
    s.get(..at).map_or(at, |p| p.chars().count())
}

/// Builds a name from typed RDNs in encoding order, checking each value.
fn from_typed(rdns: &[Vec<Typed>]) -> Result<DistinguishedName> {
    let mut encoded = Vec::with_capacity(rdns.len());
    let mut seen: Vec<Attribute> = Vec::new();
    for rdn in rdns {
        let mut atvs = Vec::with_capacity(rdn.len());
        for t in rdn {
            let oid = attribute_oid(&t.kind).ok_or_else(|| {
                syntax(
                    t.at,
                    &format!("{:?} is not an attribute OpenSSL names, nor an OID", t.kind),
                )
            })?;
            match &t.value {
                Value::Der(_) if Attribute::from_oid(&oid).is_some() => {
                    return Err(syntax(
                        t.at,
                        &format!(
                            "{}: a #hex value is not taken for C, ST, L, O, OU, CN or emailAddress \
                             (their rules apply): give the text",
                            t.kind
                        ),
                    ));
                }
                Value::Der(der) => {
                    let v =
                        tlv::read_one(der, der.first().copied().unwrap_or(0)).map_err(|_| {
                            syntax(
                                t.at,
                                &format!("{}: the #hex value is not one DER element", t.kind),
                            )
                        })?;
                    let mut content = tlv::encode(tag::OID, oid.as_bytes());
                    content.extend_from_slice(v.raw);
                    atvs.push(tlv::encode(tag::SEQUENCE, &content));
                }
                Value::Text(v) => {
                    if let Some(a) = Attribute::from_oid(&oid) {
                        if a != Attribute::OrganizationalUnit && seen.contains(&a) {
                            return Err(syntax(
                                t.at,
                                &format!("{} is given more than once", a.short_name()),
                            ));
                        }
                        seen.push(a);
                        validate_value(a, v)?;
                    } else {
                        if v.trim().is_empty() {
                            return Err(syntax(
                                t.at,
                                &format!("{}: {}", t.kind, NameProblem::Empty),
                            ));
                        }
                        if v.chars().any(char::is_control) {
                            return Err(syntax(
                                t.at,
                                &format!("{}: {}", t.kind, NameProblem::ControlCharacter),
                            ));
                        }
                    }
                    atvs.push(
                        encode_atv(&oid, v)
                            .map_err(|e| syntax(t.at, &format!("{}: {e}", t.kind)))?,
                    );
                }
            }
        }
        encoded.push(atvs);
    }
    DistinguishedName::from_der(&encode_name(&encoded))
}

/// Splits OpenSSL's `/A=v/B=w+C=x` form into RDNs in encoding order.
fn split_openssl(s: &str) -> Result<Vec<Vec<Typed>>> {
    let s = s.trim();
    let syntax = |at: usize, what: &str| syntax(char_pos(s, at), what);
    let mut chars = s.char_indices().peekable();
    match chars.next() {
        Some((_, '/')) => {}
        _ => return Err(syntax(0, "an OpenSSL subject starts with '/'")),
    }
    let mut rdns: Vec<Vec<Typed>> = Vec::new();
    let mut rdn: Vec<Typed> = Vec::new();
    let mut kind = String::new();
    let mut value = String::new();
    let mut in_value = false;
    let mut at = 1;
    let finish =
        |kind: &mut String, value: &mut String, in_value: bool, at: usize| -> Result<Typed> {
            if !in_value {
                return Err(syntax(at, &format!("{:?} has no '='", kind.trim())));
            }
            if kind.trim().is_empty() {
                return Err(syntax(at, "an attribute without a type"));
            }
            Ok(Typed {
                kind: std::mem::take(kind).trim().to_string(),
                value: Value::Text(std::mem::take(value)),
                at: char_pos(s, at),
            })
        };
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, n)) => {
                    if in_value {
                        value.push(n)
                    } else {
                        kind.push(n)
                    }
                }
                None => return Err(syntax(i, "a trailing backslash")),
            },
            '/' | '+' => {
                rdn.push(finish(&mut kind, &mut value, in_value, at)?);
                if c == '/' {
                    rdns.push(std::mem::take(&mut rdn));
                }
                in_value = false;
                at = i + 1;
            }
            '=' if !in_value => in_value = true,
            c => {
                if in_value {
                    value.push(c)
                } else {
                    kind.push(c)
                }
            }
        }
    }
    if s == "/" {
        // OpenSSL's `-subj /`: the empty name.
        return Ok(Vec::new());
    }
    if !(kind.is_empty() && !in_value && rdn.is_empty()) || rdns.is_empty() {
        rdn.push(finish(&mut kind, &mut value, in_value, at)?);
        rdns.push(rdn);
    }
    Ok(rdns)
}

/// Splits an RFC 4514 string into RDNs in string order (not reversed).
fn split_rfc4514(s: &str) -> Result<Vec<Vec<Typed>>> {
    let syntax = |at: usize, what: &str| syntax(char_pos(s, at), what);
    let bytes = s.as_bytes();
    let mut rdns: Vec<Vec<Typed>> = Vec::new();
    let mut rdn: Vec<Typed> = Vec::new();
    let mut i = 0;
    if s.trim().is_empty() {
        return Err(syntax(0, "empty string"));
    }
    loop {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let t0 = i;
        while i < bytes.len() && bytes[i] != b'=' && bytes[i] != b',' && bytes[i] != b'+' {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            return Err(syntax(t0, "an attribute without '='"));
        }
        let kind = s[t0..i].trim().to_string();
        if kind.is_empty() {
            return Err(syntax(t0, "an attribute without a type"));
        }
        i += 1;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let value = if bytes.get(i) == Some(&b'#') {
            let h0 = i + 1;
            i = h0;
            while i < bytes.len() && bytes[i].is_ascii_hexdigit() {
                i += 1;
            }
            let hex = &s[h0..i];
            if hex.is_empty() || !hex.len().is_multiple_of(2) {
                return Err(syntax(
                    h0,
                    &format!("{kind}: # must be followed by hex digit pairs"),
                ));
            }
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let der = (0..hex.len())
                .step_by(2)
                .map(|k| u8::from_str_radix(&hex[k..k + 2], 16))
                .collect::<std::result::Result<Vec<u8>, _>>()
                .map_err(|_| syntax(h0, "bad hex"))?;
            Value::Der(der)
        } else {
            // Raw bytes with escapes undone; `keep` = length up to the last character
            // that is not an unescaped trailing space.
            let mut value: Vec<u8> = Vec::new();
            let mut keep = 0;
            while i < bytes.len() && bytes[i] != b',' && bytes[i] != b'+' {
                let c = bytes[i];
                if c == b'\\' {
                    let next = *bytes
                        .get(i + 1)
                        .ok_or_else(|| syntax(i, "a trailing backslash"))?;
                    if next.is_ascii_hexdigit() {
                        let lo = *bytes
                            .get(i + 2)
                            .filter(|b| b.is_ascii_hexdigit())
                            .ok_or_else(|| syntax(i, "a bad \\XX escape"))?;
                        let hex = [next, lo];
                        let hex =
                            std::str::from_utf8(&hex).map_err(|_| syntax(i, "a bad escape"))?;
                        value.push(
                            u8::from_str_radix(hex, 16).map_err(|_| syntax(i, "a bad escape"))?,
                        );
                        i += 3;
                    } else if b" \"#+,;<=>\\".contains(&next) {
                        value.push(next);
                        i += 2;
                    } else {
                        return Err(syntax(
                            i,
                            "a backslash before a character that needs no escape",
                        ));
                    }
                    keep = value.len();
                } else {
                    value.push(c);
                    i += 1;
                    if c != b' ' {
                        keep = value.len();
                    }
                }
            }
            value.truncate(keep);
            Value::Text(
                String::from_utf8(value).map_err(|_| syntax(t0, "escapes that are not UTF-8"))?,
            )
        };
        rdn.push(Typed {
            kind,
            value,
            at: char_pos(s, t0),
        });
        match bytes.get(i) {
            Some(b'+') => i += 1,
            Some(b',') => {
                rdns.push(std::mem::take(&mut rdn));
                i += 1;
            }
            Some(_) => return Err(syntax(i, "unexpected character after a #hex value")),
            None => {
                rdns.push(std::mem::take(&mut rdn));
                break;
            }
        }
    }
    Ok(rdns)
}

/// Escapes a value for RFC 4514 (section 2.4).
fn escape_rfc4514(value: &str, out: &mut String) {
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '\0' => out.push_str("\\00"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
}

/// One attribute of a parsed name, as the inspection reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameEntry {
    /// The attribute type.
    pub oid: Oid,
    /// The value as text (`#` + hex of the DER when the string type is not a text type).
    pub value: String,
    /// Index of the RDN this entry belongs to (entries of one multi-valued RDN share it).
    pub rdn: usize,
    /// The DER tag of the value (`0x0c` UTF8String, `0x13` PrintableString, …).
    pub tag: u8,
}

impl NameEntry {
    /// The name OpenSSL 3 prints (`C`, `ST`, `L`, `O`, `OU`, `CN`, `emailAddress`,
    /// `serialNumber`, `DC`, `UID`, `jurisdictionC`, …) or the dotted OID.
    pub fn short_name(&self) -> String {
        short_name(&self.oid)
    }
}

/// Reads every attribute of a DER `Name`, in encoding order, values decoded to text,
/// refusing a name of more than `max` attributes before converting any.
pub fn parse_name(der: &[u8], max: usize) -> Result<Vec<NameEntry>> {
    let name = tlv::read_one(der, tag::SEQUENCE)?;
    let mut count = 0usize;
    for rdn in tlv::children(name.content) {
        let rdn = rdn?;
        if rdn.tag != tag::SET {
            return Err(tlv::bad("an RDN is not a SET"));
        }
        count += tlv::children(rdn.content).count();
        if count > max {
            return Err(Error::TooMany {
                what: "name attributes",
                limit: max,
            });
        }
    }
    let mut out = Vec::with_capacity(count);
    for (i, rdn) in tlv::children(name.content).enumerate() {
        let rdn = rdn?;
        let mut n = 0;
        for atv in tlv::children(rdn.content) {
            let atv = atv?;
            if atv.tag != tag::SEQUENCE {
                return Err(tlv::bad("an attribute is not a SEQUENCE"));
            }
            let (oid, rest) = tlv::read(atv.content)?;
            if oid.tag != tag::OID {
                return Err(tlv::bad("an attribute type is not an OID"));
            }
            let oid = tlv::oid(&oid)?;
            let (value, rest) = tlv::read(rest)?;
            if !rest.is_empty() {
                return Err(tlv::bad("trailing data in an attribute"));
            }
            out.push(NameEntry {
                oid,
                value: value_text(&value)?,
                rdn: i,
                tag: value.tag,
            });
            n += 1;
        }
        if n == 0 {
            return Err(tlv::bad("an empty RDN"));
        }
    }
    Ok(out)
}

/// The text of an attribute value. The value is a primitive element of a universal
/// string type, BIT STRING, OCTET STRING, UTCTime or GeneralizedTime, as `cryptography`
/// reads names; OpenSSL refuses every other tag but a few it shows as unknown, and every
/// type both refuse (INTEGER, NULL, a SET, a constructed or non-universal element such as
/// `[APPLICATION 9]`, …) is refused. Strings decode by their type (UTF8String must be
/// UTF-8, BMPString UTF-16, UniversalString UCS-4: both peers refuse other bytes there);
/// the other types read as `#` and the hex of their DER (RFC 4514 §2.4).
fn value_text(v: &tlv::Tlv<'_>) -> Result<String> {
    let bytes = v.content;
    let not_text = |what: &str| tlv::bad(&format!("{what} value is not valid text"));
    Ok(match v.tag {
        // PrintableString, IA5String, VisibleString, NumericString, UTF8String.
        0x13 | 0x16 | 0x1a | 0x12 | 0x0c => std::str::from_utf8(bytes)
            .map_err(|_| not_text("a string"))?
            .to_string(),
        // TeletexString: Latin-1, as OpenSSL reads it.
        0x14 => bytes.iter().map(|&b| b as char).collect(),
        // BMPString: UTF-16BE.
        0x1e => {
            if !bytes.len().is_multiple_of(2) {
                return Err(tlv::bad("BMPString of odd length"));
            }
            let units = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]));
            char::decode_utf16(units)
                .collect::<std::result::Result<String, _>>()
                .map_err(|_| not_text("a BMPString"))?
        }
        // UniversalString: UCS-4BE.
        0x1c => {
            if !bytes.len().is_multiple_of(4) {
                return Err(tlv::bad("UniversalString length is not a multiple of 4"));
            }
            bytes
                .chunks_exact(4)
                .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                .collect::<Option<String>>()
                .ok_or_else(|| not_text("a UniversalString"))?
        }
        // BIT STRING (x500UniqueIdentifier), OCTET STRING, UTCTime, GeneralizedTime.
        tag::BIT_STRING | tag::OCTET_STRING | tag::UTC_TIME | tag::GENERALIZED_TIME => {
            if v.tag == tag::BIT_STRING {
                tlv::bit_string(v, "an attribute value")?;
            }
            let mut s = String::with_capacity(1 + v.raw.len() * 2);
            s.push('#');
            s.push_str(&crate::fingerprint::hex(v.raw));
            s
        }
        other => {
            return Err(tlv::bad(&format!(
                "an attribute value of tag 0x{other:02x}, which is no string type"
            )));
        }
    })
}

/// Whether two names are the same name, as RFC 5280 7.1 compares them for chaining:
/// the same attributes in the same RDNs with values equal after case folding and
/// white-space compression (string types may differ). Takes the names already parsed.
pub fn same_name(x: &[NameEntry], y: &[NameEntry]) -> bool {
    let fold = |v: &str| {
        v.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    x.len() == y.len()
        && x.iter()
            .zip(y)
            .all(|(p, q)| p.oid == q.oid && p.rdn == q.rdn && fold(&p.value) == fold(&q.value))
}

/// `SubjectDN` as the certificate APIs show it: `TYPE=value` in encoding order joined by
/// `,`, no spaces and
/// no escaping; the values of one multi-valued RDN joined by `+`.
pub fn subject_dn(entries: &[NameEntry]) -> String {
    let mut out = String::new();
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(if entries[i - 1].rdn == e.rdn {
                '+'
            } else {
                ','
            });
        }
        out.push_str(&e.short_name());
        out.push('=');
        out.push_str(&e.value);
    }
    out
}

/// The RFC 4514 string of a parsed name (reverse order, escaped).
pub fn rfc4514(entries: &[NameEntry]) -> String {
    let mut out = String::new();
    let mut rdns: Vec<&[NameEntry]> = entries.chunk_by(|a, b| a.rdn == b.rdn).collect();
    rdns.reverse();
    for (i, rdn) in rdns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, e) in rdn.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            out.push_str(&e.short_name());
            out.push('=');
            if e.value.starts_with('#')
                && !matches!(e.tag, 0x0c | 0x12 | 0x13 | 0x14 | 0x16 | 0x1a | 0x1c | 0x1e)
            {
                out.push_str(&e.value);
            } else {
                escape_rfc4514(&e.value, &mut out);
            }
        }
    }
    out
}

/// The values of `attribute` joined by `,` (the flat API fields hold several values of
/// one attribute that way), or `None` when absent.
pub fn joined(entries: &[NameEntry], attribute: Attribute) -> Option<String> {
    let oid = attribute.oid();
    let mut it = entries.iter().filter(|e| e.oid == oid);
    let first = it.next()?;
    let mut s = first.value.clone();
    for e in it {
        s.push(',');
        s.push_str(&e.value);
    }
    Some(s)
}
