//! Keys: generation of the six algorithms, private-key formats, encrypted keys,
//! PKCS#12 bundles, and public keys.
//!
//! Private keys are read from and written to
//! - PKCS#8 `PrivateKeyInfo` (RFC 5208, `-----BEGIN PRIVATE KEY-----`), every algorithm;
//! - PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2, `-----BEGIN RSA PRIVATE KEY-----`), RSA;
//! - SEC1 `ECPrivateKey` (RFC 5915, `-----BEGIN EC PRIVATE KEY-----`), P-256 and SM2;
//!
//! in PEM or DER. SM2 keys are encoded as OpenSSL 3 encodes them: `id-ecPublicKey`
//! with the named curve `1.2.156.10197.1.301`; on read, the `id-sm2` algorithm form of
//! OpenSSL 3.0.0 to 3.0.12 is accepted too.
//!
//! Secret material lives only inside the RustCrypto key types, which zeroize on drop
//! (the `sm2` signing key does not, so [`PrivateKey`] overwrites it on drop), and in
//! [`Zeroizing`](zeroize::Zeroizing) buffers when encoded. `Debug` shows the algorithm and the public
//! key's `KeySha2`, never the secret.
//!
//! ```
//! use csrkit::keys::{KeyAlgorithm, PrivateKey};
//!
//! let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
//! let pem = key.to_pkcs8_pem()?;
//! let again = PrivateKey::from_bytes(pem.as_bytes())?;
//! assert_eq!(key.public_key(), again.public_key());
//! # Ok::<(), csrkit::Error>(())
//! ```
//!
//! Saving a key: [`crate::files::write_key`] (mode 0600, atomic, never overwriting).
//!
//! One concern per file: `algorithm` (the algorithms, key types and
//! curves), `generate` (new keys), `info` (the facts of a key file alone), `private` (the key and its signature), `public`
//! ([`PublicKey`], read from SubjectPublicKeyInfo), `formats` (PKCS#8, PKCS#1, SEC1),
//! `encrypted` (encrypted PKCS#8, dispatching to `pbes2_aes` — PBKDF2/scrypt with
//! AES-CBC, DES-EDE3-CBC or DES-CBC, through RustCrypto's `pkcs5` — to `pbes2_sm4` —
//! PBKDF2 (HMAC-SM3 as GmSSL, HMAC-SHA-256 as OpenSSL) with SM4-CBC — and to the PKCS#12
//! PBE schemes of `pkcs12_pbe`), `pkcs12` (bundles read and written, with `pkcs12_pbe`: RFC 7292's
//! KDF, MAC and legacy ciphers), `kdf` (the bounds on key derivations read from files).

mod algorithm;
mod encrypted;
mod formats;
mod generate;
mod info;
mod kdf;
mod legacy_pem;
mod pbes2_aes;
mod pbes2_sm4;
mod pkcs12;
mod pkcs12_pbe;
mod private;
mod public;

pub use algorithm::{Curve, KeyAlgorithm, KeyType, OID_SM2, RSA_BITS, SM2_DEFAULT_DISTID};
pub use encrypted::{KeyCipher, is_encrypted_pkcs8};
pub use formats::{
    KeyFileFormat, KeyFormat, is_encrypted_key, is_private_key, public_key_of_private,
};
pub use info::KeyInfo;
pub use kdf::{MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY};
pub use pkcs12::{
    BundleCertificate, MAX_BAGS, MAX_NESTING, Pfx, Pkcs12Bundle, Pkcs12Encryption, is_pkcs12,
    pkcs12_of, pkcs12_of_with, to_pkcs12, to_pkcs12_with,
};
pub use private::PrivateKey;
pub use public::{KeyFault, PublicKey};

/// A password given to open keys and bundles: zeroized on drop, never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(zeroize::Zeroizing<Vec<u8>>);

impl Password {
    /// Takes the password's bytes (UTF-8 for a non-ASCII one, as OpenSSL reads it).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Password(zeroize::Zeroizing::new(bytes.into()))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}
