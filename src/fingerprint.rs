//! Fingerprints, as the certificate APIs show them.
//!
//! - `KeySha2`: lowercase hex SHA-256 of the canonical DER SubjectPublicKeyInfo
//!   ([`crate::keys::PublicKey::key_sha2`]);
//! - `Sha2`, `Md5`: lowercase hex SHA-256 / MD5 of the whole DER of a CSR or certificate;
//! - SHA-1 is offered too, for callers matching older tooling.
//!
//! ```
//! assert_eq!(
//!     csrkit::fingerprint::sha256_hex(b"abc"),
//!     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
//! );
//! assert_eq!(csrkit::fingerprint::md5_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
//! ```

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// Lowercase hex MD5.
pub fn md5_hex(data: &[u8]) -> String {
    hex(&Md5::digest(data))
}

/// Lowercase hex SHA-1.
pub fn sha1_hex(data: &[u8]) -> String {
    hex(&Sha1::digest(data))
}

/// The three fingerprints of one DER object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    /// SHA-256, lowercase hex (`Sha2`).
    pub sha256: String,
    /// MD5, lowercase hex (`Md5`).
    pub md5: String,
}

impl Fingerprints {
    /// Fingerprints of `der`.
    pub fn of(der: &[u8]) -> Self {
        Fingerprints {
            sha256: sha256_hex(der),
            md5: md5_hex(der),
        }
    }
}

/// A SHA-256 fingerprint in canonical form (64 lowercase hex digits), from hex in either
/// case with optional `:` separators; `None` for a masked or malformed value.
pub fn normalize_sha256(s: &str) -> Option<String> {
    let hex: String = s.trim().chars().filter(|&c| c != ':').collect();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| hex.to_ascii_lowercase())
}

/// A serial number as a number: lowercase hex without leading zeros (`0` for zero), from
/// hex in either case with optional `:` separators or `0x`; `None` for a masked or
/// malformed value.
pub fn normalize_serial(s: &str) -> Option<String> {
    let t = s.trim();
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    let hex: String = t.chars().filter(|&c| c != ':').collect();
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digits = hex.trim_start_matches('0').to_ascii_lowercase();
    Some(if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    })
}
