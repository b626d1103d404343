//! Subject alternative names (RFC 5280 4.2.1.6) of the four kinds the APIs carry.
//!
//! ```text
//! GeneralName ::= CHOICE {
//!      rfc822Name                      [1]     IA5String,       -- Type 1
//!      dNSName                         [2]     IA5String,       -- Type 2
//!      uniformResourceIdentifier       [6]     IA5String,       -- Type 6
//!      iPAddress                       [7]     OCTET STRING,    -- Type 7
//!      ... }
//! ```
//!
//! The `Type` codes are the GeneralName tags, as `ListClientCertificate` reports them.
//!
//! ```
//! use csrkit::sans::San;
//!
//! assert_eq!(San::parse("*.example.com")?, San::Dns("*.example.com".into()));
//! assert_eq!(San::parse("2001:db8:0::1")?.value(), "2001:db8::1");
//! assert_eq!(San::parse("a@example.com")?.type_code(), 1);
//! assert!(San::parse("www.*.example.com").is_err());
//! # Ok::<(), csrkit::Error>(())
//! ```

use std::net::IpAddr;

use der::asn1::{Ia5String, OctetString};
use x509_cert::ext::pkix::name::GeneralName;

use crate::error::{Error, Result};

/// One subject alternative name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum San {
    /// `rfc822Name`, Type 1.
    Email(String),
    /// `dNSName`, Type 2; a wildcard only as the whole leftmost label.
    Dns(String),
    /// `uniformResourceIdentifier`, Type 6.
    Uri(String),
    /// `iPAddress`, Type 7.
    Ip(IpAddr),
}

impl San {
    /// Parses the CLI form: `dns:`, `email:`, `uri:`, `ip:` prefixes; without a prefix,
    /// an IP address when it parses as one, an email address when it holds `@`, and a
    /// DNS name otherwise. The value is checked.
    pub fn parse(s: &str) -> Result<San> {
        let lower = s.get(..s.find(':').map_or(0, |i| i + 1)).unwrap_or("");
        let lower = lower.to_ascii_lowercase();
        let san = match lower.as_str() {
            "dns:" => San::Dns(s[4..].to_string()),
            "email:" => San::Email(s[6..].to_string()),
            "uri:" => San::Uri(s[4..].to_string()),
            "ip:" => San::Ip(
                s[3..]
                    .parse()
                    .map_err(|_| invalid(s, "not an IPv4 or IPv6 address"))?,
            ),
            _ => {
                if let Ok(ip) = s.parse::<IpAddr>() {
                    San::Ip(ip)
                } else if s.contains("://") {
                    return Err(invalid(
                        s,
                        "a URI: write it with the uri: prefix (uri:https://…)",
                    ));
                } else if s.contains('@') {
                    San::Email(s.to_string())
                } else {
                    San::Dns(s.to_string())
                }
            }
        };
        san.validate()?;
        Ok(san)
    }

    /// Checks the value against its kind's rules.
    pub fn validate(&self) -> Result<()> {
        match self {
            San::Dns(name) => check_dns(name, true).map_err(|p| invalid(name, p)),
            San::Email(addr) => check_email(addr).map_err(|p| invalid(addr, p)),
            San::Uri(uri) => check_uri(uri).map_err(|p| invalid(uri, p)),
            San::Ip(_) => Ok(()),
        }
    }

    /// The GeneralName tag: 1 email, 2 DNS, 6 URI, 7 IP.
    pub fn type_code(&self) -> u8 {
        match self {
            San::Email(_) => 1,
            San::Dns(_) => 2,
            San::Uri(_) => 6,
            San::Ip(_) => 7,
        }
    }

    /// The value as text (IP addresses in canonical form, RFC 5952 for IPv6).
    pub fn value(&self) -> String {
        match self {
            San::Email(v) | San::Dns(v) | San::Uri(v) => v.clone(),
            San::Ip(ip) => ip.to_string(),
        }
    }

