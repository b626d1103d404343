//! Distinguished names: the validated builder, RFC 4514 strings, and the API's `SubjectDN`.
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
//! [`DistinguishedName`] is what csrkit builds: the six attributes of the APIs
//! (`C`, `ST`, `L`, `O`, `OU` repeated as needed, `CN`) plus an optional
//! `emailAddress`, encoded in that order, each checked against SPEC's rules
//! (country two letters A–Z as PrintableString; RFC 5280 upper bounds; no empty
//! values, no control characters). Values are PrintableString when every character
//! is in PrintableString's set and UTF8String otherwise (as Go's crypto/x509 does);
//! `emailAddress` is IA5String.
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
//! # Ok::<(), csrkit::Error>(())
//! ```

use const_oid::db::{rfc2256, rfc3280, rfc4519};
use der::asn1::{Any, Ia5StringRef, ObjectIdentifier, PrintableStringRef, Utf8StringRef};
use der::{Decode, Encode, Tag, Tagged};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

use crate::error::{Error, NameProblem, Result};

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

/// A validated subject name that csrkit builds: attribute values in encoding order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DistinguishedName {
    entries: Vec<(Attribute, String)>,
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

    /// Checks every value and returns the name in encoding order.
    pub fn build(self) -> Result<DistinguishedName> {
        let mut entries = Vec::with_capacity(self.values.len());
        for attribute in Attribute::ORDER {
            for (a, v) in &self.values {
                if *a == attribute {
                    validate_value(attribute, v)?;
                    entries.push((attribute, v.clone()));
                }
            }
        }
        Ok(DistinguishedName { entries })
    }
}

/// Checks one value against SPEC's rules; the error names the field.
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

    /// The attribute values in encoding order.
    pub fn entries(&self) -> &[(Attribute, String)] {
        &self.entries
    }

    /// The first value of `attribute`.
    pub fn get(&self, attribute: Attribute) -> Option<&str> {
        self.entries
            .iter()
            .find(|(a, _)| *a == attribute)
            .map(|(_, v)| v.as_str())
    }

    /// `CN`, when present.
    pub fn common_name(&self) -> Option<&str> {
        self.get(Attribute::CommonName)
    }

    /// True when the name has no attribute.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The X.509 `Name`, one attribute per RDN, in encoding order.
    pub fn to_name(&self) -> Result<Name> {
        let mut seq = RdnSequence::default();
        for (attribute, value) in &self.entries {
            let atv = AttributeTypeAndValue {
                oid: attribute.oid(),
                value: encode_value(*attribute, value)?,
            };
            seq.push(RelativeDistinguishedName::try_from(vec![atv])?);
        }
        // `Name` is built from its DER: x509-cert keeps its constructor behind `hazmat`.
        Ok(Name::from_der(&seq.to_der()?)?)
    }

    /// The RFC 4514 string: RDNs in reverse encoding order, `,`-separated, values escaped.
    pub fn to_rfc4514(&self) -> String {
        let mut out = String::new();
        for (i, (attribute, value)) in self.entries.iter().rev().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(attribute.short_name());
            out.push('=');
            escape_rfc4514(value, &mut out);
        }
        out
    }

    /// Parses an RFC 4514 string such as `CN=example.com,O=Example Co,C=CN` (the
    /// first RDN in the string is the last one encoded) and checks every value.
    ///
    /// Only the six API attributes and emailAddress are accepted; a multi-valued RDN
    /// (`+`) or a second `C`, `ST`, `L`, `O` or `CN` is refused. Spaces around `,`,
    /// `+` and `=` are ignored; escaped spaces (`\ `) are kept.
    pub fn parse_rfc4514(s: &str) -> Result<Self> {
        let rdns = parse_rfc4514(s)?;
        let mut builder = DnBuilder::default();
        let mut seen = Vec::new();
        for rdn in rdns.into_iter().rev() {
            if rdn.len() != 1 {
                return Err(Error::Rfc4514(
                    "multi-valued RDNs (+) cannot be built".to_string(),
                ));
            }
            for (kind, value) in rdn {
                let attribute = Attribute::from_short_name(&kind).ok_or_else(|| {
                    Error::Rfc4514(format!("attribute {kind:?} is not one csrkit builds"))
                })?;
                if attribute != Attribute::OrganizationalUnit && seen.contains(&attribute) {
                    return Err(Error::Rfc4514(format!(
                        "{} is given more than once",
                        attribute.short_name()
                    )));
                }
                seen.push(attribute);
                builder = match attribute {
                    Attribute::OrganizationalUnit => builder.organizational_unit(value),
                    other => builder.set(other, value),
                };
            }
        }
        builder.build()
    }
}

