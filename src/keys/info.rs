//! The facts of a private key alone, without a certificate: what `inspect` shows for a key
//! file.

use super::Password;
use super::algorithm::KeyType;
use super::formats::KeyFileFormat;
use super::private::PrivateKey;
use crate::error::Result;

/// JSON of an inspected private key: its algorithm, size and `KeySha2` (the SHA-256 of its
/// public key's SubjectPublicKeyInfo DER, the value the ListCsr API shows for a CSR of it),
/// whether the file was encrypted and in which form it stores the key. Never anything
/// secret.
///
/// ```
/// use csrkit::keys::{KeyFileFormat, KeyInfo};
/// let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/keyenc/sm2-legacy-des3.pem"))?;
/// let info = KeyInfo::from_bytes(&pem, Some(&b"csrkit-key-pass".into()))?;
/// assert_eq!(info.format, KeyFileFormat::LegacyPem);
/// assert!(info.encrypted);
/// let json = serde_json::to_value(&info)?;
/// assert_eq!(json["Kind"], "KEY");
/// assert_eq!(json["Algorithm"], "SM2");
/// assert_eq!(json["KeySize"], 256);
/// assert_eq!(json["Format"], "legacy PEM");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyInfo {
    /// Always `"KEY"`.
    pub kind: &'static str,
    /// `RSA`, `ECC` or `SM2`.
    pub algorithm: KeyType,
    /// RSA modulus bits, or the curve's size (256 for P-256 and SM2, 384, 521).
    pub key_size: u32,
    /// SHA-256 of the public key's SubjectPublicKeyInfo DER, lowercase hex.
    pub key_sha2: String,
    /// The file was encrypted (encrypted PKCS#8, legacy encrypted PEM, a PKCS#12 bundle's
    /// shrouded key).
    pub encrypted: bool,
    /// The form the file stores the key in.
    pub format: KeyFileFormat,
}

impl KeyInfo {
    /// Reads a private key in any form [`PrivateKey::from_bytes_with_password`] reads and
    /// gives its facts; the errors are that function's.
    pub fn from_bytes(bytes: &[u8], password: Option<&Password>) -> Result<Self> {
        let (key, format, encrypted) = PrivateKey::read(bytes, password)?;
        Ok(Self::of(&key, format, encrypted))
    }

    /// The facts of `key`, read from a file of `format`.
    pub fn of(key: &PrivateKey, format: KeyFileFormat, encrypted: bool) -> Self {
        let public = key.public_key();
        KeyInfo {
            kind: "KEY",
            algorithm: public.key_type(),
            key_size: public.key_size(),
            key_sha2: public.key_sha2(),
            encrypted,
            format,
        }
    }
}
