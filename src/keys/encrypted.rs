//! Encrypted PKCS#8 (`EncryptedPrivateKeyInfo`, RFC 5958), read as the tools people use
//! write it, and written with PBES2:
//!
//! - PBES2 (RFC 8018) with PBKDF2 (HMAC-SHA-1/SHA-2) or scrypt and AES-CBC, DES-EDE3-CBC or
//!   DES-CBC (OpenSSL, Java keytool, Python; `openssl pkcs8 -topk8 -v2 des3`), through
//!   RustCrypto's `pkcs5` (`pbes2_aes`);
//! - PBES2 with PBKDF2 and SM4-CBC, as GmSSL 3, Tongsuo and OpenSSL write it (`pbes2_sm4`);
//! - the PKCS#12 PBE schemes (RFC 7292 appendix C: pbeWithSHAAnd3-KeyTripleDES-CBC,
//!   2-key 3DES, 128-bit and 40-bit RC2), as `openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES` and
//!   older Java and Windows write them, with the PKCS#12 KDF of `pkcs12_pbe`.
//!
//! ```text
//! EncryptedPrivateKeyInfo ::= SEQUENCE {
//!     encryptionAlgorithm  AlgorithmIdentifier {{KeyEncryptionAlgorithms}},
//!     encryptedData        OCTET STRING }
//! pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
//! ```
//!
//! The PKCS#5 v1.5 schemes (PBES1: pbeWithMD5AndDES-CBC, pbeWithSHA1AndDES-CBC, and their
//! MD2 and RC2 kin), which OpenSSL 3 reads only with its legacy provider, are refused as
//! [`Error::UnsupportedAlgorithm`] naming the scheme.

use std::str::FromStr;

use der::Decode;
use der::asn1::OctetStringRef;
use zeroize::Zeroizing;

use super::formats::KeyFormat;
use super::pbes2_sm4::{EncryptedKeyInfo, OID_PBES2, Pbes2Params};
use super::pkcs12_pbe::{LegacyPbe, bmp_password, check_iterations};
use super::private::PrivateKey;
use super::{Password, pbes2_aes, pbes2_sm4};
use crate::error::{AlgorithmRole, Error, Result, Secured};
use crate::input::{self, Label};
use crate::oid::Oid;

/// `pkcs-12PbeParams` (RFC 7292 appendix C).
#[derive(der::Sequence)]
struct Pkcs12PbeParams<'a> {
    salt: &'a OctetStringRef,
    iterations: u64,
}

/// Decrypts a DER `EncryptedPrivateKeyInfo` into the DER of its `PrivateKeyInfo`
/// (zeroized on drop). The scheme is read before the password is asked for, so that an
/// unsupported one says so with or without a password.
pub(super) fn decrypt(der: &[u8], password: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>> {
    let info = EncryptedKeyInfo::from_der(der)?;
    let algorithm = info.algorithm;
    let data = info.encrypted_data.as_bytes();
    let plain = if algorithm.oid == OID_PBES2 {
        let password = password.ok_or(Error::PasswordRequired(Secured::Key))?;
        match pbes2_sm4::decrypt_with(&algorithm, data, password)? {
            Some(plain) => plain,
            None => {
                let scheme = pkcs8::pkcs5::EncryptionScheme::try_from(algorithm)
                    .map_err(|_| unsupported_pbes2(&algorithm))?;
                pbes2_aes::decrypt_with(&scheme, password, data)?
            }
        }
    } else if let Some(pbe) = LegacyPbe::from_oid(&Oid::from(algorithm.oid)) {
        let params: Pkcs12PbeParams<'_> = algorithm
            .parameters
            .ok_or(Error::InvalidKey(
                "PKCS#12 PBE without its salt and iterations",
            ))?
            .decode_as()?;
        let iterations = check_iterations(params.iterations)?;
        let password = password.ok_or(Error::PasswordRequired(Secured::Key))?;
        pbe.decrypt(
            &bmp_password(Some(password)),
            params.salt.as_bytes(),
            iterations,
            data,
        )?
    } else {
        return Err(Error::UnsupportedAlgorithm {
            role: AlgorithmRole::KeyEncryption,
            oid: algorithm.oid.into(),
        });
    };
    // No scheme here carries a MAC: padding that happens to be valid under a wrong
    // password leaves bytes that are not a PrivateKeyInfo.
    if pkcs8::PrivateKeyInfoRef::from_der(&plain).is_err() {
        return Err(Error::WrongPassword(Secured::Key));
    }
    Ok(plain)
}

/// The unsupported part of a PBES2 identifier: its key derivation when that is neither
/// PBKDF2 nor scrypt with parameters `pkcs5` reads, else its cipher.
fn unsupported_pbes2(algorithm: &spki::AlgorithmIdentifierRef<'_>) -> Error {
    let inner: Option<Pbes2Params<'_>> = algorithm.parameters.and_then(|p| p.decode_as().ok());
    let oid = match inner {
        Some(p) if pkcs8::pkcs5::pbes2::Kdf::try_from(p.kdf).is_err() => p.kdf.oid,
        Some(p) => p.scheme.oid,
        None => algorithm.oid,
    };
    Error::UnsupportedAlgorithm {
        role: AlgorithmRole::KeyEncryption,
        oid: oid.into(),
    }
}

/// How csrkit encrypts a key file (PKCS#8 PBES2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum KeyCipher {
    /// PBKDF2-HMAC-SHA256 (600 000 iterations) and AES-256-CBC: what OpenSSL, Java and
    /// Python read.
    #[default]
    Aes256Cbc,
    /// PBKDF2-HMAC-SM3 (600 000 iterations) and SM4-CBC: what GmSSL 3 and Tongsuo read.
    Sm4Cbc,
}

