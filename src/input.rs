//! Input forms: PEM or DER, detected from the bytes, and strict PEM output (RFC 7468:
//! 64-column lines, LF).
//!
//! Read leniently:
//! - DER (the first byte is a SEQUENCE tag `0x30`; other binary input that holds no
//!   PEM block is handed to the DER decoder too, which says what is wrong);
//! - PEM with LF or CRLF line ends, text before the `-----BEGIN` line, no final newline;
//! - PEM as cloud APIs carry it inside JSON strings: the whole block on one line, or
//!   with literal `\n` / `\r\n` escapes instead of line breaks;
//! - several PEM blocks: the first one whose label the caller accepts is taken
//!   (so an `EC PARAMETERS` block before an `EC PRIVATE KEY` is skipped).
//!
//! Written strictly: RFC 7468 PEM, 64-column base64 lines, LF.
//!
//! ```
//! use csrkit::input::{decode, Label};
//! let pem = "junk\r\n-----BEGIN CERTIFICATE REQUEST-----MAMCAQA=-----END CERTIFICATE REQUEST-----";
//! let block = decode(pem.as_bytes(), &[Label::CertificateRequest])?;
//! assert_eq!(block.der, [0x30, 0x03, 0x02, 0x01, 0x00]);
//! # Ok::<(), csrkit::Error>(())
//! ```

use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

use crate::error::{Error, PemProblem, Result};

/// Largest input csrkit reads by default: 1 MiB. Real CSRs and certificates are a few KiB.
pub const MAX_INPUT: usize = 1 << 20;

/// Bounds on what a parser accepts, so that hostile input is refused early with a
/// typed error and memory stays bounded. DER nesting needs no counter: csrkit decodes
/// fixed ASN.1 structures (x509-cert), so the depth is bounded by the schema, and
/// open-ended values (`ANY`, extension values) are kept as bytes, never walked.
///
/// ```
/// use csrkit::{csr::ParsedCsr, input::Limits, Error};
/// let tight = Limits { max_input: 16, ..Limits::default() };
/// assert!(matches!(ParsedCsr::from_bytes_with(&[0x30; 64], &tight), Err(Error::TooLarge { .. })));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input in bytes ([`MAX_INPUT`], 1 MiB, by default).
    pub max_input: usize,
    /// Most SAN entries in one CSR or certificate (1024).
    pub max_sans: usize,
    /// Most attributes in a subject or issuer name (64).
    pub max_name_entries: usize,
    /// Most extensions, and most CSR attributes (64).
    pub max_extensions: usize,
}

impl Limits {
    /// The defaults.
    pub const DEFAULT: Limits = Limits {
        max_input: MAX_INPUT,
        max_sans: 1024,
        max_name_entries: 64,
        max_extensions: 64,
    };
}

impl Limits {
    /// [`Error::TooLarge`] when `len` bytes are over [`Limits::max_input`].
    pub fn check_size(&self, len: usize) -> Result<()> {
        check_size(len, self.max_input)
    }
}

fn check_size(len: usize, limit: usize) -> Result<()> {
    if len > limit {
        return Err(Error::TooLarge {
            size: len as u64,
            limit: limit as u64,
        });
    }
    Ok(())
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Counts the elements in `body`, the content of a DER `SEQUENCE` (without its header),
/// by walking their headers only: no element is decoded or allocated. Stops at
/// `max + 1`, so a count over `max` means "too many" however many there are.
pub fn count_elements(body: &[u8], max: usize) -> Result<usize> {
    use der::{Decode, Header, Reader, SliceReader};
    let mut r = SliceReader::new(body)?;
    let mut n = 0usize;
    while !r.is_finished() && n <= max {
        let h = Header::decode(&mut r)?;
        r.read_slice(h.length())?;
        n += 1;
    }
    Ok(n)
}

/// [`count_elements`] of the DER `SEQUENCE` at the start of `der`.
pub fn count_sequence_elements(der: &[u8], max: usize) -> Result<usize> {
    use der::{Decode, Header, Reader, SliceReader};
    let mut outer = SliceReader::new(der)?;
    let header = Header::decode(&mut outer)?;
    count_elements(outer.read_slice(header.length())?, max)
}

/// The PEM labels csrkit reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// `CERTIFICATE REQUEST` (and the legacy `NEW CERTIFICATE REQUEST` on read).
    CertificateRequest,
    /// `CERTIFICATE`.
    Certificate,
    /// `PRIVATE KEY` (PKCS#8).
    PrivateKey,
    /// `RSA PRIVATE KEY` (PKCS#1).
    RsaPrivateKey,
    /// `EC PRIVATE KEY` (SEC1).
    EcPrivateKey,
    /// `PUBLIC KEY` (SubjectPublicKeyInfo).
    PublicKey,
    /// `ENCRYPTED PRIVATE KEY` (PKCS#8 `EncryptedPrivateKeyInfo`, PBES2).
    EncryptedPrivateKey,
}