    /// The CLI form with its prefix (`dns:www.example.com`).
    pub fn to_cli(&self) -> String {
        let prefix = match self {
            San::Email(_) => "email:",
            San::Dns(_) => "dns:",
            San::Uri(_) => "uri:",
            San::Ip(_) => "ip:",
        };
        format!("{prefix}{}", self.value())
    }

    /// The X.509 GeneralName.
    pub fn to_general_name(&self) -> Result<GeneralName> {
        let ia5 = |v: &str| Ia5String::new(v).map_err(|_| invalid(v, "not ASCII"));
        Ok(match self {
            San::Email(v) => GeneralName::Rfc822Name(ia5(v)?),
            San::Dns(v) => GeneralName::DnsName(ia5(v)?),
            San::Uri(v) => GeneralName::UniformResourceIdentifier(ia5(v)?),
            San::Ip(ip) => GeneralName::IpAddress(OctetString::new(match ip {
                IpAddr::V4(a) => a.octets().to_vec(),
                IpAddr::V6(a) => a.octets().to_vec(),
            })?),
        })
    }
}

/// A SAN as the APIs report it: `{"Type": 2, "Value": "www.example.com"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SanEntry {
    /// GeneralName tag: 1 email, 2 DNS, 6 URI, 7 IP.
    #[serde(rename = "Type")]
    pub kind: u8,
    /// The value as text.
    #[serde(rename = "Value")]
    pub value: String,
}

impl SanEntry {
    /// A GeneralName of the four kinds from its raw DER (implicit tags `[1]`, `[2]`,
    /// `[6]`, `[7]`); `None` for the other kinds.
    pub(crate) fn from_tagged(t: &crate::tlv::Tlv<'_>) -> Result<Option<SanEntry>> {
        // IA5String by the ASN.1, but real certificates carry UTF-8 there
        // (`biztosítás.hu`), and OpenSSL and `cryptography` both read it as UTF-8.
        let ia5 = |kind: u8| -> Result<Option<SanEntry>> {
            let v = std::str::from_utf8(t.content)
                .map_err(|_| crate::tlv::bad("a SAN that is neither ASCII nor UTF-8"))?;
            Ok(Some(SanEntry::new(kind, v)))
        };
        match t.tag {
            0x81 => ia5(1),
            0x82 => ia5(2),
            0x86 => ia5(6),
            0x87 => Ok(Self::from_general_name(&GeneralName::IpAddress(
                OctetString::new(t.content)?,
            ))),
            _ => Ok(None),
        }
    }

    fn new(kind: u8, value: &str) -> Self {
        SanEntry {
            kind,
            value: value.to_string(),
        }
    }

    /// Reads a GeneralName of the four kinds; other kinds give `None`. Values are taken
    /// as they stand (a certificate's SANs are reported, not judged); an iPAddress of
    /// another length than 4 or 16 is shown as hex.
    pub fn from_general_name(name: &GeneralName) -> Option<SanEntry> {
        Some(match name {
            GeneralName::Rfc822Name(v) => SanEntry::new(1, v.as_str()),
            GeneralName::DnsName(v) => SanEntry::new(2, v.as_str()),
            GeneralName::UniformResourceIdentifier(v) => SanEntry::new(6, v.as_str()),
            GeneralName::IpAddress(v) => {
                let b = v.as_bytes();
                let text = if let Ok(a) = <[u8; 4]>::try_from(b) {
                    IpAddr::from(a).to_string()
                } else if let Ok(a) = <[u8; 16]>::try_from(b) {
                    IpAddr::from(a).to_string()
                } else {
                    crate::fingerprint::hex(b)
                };
                SanEntry {
                    kind: 7,
                    value: text,
                }
            }
            _ => return None,
        })
    }
}

