//! Private-key formats: PKCS#8 `PrivateKeyInfo` (RFC 5208), PKCS#1 `RSAPrivateKey`
//! (RFC 8017 A.1.2) and SEC1 `ECPrivateKey` (RFC 5915), PEM or DER; and the public key
//! of a private-key file read from its structure.

use const_oid::db::rfc5912;
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use zeroize::Zeroizing;

use super::Password;
use super::algorithm::{Curve, OID_SM2, RSA_BITS};
use super::encrypted::is_encrypted_pkcs8;
use super::legacy_pem;
use super::private::{Inner, PrivateKey};
use super::public::{PublicKey, bit_length, ec_spki_der};
use crate::error::{AlgorithmRole, Error, Result, Secured};
use crate::input::{self, Label};

/// The PEM labels of a private key file, in the order their errors name them.
const PRIVATE_KEY_LABELS: [Label; 4] = [
    Label::PrivateKey,
    Label::RsaPrivateKey,
    Label::EcPrivateKey,
    Label::EncryptedPrivateKey,
];

/// The private-key encodings csrkit writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// PKCS#8 `PRIVATE KEY`, every algorithm.
    Pkcs8,
    /// PKCS#1 `RSA PRIVATE KEY`, RSA only.
    Pkcs1,
    /// SEC1 `EC PRIVATE KEY`, P-256, P-384, P-521 and SM2.
    Sec1,
}

/// How a key file stores its key: the `Format` of an inspected key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum KeyFileFormat {
    /// PKCS#8, plain (`PRIVATE KEY`) or encrypted (`ENCRYPTED PRIVATE KEY`).
    #[serde(rename = "PKCS#8")]
    Pkcs8,
    /// PKCS#1 `RSA PRIVATE KEY`.
    #[serde(rename = "PKCS#1")]
    Pkcs1,
    /// SEC1 `EC PRIVATE KEY` (or `SM2 PRIVATE KEY`).
    #[serde(rename = "SEC1")]
    Sec1,
    /// The key of a PKCS#12 bundle (`.p12`, `.pfx`).
    #[serde(rename = "PKCS#12")]
    Pkcs12,
    /// A PKCS#1 or SEC1 key in legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`, `DEK-Info`).
    #[serde(rename = "legacy PEM")]
    LegacyPem,
}

impl std::fmt::Display for KeyFileFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeyFileFormat::Pkcs8 => "PKCS#8",
            KeyFileFormat::Pkcs1 => "PKCS#1",
            KeyFileFormat::Sec1 => "SEC1",
            KeyFileFormat::Pkcs12 => "PKCS#12",
            KeyFileFormat::LegacyPem => "legacy PEM",
        })
    }
}

/// True when `bytes` hold a private key that needs a password before even its public
/// half is known: encrypted PKCS#8 (PEM or DER, whatever its scheme) or legacy encrypted
/// PEM (`Proc-Type: 4,ENCRYPTED`). PKCS#12 bundles are told apart by [`super::is_pkcs12`].
///
/// ```
/// // Keys OpenSSL wrote (the crate's test vectors): legacy encrypted PEM (`openssl rsa
/// // -aes256`), PBES2 with 3DES in DER (`openssl pkcs8 -topk8 -v2 des3 -outform DER`), and
/// // a plain PKCS#1 key.
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/");
/// assert!(csrkit::keys::is_encrypted_key(&std::fs::read(format!("{dir}keyenc/rsa2048-legacy-aes256.pem"))?));
/// assert!(csrkit::keys::is_encrypted_key(&std::fs::read(format!("{dir}keyenc/p256-pbes2-des3-der.der"))?));
/// assert!(!csrkit::keys::is_encrypted_key(&std::fs::read(format!("{dir}key/rsa2048-pkcs1.pem"))?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_encrypted_key(bytes: &[u8]) -> bool {
    let block = input::decode(bytes, &PRIVATE_KEY_LABELS);
    match block {
        Ok(b) => match b.label {
            Some(Label::EncryptedPrivateKey) => true,
            Some(_) => !matches!(legacy_pem::dek_info(&b.headers), Ok(None)),
            None => is_encrypted_pkcs8(&b.der),
        },
        Err(_) => false,
    }
}