impl Label {
    /// The label as written in the BEGIN/END lines.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::CertificateRequest => "CERTIFICATE REQUEST",
            Label::Certificate => "CERTIFICATE",
            Label::PrivateKey => "PRIVATE KEY",
            Label::RsaPrivateKey => "RSA PRIVATE KEY",
            Label::EcPrivateKey => "EC PRIVATE KEY",
            Label::PublicKey => "PUBLIC KEY",
            Label::EncryptedPrivateKey => "ENCRYPTED PRIVATE KEY",
        }
    }

    fn from_pem(label: &str) -> Option<Self> {
        Some(match label {
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Label::CertificateRequest,
            "CERTIFICATE" => Label::Certificate,
            "PRIVATE KEY" => Label::PrivateKey,
            "RSA PRIVATE KEY" => Label::RsaPrivateKey,
            // `openssl ec` labels SM2 SEC1 keys `SM2 PRIVATE KEY`.
            "EC PRIVATE KEY" | "SM2 PRIVATE KEY" => Label::EcPrivateKey,
            "PUBLIC KEY" => Label::PublicKey,
            "ENCRYPTED PRIVATE KEY" => Label::EncryptedPrivateKey,
            _ => return None,
        })
    }

    /// Private keys may carry RFC 1421 headers (legacy encrypted PEM); nothing else does.
    fn may_have_headers(self) -> bool {
        matches!(
            self,
            Label::PrivateKey | Label::RsaPrivateKey | Label::EcPrivateKey
        )
    }

    fn describe(list: &[Label]) -> &'static str {
        match list {
            [Label::CertificateRequest] => "a CSR",
            [Label::Certificate] => "a certificate",
            [Label::CertificateRequest, Label::Certificate]
            | [Label::Certificate, Label::CertificateRequest] => "a CSR or a certificate",
            [Label::PublicKey] => "a public key",
            _ => "a private key",
        }
    }
}

/// One decoded object: its DER and, when it came as PEM, its label and headers.
#[derive(Clone, PartialEq, Eq)]
pub struct Block {
    /// The PEM label, or `None` for DER input.
    pub label: Option<Label>,
    /// The DER bytes (for a legacy encrypted PEM key, the encrypted bytes).
    pub der: Vec<u8>,
    /// The RFC 1421 headers before the base64 body (`Proc-Type: 4,ENCRYPTED`, `DEK-Info:
    /// AES-256-CBC,…`), name and value, in order: read on private keys only (legacy
    /// encrypted PEM); a CSR or certificate with headers is refused.
    pub headers: Vec<(String, String)>,
}

impl std::fmt::Debug for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The DER may be a private key: show its length only.
        f.debug_struct("Block")
            .field("label", &self.label)
            .field("der_len", &self.der.len())
            .field("headers", &self.headers)
            .finish()
    }
}

/// Decodes PEM or DER input, taking the first PEM block whose label is in `accept`,
/// with the default size limit [`MAX_INPUT`].
pub fn decode(bytes: &[u8], accept: &[Label]) -> Result<Block> {
    decode_with_limit(bytes, accept, MAX_INPUT)
}