/// A reported SAN back into one to build with, checked by [`San::validate`]: a client
/// turns a list response's `SanEntries` into the SANs of a new request.
///
/// ```
/// use csrkit::sans::{San, SanEntry};
/// let entry: SanEntry = serde_json::from_str(r#"{"Type": 7, "Value": "2001:db8::1"}"#)?;
/// assert_eq!(San::try_from(&entry)?, San::parse("ip:2001:db8::1")?);
/// let other: SanEntry = serde_json::from_str(r#"{"Type": 8, "Value": "1.2.3"}"#)?;
/// assert!(San::try_from(&other).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl TryFrom<&SanEntry> for San {
    type Error = Error;
    fn try_from(e: &SanEntry) -> Result<San> {
        let san = match e.kind {
            1 => San::Email(e.value.clone()),
            2 => San::Dns(e.value.clone()),
            6 => San::Uri(e.value.clone()),
            7 => San::Ip(
                e.value
                    .parse()
                    .map_err(|_| invalid(&e.value, "not an IPv4 or IPv6 address"))?,
            ),
            _ => return Err(invalid(&e.value, "not an email, DNS, URI or IP SAN")),
        };
        san.validate()?;
        Ok(san)
    }
}

impl From<&San> for SanEntry {
    fn from(s: &San) -> Self {
        SanEntry {
            kind: s.type_code(),
            value: s.value(),
        }
    }
}

fn invalid(value: &str, problem: &'static str) -> Error {
    Error::InvalidSan {
        value: value.to_string(),
        problem,
    }
}

/// True when `s` is a valid DNS name for a SAN (wildcards allowed) or an IP address:
/// the rule by which the CLI makes the CN a SAN.
pub fn is_dns_or_ip(s: &str) -> bool {
    s.parse::<IpAddr>().is_ok() || check_dns(s, true).is_ok()
}

/// RFC 1034/1123 host name rules: total length ≤ 253, labels of 1–63 letters, digits
/// and hyphens, no hyphen at either end of a label; a `*` only as the whole leftmost
/// label, followed by at least two labels.
fn check_dns(name: &str, allow_wildcard: bool) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("empty DNS name");
    }
    if !name.is_ascii() {
        return Err("DNS names must be ASCII (use the xn-- form of an internationalised name)");
    }
    if name.len() > 253 {
        return Err("DNS name longer than 253 characters");
    }
    let labels: Vec<&str> = name.split('.').collect();
    for (i, label) in labels.iter().enumerate() {
        if label.is_empty() {
            return Err("empty label in DNS name");
        }
        if *label == "*" {
            if !allow_wildcard {
                return Err("wildcard not allowed here");
            }
            if i != 0 {
                return Err("a wildcard may only be the whole leftmost label");
            }
            if labels.len() < 3 {
                return Err("a wildcard needs at least two labels after it");
            }
            continue;
        }
        if label.contains('*') {
            return Err("a wildcard may only be the whole leftmost label");
        }
        if label.len() > 63 {
            return Err("DNS label longer than 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err("DNS labels hold only letters, digits and hyphens");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a DNS label may not start or end with a hyphen");
        }
    }
    Ok(())
}

/// `local@domain`: ASCII, a non-empty local part without spaces or control
/// characters, a valid DNS domain (no wildcard).
fn check_email(addr: &str) -> Result<(), &'static str> {
    if !addr.is_ascii() {
        return Err("email addresses must be ASCII");
    }
    let (local, domain) = addr.rsplit_once('@').ok_or("email address without @")?;
    if local.is_empty() || local.len() > 64 {
        return Err("email local part must be 1 to 64 characters");
    }
    if local
        .bytes()
        .any(|b| b.is_ascii_control() || b == b' ' || b == b'@')
    {
        return Err("email local part holds a space, @ or control character");
    }
    check_dns(domain, false).map_err(|_| "email domain is not a valid DNS name")
}

/// `scheme:rest` with an RFC 3986 scheme; ASCII without spaces or control characters.
fn check_uri(uri: &str) -> Result<(), &'static str> {
    if !uri.is_ascii() || uri.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err("URIs must be ASCII without spaces (percent-encode the rest)");
    }
    let (scheme, rest) = uri.split_once(':').ok_or("URI without a scheme")?;
    let mut sb = scheme.bytes();
    let first_ok = sb.next().is_some_and(|b| b.is_ascii_alphabetic());
    if !first_ok || !sb.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) {
        return Err("URI scheme must be a letter followed by letters, digits, + - .");
    }
    if rest.is_empty() {
        return Err("URI has nothing after its scheme");
    }
    Ok(())
}