/// True when `bytes` hold a private key, in any form [`PrivateKey::from_bytes_with_password`]
/// reads, or a PKCS#12 bundle: a PEM block of a private-key label (plain, encrypted or
/// legacy encrypted), or DER of one of the key structures. Only the structure is looked at:
/// nothing is decrypted.
///
/// ```
/// // Files OpenSSL wrote (the crate's test vectors): a PBES1 key (`openssl pkcs8 -topk8
/// // -v1 PBE-SHA1-DES`), an SM2 key as SEC1 DER, and a CSR.
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/");
/// assert!(csrkit::keys::is_private_key(&std::fs::read(format!("{dir}keyenc/p256-pbe-sha1-des.pem"))?));
/// assert!(csrkit::keys::is_private_key(&std::fs::read(format!("{dir}key/sm2-sec1-der.der"))?));
/// assert!(!csrkit::keys::is_private_key(&std::fs::read(format!("{dir}csr/p256-sha256.pem"))?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_private_key(bytes: &[u8]) -> bool {
    if super::is_pkcs12(bytes) {
        return true;
    }
    let block = input::decode(bytes, &PRIVATE_KEY_LABELS);
    match block {
        Ok(b) if b.label.is_some() => true,
        Ok(b) => {
            let der = b.der.as_slice();
            pkcs8::PrivateKeyInfoRef::from_der(der).is_ok()
                || pkcs1::RsaPrivateKeyRef::from_der(der).is_ok()
                || sec1::EcPrivateKey::from_der(der).is_ok()
                || is_encrypted_pkcs8(der)
        }
        Err(_) => false,
    }
}

/// The public key of a private-key file (PKCS#8, PKCS#1 or SEC1, PEM or DER), read from
/// the key's structure without building the secret key: RSA `n` and `e` from the
/// `RSAPrivateKey`; EC the `publicKey` that SEC1 carries (derived from the scalar when
/// absent). For matching many files to many keys, where the full check of
/// [`PrivateKey::from_bytes`] (RSA CRT precomputation) would dominate.
pub fn public_key_of_private(bytes: &[u8]) -> Result<PublicKey> {
    let block = input::decode(
        bytes,
        &[Label::PrivateKey, Label::RsaPrivateKey, Label::EcPrivateKey],
    )?;
    if !block.headers.is_empty() {
        // Legacy encrypted PEM: the password is needed (or the headers are refused).
        return Ok(PrivateKey::from_bytes(bytes)?.public);
    }
    let der = block.der.as_slice();
    let fast = match block.label {
        Some(Label::RsaPrivateKey) => rsa_public_of(der),
        Some(Label::EcPrivateKey) => sec1_public_of(der, None),
        Some(Label::PrivateKey) => pkcs8_public_of(der),
        _ => pkcs8_public_of(der)
            .or_else(|_| rsa_public_of(der))
            .or_else(|_| sec1_public_of(der, None)),
    };
    match fast {
        Ok(Some(k)) => Ok(k),
        _ => Ok(PrivateKey::from_bytes(bytes)?.public),
    }
}

fn rsa_public_of(der: &[u8]) -> Result<Option<PublicKey>> {
    let k = pkcs1::RsaPrivateKeyRef::from_der(der)?;
    let public = pkcs1::RsaPublicKeyRef {
        modulus: k.modulus,
        public_exponent: k.public_exponent,
    }
    .to_der()?;
    let spki = spki::SubjectPublicKeyInfoRef {
        algorithm: spki::AlgorithmIdentifier {
            oid: rfc5912::RSA_ENCRYPTION,
            parameters: Some(der::asn1::AnyRef::NULL),
        },
        subject_public_key: der::asn1::BitStringRef::from_bytes(&public)?,
    };
    Ok(Some(PublicKey::from_spki_der(&spki.to_der()?)?))
}

fn sec1_public_of(der: &[u8], curve: Option<Curve>) -> Result<Option<PublicKey>> {
    let ec = sec1::EcPrivateKey::from_der(der)?;
    let curve = match curve {
        Some(c) => c,
        None => match ec.parameters.and_then(|p| p.named_curve()) {
            Some(oid) => Curve::from_oid(&oid)?,
            None => return Ok(None),
        },
    };
    match ec.public_key {
        Some(point) => {
            let key = PublicKey::ec(curve, point, ec_spki_der(curve, point)?);
            match key.fault {
                Some(fault) => Err(fault.into()),
                None => Ok(Some(key)),
            }
        }
        None => Ok(None),
    }
}

fn pkcs8_public_of(der: &[u8]) -> Result<Option<PublicKey>> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der)?;
    let inner = info.private_key.as_bytes();
    match info.algorithm.oid {
        rfc5912::RSA_ENCRYPTION => rsa_public_of(inner),
        rfc5912::ID_EC_PUBLIC_KEY => {
            let curve_oid = info
                .algorithm
                .parameters
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
            match curve_oid {
                Some(oid) => sec1_public_of(inner, Some(Curve::from_oid(&oid)?)),
                None => sec1_public_of(inner, None),
            }
        }
        OID_SM2 => sec1_public_of(inner, Some(Curve::Sm2)),
        other => Err(Error::UnsupportedAlgorithm {
            role: AlgorithmRole::PublicKey,
            oid: other.into(),
        }),
    }
}