impl FromStr for KeyCipher {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "aes" | "aes-256-cbc" => Ok(KeyCipher::Aes256Cbc),
            "sm4" | "sm4-cbc" => Ok(KeyCipher::Sm4Cbc),
            _ => Err(format!("unknown key cipher {s:?} (aes, sm4)")),
        }
    }
}

/// True when `der` has the shape of a PKCS#8 `EncryptedPrivateKeyInfo` (an algorithm
/// identifier and the encrypted octets), whatever its scheme: reading it gives the key, or
/// says which password or scheme is missing.
pub fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    EncryptedKeyInfo::from_der(der).is_ok()
}

impl PrivateKey {
    /// Reads a DER PKCS#8 `EncryptedPrivateKeyInfo`: PBES2 with PBKDF2 (HMAC-SHA-1/SHA-2)
    /// or scrypt and AES-CBC, DES-EDE3-CBC or DES-CBC (OpenSSL, Java keytool, Python), or
    /// with PBKDF2 and SM4-CBC (GmSSL 3, Tongsuo); or a PKCS#12 PBE scheme
    /// (pbeWithSHAAnd3-KeyTripleDES-CBC and its RC2 kin, `openssl pkcs8 -v1 PBE-SHA1-3DES`).
    ///
    /// Errors: [`Error::PasswordRequired`] without a password, [`Error::WrongPassword`] for a
    /// wrong one, [`Error::UnsupportedAlgorithm`] naming a scheme csrkit does not read
    /// (PBES1, or PBES2 with another cipher).
    ///
    /// ```
    /// use csrkit::{Error, keys::PrivateKey};
    /// let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/keyenc/p256-pbe-sha1-3des.pem"))?;
    /// let der = csrkit::input::decode(&pem, &[csrkit::input::Label::EncryptedPrivateKey])?.der;
    /// let key = PrivateKey::from_encrypted_pkcs8_der(&der, Some(&b"csrkit-key-pass".into()))?;
    /// assert_eq!(key.public_key().key_size(), 256);
    /// assert!(matches!(PrivateKey::from_encrypted_pkcs8_der(&der, Some(&b"wrong".into())), Err(Error::WrongPassword(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_encrypted_pkcs8_der(der: &[u8], password: Option<&Password>) -> Result<Self> {
        Self::from_pkcs8_der(&decrypt(der, password.map(Password::as_bytes))?)
    }

    /// Encrypted PKCS#8 DER: PBES2 with PBKDF2-HMAC-SHA256 (600 000 iterations, random
    /// salt) and AES-256-CBC (random IV), which OpenSSL 1.1 and 3 read.
    pub fn to_encrypted_der(&self, password: &Password) -> Result<Zeroizing<Vec<u8>>> {
        pbes2_aes::encrypt(&self.to_der(KeyFormat::Pkcs8)?, password.as_bytes())
    }

    /// [`PrivateKey::to_encrypted_der`] as PEM (`ENCRYPTED PRIVATE KEY`).
    pub fn to_encrypted_pem(&self, password: &Password) -> Result<Zeroizing<String>> {
        self.to_encrypted_pem_with(password, KeyCipher::Aes256Cbc)
    }

    /// The PEM a key is saved as: encrypted PKCS#8 with `cipher` when there is a
    /// password, plain PKCS#8 when there is none.
    ///
    /// ```
    /// use csrkit::keys::{KeyAlgorithm, KeyCipher, PrivateKey};
    /// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    /// assert!(key.to_pem_with(None, KeyCipher::default())?.starts_with("-----BEGIN PRIVATE KEY-----"));
    /// let locked = key.to_pem_with(Some(&b"pw".into()), KeyCipher::Sm4Cbc)?;
    /// assert!(locked.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn to_pem_with(
        &self,
        password: Option<&Password>,
        cipher: KeyCipher,
    ) -> Result<Zeroizing<String>> {
        match password {
            Some(pw) => self.to_encrypted_pem_with(pw, cipher),
            None => self.to_pkcs8_pem(),
        }
    }

    /// Encrypted PKCS#8 DER with the chosen cipher: [`KeyCipher::Aes256Cbc`] as
    /// [`PrivateKey::to_encrypted_der`], or [`KeyCipher::Sm4Cbc`] (PBKDF2-HMAC-SM3 and
    /// SM4-CBC, what GmSSL 3 and Tongsuo read).
    ///
    /// ```
    /// use csrkit::keys::{KeyAlgorithm, KeyCipher, PrivateKey};
    /// let key = PrivateKey::generate(KeyAlgorithm::Sm2)?;
    /// let der = key.to_encrypted_der_with(&b"pw".into(), KeyCipher::Sm4Cbc)?;
    /// let back = PrivateKey::from_encrypted_pkcs8_der(&der, Some(&b"pw".into()))?;
    /// assert_eq!(back.public_key(), key.public_key());
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn to_encrypted_der_with(
        &self,
        password: &Password,
        cipher: KeyCipher,
    ) -> Result<Zeroizing<Vec<u8>>> {
        match cipher {
            KeyCipher::Aes256Cbc => self.to_encrypted_der(password),
            KeyCipher::Sm4Cbc => pbes2_sm4::encrypt(&self.to_pkcs8_der()?, password.as_bytes()),
        }
    }

    /// [`PrivateKey::to_encrypted_der_with`] as PEM (`ENCRYPTED PRIVATE KEY`).
    pub fn to_encrypted_pem_with(
        &self,
        password: &Password,
        cipher: KeyCipher,
    ) -> Result<Zeroizing<String>> {
        let der = self.to_encrypted_der_with(password, cipher)?;
        Ok(input::to_pem_secret(Label::EncryptedPrivateKey, &der))
    }
}
