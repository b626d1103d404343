//! Encrypted PKCS#8 (`EncryptedPrivateKeyInfo`, RFC 5958, PBES2 of RFC 8018): read as
//! OpenSSL, Java keytool and Python write it with AES (`pbes2_aes`) and as GmSSL 3,
//! Tongsuo and OpenSSL write it with SM4 (`pbes2_sm4`); written with either.

use std::str::FromStr;

use der::Decode;
use zeroize::Zeroizing;

use super::formats::KeyFormat;
use super::private::PrivateKey;
use super::{pbes2_aes, pbes2_sm4};
use crate::error::{Error, Result, Secured};
use crate::input::{self, Label};

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

/// True when `der` is a PKCS#8 `EncryptedPrivateKeyInfo` csrkit can read (AES or SM4).
pub fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    pbes2_sm4::is_sm(der) || pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).is_ok()
}

impl PrivateKey {
    /// Reads a DER PKCS#8 `EncryptedPrivateKeyInfo`: PBES2 with PBKDF2 (HMAC-SHA-1/SHA-2)
    /// or scrypt and AES-CBC (OpenSSL, Java keytool, Python), or with PBKDF2-HMAC-SM3 and
    /// SM4-CBC (GmSSL 3, Tongsuo).
    pub fn from_encrypted_pkcs8_der(der: &[u8], password: Option<&[u8]>) -> Result<Self> {
        if pbes2_sm4::is_sm(der) {
            let password = password.ok_or(Error::PasswordRequired(Secured::Key))?;
            // `Ok(None)` cannot come back here: the parameters were just read as SM ones.
            let plain = pbes2_sm4::decrypt(der, password)?.ok_or(Error::WrongPassword(Secured::Key))?;
            return Self::from_pkcs8_der(&plain);
        }
        pkcs8::EncryptedPrivateKeyInfoRef::from_der(der)?;
        let password = password.ok_or(Error::PasswordRequired(Secured::Key))?;
        // A SecretDocument: zeroized on drop.
        let plain = pbes2_aes::decrypt(der, password)?;
        Self::from_pkcs8_der(plain.as_bytes())
    }

    /// Encrypted PKCS#8 DER: PBES2 with PBKDF2-HMAC-SHA256 (600 000 iterations, random
    /// salt) and AES-256-CBC (random IV), which OpenSSL 1.1 and 3 read.
    pub fn to_encrypted_der(&self, password: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        pbes2_aes::encrypt(&self.to_der(KeyFormat::Pkcs8)?, password)
    }

    /// [`PrivateKey::to_encrypted_der`] as PEM (`ENCRYPTED PRIVATE KEY`).
    pub fn to_encrypted_pem(&self, password: &[u8]) -> Result<Zeroizing<String>> {
        self.to_encrypted_pem_with(password, KeyCipher::Aes256Cbc)
    }

    /// The PEM a key is saved as: encrypted PKCS#8 with `cipher` when there is a
    /// password, plain PKCS#8 when there is none.
    ///
    /// ```
    /// use csrkit::keys::{KeyAlgorithm, KeyCipher, PrivateKey};
    /// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    /// assert!(key.to_pem_with(None, KeyCipher::default())?.starts_with("-----BEGIN PRIVATE KEY-----"));
    /// let locked = key.to_pem_with(Some(b"pw"), KeyCipher::Sm4Cbc)?;
    /// assert!(locked.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn to_pem_with(
        &self,
        password: Option<&[u8]>,
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
    /// let der = key.to_encrypted_der_with(b"pw", KeyCipher::Sm4Cbc)?;
    /// let back = PrivateKey::from_encrypted_pkcs8_der(&der, Some(b"pw"))?;
    /// assert_eq!(back.public_key(), key.public_key());
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn to_encrypted_der_with(
        &self,
        password: &[u8],
        cipher: KeyCipher,
    ) -> Result<Zeroizing<Vec<u8>>> {
        match cipher {
            KeyCipher::Aes256Cbc => self.to_encrypted_der(password),
            KeyCipher::Sm4Cbc => pbes2_sm4::encrypt(&self.to_pkcs8_der()?, password),
        }
    }

    /// [`PrivateKey::to_encrypted_der_with`] as PEM (`ENCRYPTED PRIVATE KEY`).
    pub fn to_encrypted_pem_with(
        &self,
        password: &[u8],
        cipher: KeyCipher,
    ) -> Result<Zeroizing<String>> {
        let der = self.to_encrypted_der_with(password, cipher)?;
        Ok(input::to_pem_secret(Label::EncryptedPrivateKey, &der))
    }
}