/// [`decode`] with an explicit size limit in bytes.
pub fn decode_with_limit(bytes: &[u8], accept: &[Label], limit: usize) -> Result<Block> {
    let mut blocks = scan(bytes, accept, limit, 1)?;
    // `scan` gives at least one block or an error.
    blocks.pop().ok_or(Error::Empty)
}

/// The one object of `bytes` where one is expected: a PKCS#12 bundle, or a PEM text that
/// holds several accepted blocks (a `fullchain.pem`), is [`Error::WrongKind`] that says
/// so, rather than its first certificate taken silently.
pub(crate) fn decode_single(
    bytes: &[u8],
    accept: &[Label],
    limit: usize,
    expected: &'static str,
) -> Result<Block> {
    if crate::keys::is_pkcs12(bytes) {
        return Err(Error::WrongKind {
            expected,
            found: "a PKCS#12 bundle (read it as a bundle: its key, certificate and chain)".into(),
        });
    }
    let mut blocks = scan(bytes, accept, limit, 2)?;
    if blocks.len() > 1 {
        return Err(Error::WrongKind {
            expected,
            found:
                "a bundle of several certificates or CSRs (read it as a bundle, every one in order)"
                    .into(),
        });
    }
    blocks.pop().ok_or(Error::Empty)
}

/// Every PEM block of `bytes` whose label is in `accept`, in order (a `fullchain.pem`, a
/// CA bundle), or the one DER object; other blocks are skipped. At most
/// [`MAX_BLOCKS`] are read.
pub fn decode_all(bytes: &[u8], accept: &[Label]) -> Result<Vec<Block>> {
    decode_all_with_limit(bytes, accept, MAX_INPUT)
}

/// [`decode_all`] with an explicit size limit in bytes.
pub fn decode_all_with_limit(bytes: &[u8], accept: &[Label], limit: usize) -> Result<Vec<Block>> {
    scan(bytes, accept, limit, MAX_BLOCKS)
}

/// Most PEM blocks read from one file (a CA bundle of every root is about 150).
pub const MAX_BLOCKS: usize = 4096;

/// The accepted blocks of `bytes`, at most `max` (then stopping); an error when there is
/// none.
fn scan(bytes: &[u8], accept: &[Label], limit: usize, max: usize) -> Result<Vec<Block>> {
    check_size(bytes.len(), limit)?;
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or(Error::Empty)?;
    let trimmed = &bytes[start..];
    if trimmed[0] == 0x30 || (find(trimmed, b"-----BEGIN ").is_none() && !looks_like_text(trimmed))
    {
        // DER, or binary that is not a DER SEQUENCE: the DER decoder says what is wrong.
        return Ok(vec![Block {
            label: None,
            der: trimmed.to_vec(),
            headers: Vec::new(),
        }]);
    }
    let mut found = Vec::new();
    let mut rest = trimmed;
    let mut first_other: Option<String> = None;
    while let Some(at) = find(rest, b"-----BEGIN ") {
        let after = &rest[at + 11..];
        let label_end = find(after, b"-----").ok_or(Error::Pem(PemProblem::BadHeader))?;
        let label_bytes = &after[..label_end];
        let label = std::str::from_utf8(label_bytes)
            .ok()
            .filter(|l| l.len() < 64 && l.bytes().all(|c| c.is_ascii_graphic() || c == b' '))
            .ok_or(Error::Pem(PemProblem::BadHeader))?;
        let body_and_rest = &after[label_end + 5..];
        let mut end_marker = Vec::with_capacity(label.len() + 14);
        end_marker.extend_from_slice(b"-----END ");
        end_marker.extend_from_slice(label_bytes);
        end_marker.extend_from_slice(b"-----");
        let end = find(body_and_rest, &end_marker).ok_or(Error::Pem(PemProblem::MissingEnd))?;
        let body = &body_and_rest[..end];
        match Label::from_pem(label) {
            Some(l) if accept.contains(&l) => {
                let (headers, body) = split_headers(body)?;
                if !headers.is_empty() && !l.may_have_headers() {
                    return Err(Error::Pem(PemProblem::Headers));
                }
                found.push(Block {
                    label: Some(l),
                    der: decode_body(body)?,
                    headers,
                });
                if found.len() >= max {
                    return Ok(found);
                }
            }
            _ => {
                if first_other.is_none() {
                    first_other = Some(label.to_string());
                }
            }
        }
        rest = &body_and_rest[end + end_marker.len()..];
    }
    if !found.is_empty() {
        return Ok(found);
    }
    match first_other {
        Some(other) => Err(Error::WrongKind {
            expected: Label::describe(accept),
            found: format!("a PEM block labelled {other:?}"),
        }),
        None => Err(Error::Pem(PemProblem::NotPem)),
    }
}