impl PrivateKey {
    /// Reads a private key: PKCS#8, PKCS#1 or SEC1, PEM or DER (detected from the bytes).
    /// In a PEM file of several blocks (a certificate, its chain and its key, as HAProxy
    /// and nginx keep them) the first private key is read.
    ///
    /// An `EC PARAMETERS` block before the key (as `openssl ecparam -genkey` writes) is skipped.
    ///
    /// An encrypted PKCS#8 key gives [`Error::PasswordRequired`]: use
    /// [`PrivateKey::from_bytes_with_password`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes_with_password(bytes, None)
    }

    /// [`PrivateKey::from_bytes`], also reading encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`:
    /// PBES2 with PBKDF2 or scrypt and AES-CBC, DES-EDE3-CBC or DES-CBC, as OpenSSL writes
    /// it; SM3/SM4 as GmSSL does; the PKCS#12 PBE schemes, [`PrivateKey::from_encrypted_pkcs8_der`])
    /// legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: AES-256-CBC,…`, as
    /// `openssl genrsa -aes256` of OpenSSL 1.x wrote: DES-CBC, DES-EDE3-CBC and
    /// AES-128/192/256-CBC with OpenSSL's MD5 key derivation), and the key of a PKCS#12
    /// bundle ([`super::Pkcs12Bundle::into_key`]: it must be the key of the bundle's
    /// certificate) with `password`.
    ///
    /// ```
    /// use csrkit::keys::{KeyAlgorithm, PrivateKey};
    /// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    /// let pem = key.to_encrypted_pem(&b"correct horse".into())?;
    /// assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    /// let back = PrivateKey::from_bytes_with_password(pem.as_bytes(), Some(&b"correct horse".into()))?;
    /// assert_eq!(back.public_key(), key.public_key());
    /// assert!(matches!(PrivateKey::from_bytes(pem.as_bytes()), Err(csrkit::Error::PasswordRequired(csrkit::error::Secured::Key))));
    /// assert!(matches!(PrivateKey::from_bytes_with_password(pem.as_bytes(), Some(&b"wrong".into())),
    ///                  Err(csrkit::Error::WrongPassword(csrkit::error::Secured::Key))));
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn from_bytes_with_password(bytes: &[u8], password: Option<&Password>) -> Result<Self> {
        Ok(Self::read(bytes, password)?.0)
    }

    /// The one key reader: the key, the form it was stored in, and whether it was
    /// encrypted.
    pub(super) fn read(
        bytes: &[u8],
        password: Option<&Password>,
    ) -> Result<(Self, KeyFileFormat, bool)> {
        if super::is_pkcs12(bytes) {
            let bundle = super::Pkcs12Bundle::from_der(bytes, password)?;
            let encrypted = bundle.key_encrypted();
            return Ok((bundle.into_key()?, KeyFileFormat::Pkcs12, encrypted));
        }
        let block = input::decode(bytes, &PRIVATE_KEY_LABELS)?;
        if let Some(dek) = legacy_pem::dek_info(&block.headers)? {
            let password = password.ok_or(Error::PasswordRequired(Secured::Key))?;
            let plain = legacy_pem::decrypt(&dek, password.as_bytes(), &block.der)?;
            let key = match block.label {
                Some(Label::RsaPrivateKey) => Self::from_pkcs1_der(&plain)?,
                Some(Label::EcPrivateKey) => Self::from_sec1_der(&plain)?,
                _ => Self::from_pkcs8_der(&plain)?,
            };
            return Ok((key, KeyFileFormat::LegacyPem, true));
        }
        Ok(match block.label {
            Some(Label::PrivateKey) => (
                Self::from_pkcs8_der(&block.der)?,
                KeyFileFormat::Pkcs8,
                false,
            ),
            Some(Label::RsaPrivateKey) => (
                Self::from_pkcs1_der(&block.der)?,
                KeyFileFormat::Pkcs1,
                false,
            ),
            Some(Label::EcPrivateKey) => {
                (Self::from_sec1_der(&block.der)?, KeyFileFormat::Sec1, false)
            }
            Some(Label::EncryptedPrivateKey) => (
                Self::from_encrypted_pkcs8_der(&block.der, password)?,
                KeyFileFormat::Pkcs8,
                true,
            ),
            _ => match Self::from_der_any(&block.der) {
                Ok((k, format)) => (k, format, false),
                Err(e) => {
                    if is_encrypted_pkcs8(&block.der) {
                        (
                            Self::from_encrypted_pkcs8_der(&block.der, password)?,
                            KeyFileFormat::Pkcs8,
                            true,
                        )
                    } else {
                        return Err(e);
                    }
                }
            },
        })
    }

    /// Reads a DER key of unknown format: PKCS#8, then PKCS#1, then SEC1.
    fn from_der_any(der: &[u8]) -> Result<(Self, KeyFileFormat)> {
        match Self::from_pkcs8_der(der) {
            Ok(k) => Ok((k, KeyFileFormat::Pkcs8)),
            Err(e8) => {
                if let Ok(k) = Self::from_pkcs1_der(der) {
                    return Ok((k, KeyFileFormat::Pkcs1));
                }
                if let Ok(k) = Self::from_sec1_der(der) {
                    return Ok((k, KeyFileFormat::Sec1));
                }
                Err(e8)
            }
        }
    }

    /// Reads a DER PKCS#8 `PrivateKeyInfo`.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let info = pkcs8::PrivateKeyInfoRef::from_der(der)?;
        match info.algorithm.oid {
            rfc5912::RSA_ENCRYPTION => {
                let key = rsa::PrivateKey::from_pkcs8_der(der).map_err(pkcs8_err)?;
                Self::checked_rsa(key)
            }
            rfc5912::ID_EC_PUBLIC_KEY => {
                let curve_oid = info
                    .algorithm
                    .parameters
                    .ok_or(Error::InvalidKey("EC key without named curve"))?
                    .decode_as::<ObjectIdentifier>()
                    .map_err(|_| Error::InvalidKey("EC key parameters are not a named curve"))?;
                let curve = Curve::from_oid(&curve_oid)?;
                let ec = sec1::EcPrivateKey::from_der(info.private_key.as_bytes())?;
                Self::from_ec_scalar(curve, ec.private_key)
            }
            OID_SM2 => {
                // id-sm2 as the algorithm: the private key is a SEC1 ECPrivateKey.
                let ec = sec1::EcPrivateKey::from_der(info.private_key.as_bytes())?;
                let sk = sm2::SecretKey::from_slice(ec.private_key)
                    .map_err(|_| Error::InvalidKey("SM2 private scalar"))?;
                Self::from_sm2(&sk)
            }
            // Ed25519, Ed448, DSA and anything else.
            _ => Err(Error::UnsupportedAlgorithm {
                role: AlgorithmRole::PublicKey,
                oid: info.algorithm.oid.into(),
            }),
        }
    }

    /// Reads a DER PKCS#1 `RSAPrivateKey`.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        // Check the structure and size first, so a hostile modulus is refused before
        // the RSA crate does any arithmetic on it.
        let raw = pkcs1::RsaPrivateKeyRef::from_der(der)?;
        let bits = bit_length(raw.modulus.as_bytes());
        if !RSA_BITS.contains(&bits) {
            return Err(Error::KeySize { bits });
        }
        let key = rsa::PrivateKey::from_pkcs1_der(der)
            .map_err(|_| Error::InvalidKey("RSA private key does not validate"))?;
        Self::checked_rsa(key)
    }

    fn checked_rsa(key: rsa::PrivateKey) -> Result<Self> {
        use rsa::traits::PublicKeyParts;
        let bits = key.n().bit_width_vartime() as usize;
        if !RSA_BITS.contains(&bits) {
            return Err(Error::KeySize { bits });
        }
        Self::from_rsa(key)
    }

    /// Reads a DER SEC1 `ECPrivateKey` (P-256, P-384, P-521 or SM2; the curve comes from
    /// its parameters).
    pub fn from_sec1_der(der: &[u8]) -> Result<Self> {
        let ec = sec1::EcPrivateKey::from_der(der)?;
        let curve_oid = ec
            .parameters
            .and_then(|p| p.named_curve())
            .ok_or(Error::InvalidKey("SEC1 key without named curve"))?;
        Self::from_ec_scalar(Curve::from_oid(&curve_oid)?, ec.private_key)
    }

    /// PKCS#8 DER. For EC and SM2 keys, as OpenSSL writes it: `id-ecPublicKey` with the
    /// named curve, and an inner `ECPrivateKey` with the public key and no parameters
    /// (encoded from the key's own public point: no scalar multiplication).
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        if let Inner::Rsa(k) = &self.inner {
            let doc = k
                .as_ref()
                .as_ref()
                .to_pkcs8_der()
                .map_err(|_| Error::InvalidKey("PKCS#8 encoding failed"))?;
            return Ok(Zeroizing::new(doc.as_bytes().to_vec()));
        }
        let inner = self.ec_private_key_der(false)?;
        let curve = self.ec_curve()?.oid();
        let info = pkcs8::PrivateKeyInfoRef::new(
            spki::AlgorithmIdentifier {
                oid: rfc5912::ID_EC_PUBLIC_KEY,
                parameters: Some(der::asn1::AnyRef::from(&curve)),
            },
            der::asn1::OctetStringRef::new(&inner)?,
        );
        Ok(Zeroizing::new(info.to_der()?))
    }

    /// SEC1 `ECPrivateKey` DER with the public key, and the named curve when `params`.
    fn ec_private_key_der(&self, params: bool) -> Result<Zeroizing<Vec<u8>>> {
        let curve = self.ec_curve()?;
        let scalar = self.ec_scalar().ok_or(Error::WrongKind {
            expected: "an EC or SM2 key",
            found: "RSA".into(),
        })?;
        let point = self
            .public
            .ec_point()
            .ok_or(Error::InvalidKey("EC public key"))?;
        let ec = sec1::EcPrivateKey {
            private_key: &scalar,
            parameters: params.then(|| sec1::EcParameters::NamedCurve(curve.oid())),
            public_key: Some(point),
        };
        Ok(Zeroizing::new(ec.to_der()?))
    }

    /// PKCS#8 PEM (`PRIVATE KEY`), strict RFC 7468.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>> {
        Ok(input::to_pem_secret(
            Label::PrivateKey,
            &self.to_pkcs8_der()?,
        ))
    }

    /// PKCS#1 DER (RSA only).
    pub fn to_pkcs1_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        match &self.inner {
            Inner::Rsa(k) => {
                let doc = k
                    .as_ref()
                    .as_ref()
                    .to_pkcs1_der()
                    .map_err(|_| Error::InvalidKey("PKCS#1 encoding failed"))?;
                Ok(Zeroizing::new(doc.as_bytes().to_vec()))
            }
            _ => Err(Error::WrongKind {
                expected: "an RSA key for PKCS#1",
                found: self.public.key_type.to_string(),
            }),
        }
    }

    /// PKCS#1 PEM (`RSA PRIVATE KEY`, RSA only).
    pub fn to_pkcs1_pem(&self) -> Result<Zeroizing<String>> {
        Ok(input::to_pem_secret(
            Label::RsaPrivateKey,
            &self.to_pkcs1_der()?,
        ))
    }

    /// SEC1 DER (P-256, P-384, P-521 and SM2), with the named curve and the public key,
    /// as OpenSSL writes it.
    pub fn to_sec1_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        self.ec_private_key_der(true)
    }

    /// SEC1 PEM (`EC PRIVATE KEY`, P-256, P-384, P-521 and SM2).
    pub fn to_sec1_pem(&self) -> Result<Zeroizing<String>> {
        Ok(input::to_pem_secret(
            Label::EcPrivateKey,
            &self.to_sec1_der()?,
        ))
    }

    /// The key in `format` as strict PEM.
    pub fn to_pem(&self, format: KeyFormat) -> Result<Zeroizing<String>> {
        match format {
            KeyFormat::Pkcs8 => self.to_pkcs8_pem(),
            KeyFormat::Pkcs1 => self.to_pkcs1_pem(),
            KeyFormat::Sec1 => self.to_sec1_pem(),
        }
    }

    /// The key in `format` as DER.
    pub fn to_der(&self, format: KeyFormat) -> Result<Zeroizing<Vec<u8>>> {
        match format {
            KeyFormat::Pkcs8 => self.to_pkcs8_der(),
            KeyFormat::Pkcs1 => self.to_pkcs1_der(),
            KeyFormat::Sec1 => self.to_sec1_der(),
        }
    }
}

fn pkcs8_err(e: pkcs8::Error) -> Error {
    match e {
        pkcs8::Error::Asn1(d) => Error::from(d),
        pkcs8::Error::KeyMalformed(_) => Error::InvalidKey("malformed private key"),
        pkcs8::Error::PublicKey(spki::Error::OidUnknown { oid }) => Error::UnsupportedAlgorithm {
            role: AlgorithmRole::PublicKey,
            oid: oid.into(),
        },
        _ => Error::InvalidKey("private key does not decode"),
    }
}