fn is_printable_string_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(c)
}

fn encode_value(attribute: Attribute, value: &str) -> Result<Any> {
    let any = match attribute {
        Attribute::Country => Any::from(PrintableStringRef::new(value)?),
        Attribute::EmailAddress => Any::from(Ia5StringRef::new(value)?),
        _ if value.chars().all(is_printable_string_char) => {
            Any::from(PrintableStringRef::new(value)?)
        }
        _ => Any::from(Utf8StringRef::new(value)?),
    };
    Ok(any)
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

/// One parsed RDN: `(type, value)` pairs as written in the string.
type ParsedRdn = Vec<(String, String)>;

/// Parses an RFC 4514 string into RDNs in string order (not reversed).
fn parse_rfc4514(s: &str) -> Result<Vec<ParsedRdn>> {
    let err = |m: &str| Error::Rfc4514(m.to_string());
    let bytes = s.as_bytes();
    let mut rdns: Vec<ParsedRdn> = Vec::new();
    let mut rdn: ParsedRdn = Vec::new();
    let mut i = 0;
    if s.trim().is_empty() {
        return Err(err("empty string"));
    }
    loop {
        // attribute type
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let t0 = i;
        while i < bytes.len() && bytes[i] != b'=' && bytes[i] != b',' && bytes[i] != b'+' {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            return Err(err("an attribute without '='"));
        }
        let kind = s[t0..i].trim().to_string();
        if kind.is_empty() {
            return Err(err("an attribute without a type"));
        }
        i += 1;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        if bytes.get(i) == Some(&b'#') {
            return Err(err("hex-encoded (#) values are not supported"));
        }
        // value: raw bytes with escapes undone; `keep` = length up to the last
        // character that is not an unescaped trailing space.
        let mut value: Vec<u8> = Vec::new();
        let mut keep = 0;
        while i < bytes.len() && bytes[i] != b',' && bytes[i] != b'+' {
            let c = bytes[i];
            if c == b'\\' {
                let next = *bytes
                    .get(i + 1)
                    .ok_or_else(|| err("a trailing backslash"))?;
                if next.is_ascii_hexdigit() {
                    let hi = next;
                    let lo = *bytes
                        .get(i + 2)
                        .filter(|b| b.is_ascii_hexdigit())
                        .ok_or_else(|| err("a bad \\XX escape"))?;
                    let hex = [hi, lo];
                    let hex = std::str::from_utf8(&hex).map_err(|_| err("a bad escape"))?;
                    value.push(u8::from_str_radix(hex, 16).map_err(|_| err("a bad escape"))?);
                    i += 3;
                } else if b" \"#+,;<=>\\".contains(&next) {
                    value.push(next);
                    i += 2;
                } else {
                    return Err(err("a backslash before a character that needs no escape"));
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
        let value = String::from_utf8(value).map_err(|_| err("escapes that are not UTF-8"))?;
        rdn.push((kind, value));
        match bytes.get(i) {
            Some(b'+') => {
                i += 1;
            }
            Some(b',') => {
                rdns.push(std::mem::take(&mut rdn));
                i += 1;
            }
            _ => {
                rdns.push(std::mem::take(&mut rdn));
                break;
            }
        }
    }
    Ok(rdns)
}

/// One attribute of a parsed name, as the inspection reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameEntry {
    /// The attribute type.
    pub oid: ObjectIdentifier,
    /// The value as text (`#` + hex of the DER when the string type is not a text type).
    pub value: String,
    /// Index of the RDN this entry belongs to (entries of one multi-valued RDN share it).
    pub rdn: usize,
}

impl NameEntry {
    /// The short name (`C`, `ST`, `L`, `O`, `OU`, `CN`, `emailAddress`, `serialNumber`,
    /// `DC`, `UID`, …) or the dotted OID.
    pub fn short_name(&self) -> String {
        short_name(&self.oid)
    }
}

/// Short name of an attribute type, as RFC 4514 / OpenSSL print it, or the dotted OID.
pub fn short_name(oid: &ObjectIdentifier) -> String {
    if let Some(a) = Attribute::from_oid(oid) {
        return a.short_name().to_string();
    }
    match *oid {
        rfc4519::SERIAL_NUMBER => "serialNumber".into(),
        rfc4519::DOMAIN_COMPONENT => "DC".into(),
        rfc4519::UID => "UID".into(),
        rfc4519::STREET => "street".into(),
        rfc4519::TITLE => "title".into(),
        rfc4519::SN => "SN".into(),
        rfc4519::GIVEN_NAME => "GN".into(),
        rfc4519::POSTAL_CODE => "postalCode".into(),
        rfc4519::BUSINESS_CATEGORY => "businessCategory".into(),
        _ => oid.to_string(),
    }
}

/// [`entries`], refusing a name of more than `max` attributes before converting any.
pub fn entries_bounded(name: &Name, max: usize) -> Result<Vec<NameEntry>> {
    let count: usize = name.as_ref().iter().map(|rdn| rdn.as_ref().len()).sum();
    if count > max {
        return Err(Error::TooMany {
            what: "name attributes",
            limit: max,
        });
    }
    entries(name)
}

/// Reads every attribute of a name, in encoding order, values decoded to text.
///
/// String types: PrintableString, UTF8String, IA5String, TeletexString (read as
/// Latin-1) and BMPString; any other value is shown as `#` + hex DER.
/// A UTF8String that is not UTF-8 is a [`Error::Der`].
pub fn entries(name: &Name) -> Result<Vec<NameEntry>> {
    let mut out = Vec::with_capacity(name.len());
    for (i, rdn) in name.iter_rdn().enumerate() {
        for atv in rdn.iter() {
            out.push(NameEntry {
                oid: atv.oid,
                value: value_text(&atv.value)?,
                rdn: i,
            });
        }
    }
    Ok(out)
}

fn value_text(any: &Any) -> Result<String> {
    let bytes = any.value();
    let text = match any.tag() {
        Tag::PrintableString | Tag::Ia5String | Tag::VisibleString | Tag::Utf8String => {
            std::str::from_utf8(bytes)
                .map_err(|_| {
                    Error::Der(crate::error::DerProblem {
                        kind: format!("{} value is not valid text", any.tag()),
                        position: None,
                    })
                })?
                .to_string()
        }
        Tag::TeletexString => bytes.iter().map(|&b| b as char).collect(),
        Tag::BmpString => {
            if !bytes.len().is_multiple_of(2) {
                return Err(der_problem("BMPString of odd length"));
            }
            let units = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]));
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .map_err(|_| der_problem("BMPString is not valid UTF-16"))?
        }
        _ => {
            let der = any.to_der()?;
            let mut s = String::with_capacity(1 + der.len() * 2);
            s.push('#');
            s.push_str(&crate::fingerprint::hex(&der));
            s
        }
    };
    Ok(text)
}

fn der_problem(kind: &str) -> Error {
    Error::Der(crate::error::DerProblem {
        kind: kind.to_string(),
        position: None,
    })
}

/// Whether two names are the same name, as RFC 5280 7.1 compares them for chaining:
/// the same DER, or else the same attributes in the same RDNs with values equal after
/// case folding and white-space compression (string types may differ).
pub fn same_name(a: &Name, b: &Name) -> bool {
    if a == b {
        return true;
    }
    let (Ok(x), Ok(y)) = (entries(a), entries(b)) else {
        return false;
    };
    let fold = |v: &str| {
        v.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    x.len() == y.len()
        && x.iter()
            .zip(&y)
            .all(|(p, q)| p.oid == q.oid && p.rdn == q.rdn && fold(&p.value) == fold(&q.value))
}

/// SPEC's `SubjectDN`: `TYPE=value` in encoding order joined by `,`, no spaces and
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
            escape_rfc4514(&e.value, &mut out);
        }
    }
    out
}

/// The values of `attribute` joined by `,` (SPEC: several values of one attribute are
/// joined in the flat fields), or `None` when absent.
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