/// Most headers read before a PEM body (OpenSSL writes two).
const MAX_HEADERS: usize = 16;

/// Splits the RFC 1421 headers (`Name: value` lines, as legacy encrypted PEM carries
/// `Proc-Type` and `DEK-Info`) from the base64 body after them. Lines end with LF, CRLF
/// or their literal `\n` / `\r\n` escapes (PEM inside JSON strings).
/// RFC 1421 headers, name and value, in order.
type Headers = Vec<(String, String)>;

fn split_headers(body: &[u8]) -> Result<(Headers, &[u8])> {
    let mut headers = Vec::new();
    let mut rest = body;
    loop {
        rest = skip_line_breaks(rest);
        let (line, next) = split_line(rest);
        let Some(colon) = line.iter().position(|&c| c == b':') else {
            return Ok((headers, rest));
        };
        if headers.len() >= MAX_HEADERS {
            return Err(Error::Pem(PemProblem::Headers));
        }
        let text = |b: &[u8]| -> Result<String> {
            std::str::from_utf8(b)
                .ok()
                .filter(|t| {
                    t.chars()
                        .all(|c| c.is_ascii_graphic() || c == ' ' || c == '\t')
                })
                .map(|t| t.trim().to_string())
                .ok_or(Error::Pem(PemProblem::Headers))
        };
        headers.push((text(&line[..colon])?, text(&line[colon + 1..])?));
        rest = next;
    }
}

/// `bytes` after any white space and literal `\n`, `\r` escapes.
fn skip_line_breaks(mut bytes: &[u8]) -> &[u8] {
    loop {
        match bytes {
            [c, rest @ ..] if c.is_ascii_whitespace() => bytes = rest,
            [b'\\', b'n' | b'r', rest @ ..] => bytes = rest,
            _ => return bytes,
        }
    }
}

/// The line at the start of `bytes` (without its end) and what follows it.
fn split_line(bytes: &[u8]) -> (&[u8], &[u8]) {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => break,
            b'\\' if matches!(bytes.get(i + 1), Some(b'n' | b'r')) => break,
            _ => i += 1,
        }
    }
    bytes.split_at(i)
}

/// Decodes a PEM body: base64 with any white space and literal `\n`, `\r`, `\t`
/// escapes between the characters.
fn decode_body(body: &[u8]) -> Result<Vec<u8>> {
    let mut clean = Zeroizing::new(Vec::with_capacity(body.len()));
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c == b'\\' && matches!(body.get(i + 1), Some(b'n' | b'r' | b't')) {
            i += 2;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b':' {
            return Err(Error::Pem(PemProblem::Headers));
        }
        clean.push(c);
        i += 1;
    }
    Base64::decode_vec(std::str::from_utf8(&clean).map_err(|_| Error::Pem(PemProblem::Base64))?)
        .map_err(|_| Error::Pem(PemProblem::Base64))
}

/// Printable UTF-8 with ordinary white space.
fn looks_like_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|t| {
        t.chars()
            .all(|c| !c.is_control() || c.is_ascii_whitespace())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Strict RFC 7468 PEM (64-column lines, LF) of public data.
pub fn to_pem(label: Label, der: &[u8]) -> String {
    // `encode_string` only fails for labels with invalid characters; ours are constants.
    pem_rfc7468::encode_string(label.as_str(), pem_rfc7468::LineEnding::LF, der).unwrap_or_default()
}

/// Strict RFC 7468 PEM of secret data, in a buffer that is zeroized on drop.
pub fn to_pem_secret(label: Label, der: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(to_pem(label, der))
}
