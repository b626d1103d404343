//! Keys: generation of the six algorithms, private-key formats, and public keys.
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
//! [`Zeroizing`] buffers when encoded. `Debug` shows the algorithm and the public
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

use std::fmt;
use std::str::FromStr;

use const_oid::db::rfc5912;
use der::asn1::{BitString, ObjectIdentifier};
use der::{Decode, Encode};
use getrandom::SysRng;
use pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use sha2::Sha256;
use signature::{SignatureEncoding, Signer};
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use crate::error::{AlgorithmRole, Error, Result};
use crate::input::{self, Label};
use crate::oid::Oid;

/// OID of the SM2 curve (`1.2.156.10197.1.301`), also used by OpenSSL 3.0.0–3.0.12
/// as the SubjectPublicKeyInfo algorithm (`id-sm2`).
pub const OID_SM2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301");

/// The SM2 distinguishing ID csrkit signs and verifies with (GM/T 0009 default).
pub const SM2_DEFAULT_DISTID: &str = "1234567812345678";

/// Smallest and largest RSA modulus csrkit reads.
pub const RSA_BITS: std::ops::RangeInclusive<usize> = 1024..=16384;

/// The algorithms csrkit generates (SPEC "Algorithms").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyAlgorithm {
    /// RSA, 2048-bit modulus, e = 65537.
    Rsa2048,
    /// RSA, 3072-bit modulus, e = 65537.
    Rsa3072,
    /// RSA, 4096-bit modulus, e = 65537.
    Rsa4096,
    /// ECDSA on NIST P-256.
    EccP256,
    /// SM2 (GB/T 32918).
    Sm2,
    /// ECDSA on NIST P-384 (signed with ecdsa-with-SHA384).
    EccP384,
}

impl KeyAlgorithm {
    /// Every algorithm, in the SPEC's order.
    pub const ALL: [KeyAlgorithm; 6] = [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Rsa3072,
        KeyAlgorithm::Rsa4096,
        KeyAlgorithm::EccP256,
        KeyAlgorithm::Sm2,
        KeyAlgorithm::EccP384,
    ];

    /// The CLI name (`rsa2048`, `rsa3072`, `rsa4096`, `ecc`, `sm2`).
    pub fn cli_name(self) -> &'static str {
        match self {
            KeyAlgorithm::Rsa2048 => "rsa2048",
            KeyAlgorithm::Rsa3072 => "rsa3072",
            KeyAlgorithm::Rsa4096 => "rsa4096",
            KeyAlgorithm::EccP256 => "ecc",
            KeyAlgorithm::Sm2 => "sm2",
            KeyAlgorithm::EccP384 => "p384",
        }
    }

    /// The API's `Algorithm` value.
    pub fn key_type(self) -> KeyType {
        match self {
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 => KeyType::Rsa,
            KeyAlgorithm::EccP256 | KeyAlgorithm::EccP384 => KeyType::Ecc,
            KeyAlgorithm::Sm2 => KeyType::Sm2,
        }
    }

    /// The API's `KeySize` value.
    pub fn key_size(self) -> u32 {
        match self {
            KeyAlgorithm::Rsa2048 => 2048,
            KeyAlgorithm::Rsa3072 => 3072,
            KeyAlgorithm::Rsa4096 => 4096,
            KeyAlgorithm::EccP256 | KeyAlgorithm::Sm2 => 256,
            KeyAlgorithm::EccP384 => 384,
        }
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cli_name())
    }
}

impl FromStr for KeyAlgorithm {
    type Err = String;

    /// CLI names, plus the Huawei `key_algorithm` names (`RSA-2048`, `EC-P256`, `SM2`).
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "rsa2048" | "rsa-2048" => KeyAlgorithm::Rsa2048,
            "rsa3072" | "rsa-3072" => KeyAlgorithm::Rsa3072,
            "rsa4096" | "rsa-4096" => KeyAlgorithm::Rsa4096,
            "ecc" | "p256" | "p-256" | "ec-p256" => KeyAlgorithm::EccP256,
            "p384" | "p-384" | "ec-p384" => KeyAlgorithm::EccP384,
            "sm2" => KeyAlgorithm::Sm2,
            _ => {
                return Err(format!(
                    "unknown algorithm {s:?} (rsa2048, rsa3072, rsa4096, ecc, p384, sm2)"
                ));
            }
        })
    }
}

/// The API's `Algorithm` field: the family of a public key. Serialized as `"RSA"`,
/// `"ECC"`, `"SM2"`; read case-insensitively (`"ecc"`, and `"EC"` for ECC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum KeyType {
    /// RSA.
    #[serde(rename = "RSA")]
    Rsa,
    /// ECDSA on P-256, P-384 or P-521.
    #[serde(rename = "ECC")]
    Ecc,
    /// SM2.
    #[serde(rename = "SM2")]
    Sm2,
}

impl KeyType {
    /// `RSA`, `ECC` or `SM2`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Rsa => "RSA",
            KeyType::Ecc => "ECC",
            KeyType::Sm2 => "SM2",
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for KeyType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for KeyType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_uppercase().as_str() {
            "RSA" => Ok(KeyType::Rsa),
            "ECC" | "EC" => Ok(KeyType::Ecc),
            "SM2" => Ok(KeyType::Sm2),
            _ => Err(format!("unknown algorithm {s:?} (RSA, ECC, SM2)")),
        }
    }
}

/// The elliptic curves csrkit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
    /// SM2.
    Sm2,
}

impl Curve {
    fn from_oid(oid: &ObjectIdentifier) -> Result<Self> {
        Self::from_read_oid(&Oid::from(*oid))
    }

    fn from_read_oid(oid: &Oid) -> Result<Self> {
        match oid.to_object_identifier() {
            Some(rfc5912::SECP_256_R_1) => Ok(Curve::P256),
            Some(rfc5912::SECP_384_R_1) => Ok(Curve::P384),
            Some(rfc5912::SECP_521_R_1) => Ok(Curve::P521),
            Some(OID_SM2) => Ok(Curve::Sm2),
            _ => Err(Error::UnsupportedAlgorithm {
                role: AlgorithmRole::Curve,
                oid: oid.clone(),
            }),
        }
    }

    fn oid(self) -> ObjectIdentifier {
        match self {
            Curve::P256 => rfc5912::SECP_256_R_1,
            Curve::P384 => rfc5912::SECP_384_R_1,
            Curve::P521 => rfc5912::SECP_521_R_1,
            Curve::Sm2 => OID_SM2,
        }
    }

    fn bits(self) -> u32 {
        match self {
            Curve::P256 | Curve::Sm2 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
        }
    }
}

/// A public key as read from a SubjectPublicKeyInfo (RFC 5280 4.1.2.7):
///
/// ```text
/// SubjectPublicKeyInfo  ::=  SEQUENCE  {
///      algorithm            AlgorithmIdentifier,
///      subjectPublicKey     BIT STRING  }
/// ```
///
/// It holds the facts the APIs report (`Algorithm`, `KeySize`), the canonical DER
/// that `KeySha2` hashes, and the key's value for comparisons: two `PublicKey`s are
/// equal when they are the same key, whatever their encodings (an SM2 key written
/// with `id-sm2` or with `id-ecPublicKey`, an EC point compressed or not).
#[derive(Clone)]
pub struct PublicKey {
    key_type: KeyType,
    bits: u32,
    curve: Option<Curve>,
    /// Canonical SubjectPublicKeyInfo DER (SPEC "Fingerprints").
    spki_der: Vec<u8>,
    /// The key's value: RSA `n` and `e` (minimal big-endian), EC the uncompressed point
    /// (or the point as it stands when it is not on the curve).
    value: KeyValue,
    /// Why the key cannot be used, when it cannot.
    fault: Option<KeyFault>,
}

/// Why a public key read from a CSR or certificate cannot be used: it verifies no
/// signature and matches no private key, and everything else about the file is still
/// reported (SPEC "JSON of an inspected certificate").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyFault {
    /// The EC point is not a point of its curve.
    PointNotOnCurve,
    /// The RSA public exponent is even, 1, or longer than 64 bits.
    RsaExponent,
    /// The RSA modulus is even.
    RsaModulusEven,
    /// The RSA modulus is under the 1 024 bits csrkit reads.
    RsaModulusTooSmall {
        /// Its length in bits.
        bits: u32,
    },
    /// The `subjectPublicKey` BIT STRING has unused bits.
    UnusedBits,
}

impl fmt::Display for KeyFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyFault::PointNotOnCurve => f.write_str("the EC point is not on the curve"),
            KeyFault::RsaExponent => {
                f.write_str("the RSA public exponent is even, 1 or over 64 bits")
            }
            KeyFault::RsaModulusEven => f.write_str("the RSA modulus is even"),
            KeyFault::RsaModulusTooSmall { bits } => {
                write!(f, "the RSA modulus of {bits} bits is under 1024 bits")
            }
            KeyFault::UnusedBits => f.write_str("the public key's BIT STRING has unused bits"),
        }
    }
}

impl From<KeyFault> for Error {
    fn from(fault: KeyFault) -> Self {
        match fault {
            KeyFault::RsaModulusTooSmall { bits } => Error::KeySize {
                bits: bits as usize,
            },
            KeyFault::PointNotOnCurve => Error::InvalidKey("EC point is not on the curve"),
            KeyFault::RsaExponent => Error::InvalidKey("RSA public exponent"),
            KeyFault::RsaModulusEven => Error::InvalidKey("RSA modulus is even"),
            KeyFault::UnusedBits => Error::InvalidKey("public key BIT STRING has unused bits"),
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum KeyValue {
    Rsa { n: Vec<u8>, e: Vec<u8> },
    Ec(Vec<u8>),
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.key_type == other.key_type && self.curve == other.curve && self.value == other.value
    }
}
impl Eq for PublicKey {}

impl std::hash::Hash for PublicKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key_type.hash(state);
        self.curve.hash(state);
        self.value.hash(state);
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

/// Most PBKDF2 iterations read from an encrypted key (OpenSSL writes 2 048, csrkit
/// 600 000): more would let a hostile file run for minutes.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// Most memory an scrypt key derivation read from an encrypted key may ask for
/// (128 · r · N bytes): 256 MiB. OpenSSL's default limit is 32 MiB.
pub const MAX_SCRYPT_MEMORY: u64 = 256 << 20;

/// Refuses key-derivation parameters that would hang or exhaust memory before any
/// derivation runs (they come from the file, and pkcs5 checks them only when writing).
fn check_kdf_cost(scheme: &pkcs8::pkcs5::EncryptionScheme) -> Result<()> {
    use pkcs8::pkcs5::{EncryptionScheme, pbes2::Kdf};
    let EncryptionScheme::Pbes2(params) = scheme else {
        return Err(Error::UnsupportedAlgorithm {
            role: AlgorithmRole::KeyEncryption,
            oid: scheme.oid().into(),
        });
    };
    match &params.kdf {
        Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => Err(Error::InvalidKey(
            "encrypted key asks for more than 10 000 000 PBKDF2 iterations",
        )),
        Kdf::Scrypt(p) => {
            let n = p.cost_parameter;
            let memory = 128u64
                .saturating_mul(u64::from(p.block_size))
                .saturating_mul(n);
            if memory > MAX_SCRYPT_MEMORY || p.parallelization > 16 {
                Err(Error::InvalidKey(
                    "encrypted key asks for scrypt parameters over 256 MiB or p > 16",
                ))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
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

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("algorithm", &self.key_type)
            .field("bits", &self.bits)
            .field("key_sha2", &self.key_sha2())
            .finish()
    }
}

impl PublicKey {
    /// Reads a DER SubjectPublicKeyInfo whose key must be usable (see
    /// [`PublicKey::read_spki`] for one that is inspected whatever its key).
    pub fn from_spki_der(der: &[u8]) -> Result<Self> {
        let key = Self::read_spki(der)?;
        match key.fault {
            Some(fault) => Err(fault.into()),
            None => Ok(key),
        }
    }

    /// Reads a PEM (`PUBLIC KEY`) or DER SubjectPublicKeyInfo.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let block = input::decode(bytes, &[Label::PublicKey])?;
        Self::from_spki_der(&block.der)
    }

    /// Reads a parsed SubjectPublicKeyInfo.
    pub fn from_spki(spki: SubjectPublicKeyInfoRef<'_>) -> Result<Self> {
        Self::from_spki_der(&spki.to_der()?)
    }

    /// Reads the SubjectPublicKeyInfo of a CSR or certificate as OpenSSL and
    /// `cryptography` read it: the structure strictly (DER, a supported algorithm and
    /// curve, RSA at most 16 384 bits), the key itself as it stands. A key that is not
    /// usable (an EC point off its curve, an RSA exponent that is even or 1, an even or
    /// small modulus, a BIT STRING with unused bits) is still read, with its
    /// [`PublicKey::fault`]: it verifies no signature and matches no private key.
    pub fn read_spki(der: &[u8]) -> Result<Self> {
        use crate::tlv::{self, Seq, tag};
        let spki = tlv::read_one(der, tag::SEQUENCE)?;
        let mut seq = Seq::new(spki.content);
        let algorithm = crate::signed::algorithm_identifier(
            &seq.next(tag::SEQUENCE, "the public key's algorithm")?,
            "the public key's algorithm",
        )?;
        let (unused, key_bits) = tlv::bit_string(
            &seq.next(tag::BIT_STRING, "the public key")?,
            "the public key",
        )?;
        seq.end("the SubjectPublicKeyInfo")?;
        let mut key = match algorithm.oid.to_object_identifier() {
            Some(rfc5912::RSA_ENCRYPTION) => {
                let rsa = pkcs1::RsaPublicKeyRef::from_der(key_bits)?;
                let n = rsa.modulus.as_bytes();
                let bits = bit_length(n);
                if bits > *RSA_BITS.end() {
                    return Err(Error::KeySize { bits });
                }
                let e = rsa.public_exponent.as_bytes();
                let fault = if bits < *RSA_BITS.start() {
                    Some(KeyFault::RsaModulusTooSmall { bits: bits as u32 })
                } else if e.len() > 8 || e.last().is_none_or(|b| b & 1 == 0) || e == [1] {
                    Some(KeyFault::RsaExponent)
                } else if n.last().is_none_or(|b| b & 1 == 0) {
                    Some(KeyFault::RsaModulusEven)
                } else {
                    None
                };
                PublicKey {
                    key_type: KeyType::Rsa,
                    bits: bits as u32,
                    curve: None,
                    spki_der: der.to_vec(),
                    value: KeyValue::Rsa {
                        n: n.to_vec(),
                        e: e.to_vec(),
                    },
                    fault,
                }
            }
            Some(rfc5912::ID_EC_PUBLIC_KEY) => {
                let curve = match algorithm.parameters {
                    Some(p) if p.tag == tag::OID => Curve::from_read_oid(&tlv::oid(&p)?)?,
                    _ => return Err(Error::InvalidKey("EC key parameters are not a named curve")),
                };
                Self::ec(curve, key_bits, der.to_vec())
            }
            // OpenSSL 3.0.0–3.0.12: `id-sm2` as the algorithm. Canonical form is
            // id-ecPublicKey + sm2 curve with the same point bytes.
            Some(OID_SM2) => Self::ec(Curve::Sm2, key_bits, ec_spki_der(Curve::Sm2, key_bits)?),
            _ => {
                return Err(Error::UnsupportedAlgorithm {
                    role: AlgorithmRole::PublicKey,
                    oid: algorithm.oid,
                });
            }
        };
        if unused != 0 {
            key.fault = Some(KeyFault::UnusedBits);
        }
        Ok(key)
    }

    /// Why the key cannot be used, when it cannot (see [`PublicKey::read_spki`]).
    pub fn fault(&self) -> Option<KeyFault> {
        self.fault
    }

    /// The public key of a private key csrkit holds: `point` is the uncompressed point the
    /// signing key computed, so it is not checked again.
    fn ec_computed(curve: Curve, point: &[u8]) -> Result<Self> {
        let spki_der = ec_spki_der(curve, point)?;
        Ok(PublicKey {
            key_type: if curve == Curve::Sm2 {
                KeyType::Sm2
            } else {
                KeyType::Ecc
            },
            bits: curve.bits(),
            curve: Some(curve),
            spki_der,
            value: KeyValue::Ec(point.to_vec()),
            fault: None,
        })
    }

    /// An EC or SM2 key from its SEC1 point, decompressed; a point that is not on the
    /// curve (or not a point) is kept as it stands, with its fault.
    fn ec(curve: Curve, point: &[u8], spki_der: Vec<u8>) -> Self {
        let uncompressed: Option<Vec<u8>> = match curve {
            Curve::P256 => p256::PublicKey::from_sec1_bytes(point)
                .ok()
                .map(|k| k.to_sec1_bytes().into_vec()),
            Curve::P384 => p384::PublicKey::from_sec1_bytes(point)
                .ok()
                .map(|k| k.to_sec1_bytes().into_vec()),
            Curve::P521 => p521::PublicKey::from_sec1_bytes(point)
                .ok()
                .map(|k| k.to_sec1_bytes().into_vec()),
            Curve::Sm2 => sm2::PublicKey::from_sec1_bytes(point)
                .ok()
                .map(|k| k.to_sec1_bytes().into_vec()),
        };
        let fault = uncompressed.is_none().then_some(KeyFault::PointNotOnCurve);
        PublicKey {
            key_type: if curve == Curve::Sm2 {
                KeyType::Sm2
            } else {
                KeyType::Ecc
            },
            bits: curve.bits(),
            curve: Some(curve),
            spki_der,
            value: KeyValue::Ec(uncompressed.unwrap_or_else(|| point.to_vec())),
            fault,
        }
    }

    /// `RSA`, `ECC` or `SM2`.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// `KeySize`: modulus bits for RSA, the curve's size for EC and SM2.
    pub fn key_size(&self) -> u32 {
        self.bits
    }

    /// The curve of an EC or SM2 key.
    pub fn curve(&self) -> Option<Curve> {
        self.curve
    }

    /// Canonical SubjectPublicKeyInfo DER (what `KeySha2` hashes).
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// SubjectPublicKeyInfo as strict PEM (`PUBLIC KEY`).
    pub fn to_pem(&self) -> String {
        input::to_pem(Label::PublicKey, &self.spki_der)
    }

    /// `KeySha2`: lowercase hex SHA-256 of the canonical SubjectPublicKeyInfo DER.
    pub fn key_sha2(&self) -> String {
        crate::fingerprint::sha256_hex(&self.spki_der)
    }

    /// RSA modulus and exponent, minimal big-endian.
    pub(crate) fn rsa_parts(&self) -> Option<(&[u8], &[u8])> {
        match &self.value {
            KeyValue::Rsa { n, e } => Some((n, e)),
            KeyValue::Ec(_) => None,
        }
    }

    /// Uncompressed SEC1 point of an EC or SM2 key.
    pub(crate) fn ec_point(&self) -> Option<&[u8]> {
        match &self.value {
            KeyValue::Ec(p) => Some(p),
            KeyValue::Rsa { .. } => None,
        }
    }
}

fn bit_length(be: &[u8]) -> usize {
    match be.iter().position(|&b| b != 0) {
        Some(i) => (be.len() - i) * 8 - be[i].leading_zeros() as usize,
        None => 0,
    }
}

/// DER of `SubjectPublicKeyInfo { id-ecPublicKey, namedCurve, point }`.
fn ec_spki_der(curve: Curve, point: &[u8]) -> Result<Vec<u8>> {
    let curve_oid = curve.oid();
    let spki = spki::SubjectPublicKeyInfoRef {
        algorithm: spki::AlgorithmIdentifier {
            oid: rfc5912::ID_EC_PUBLIC_KEY,
            parameters: Some(der::asn1::AnyRef::from(&curve_oid)),
        },
        subject_public_key: der::asn1::BitStringRef::from_bytes(point)?,
    };
    Ok(spki.to_der()?)
}

/// A [`PrivateKey`] of an ECDSA curve from its signing key, whose public point the
/// signing key already computed (no second multiplication).
macro_rules! ecdsa_key {
    ($curve:ident, $k:expr) => {{
        let k = $k;
        let point = k.verifying_key().to_sec1_point(false);
        Ok(PrivateKey {
            public: PublicKey::ec_computed(Curve::$curve, point.as_bytes())?,
            inner: Inner::$curve(Box::new(k)),
        })
    }};
}

/// A private key of one of the algorithms csrkit signs with.
///
/// Created by [`PrivateKey::generate`] or read by [`PrivateKey::from_bytes`] (PKCS#8,
/// PKCS#1 or SEC1, PEM or DER, detected from the bytes).
///
/// To save one, use [`crate::files::write_key`]: mode 0600 from creation, atomic, never
/// over an existing file. A plain `std::fs::write` of [`PrivateKey::to_pkcs8_pem`]
/// leaves the key readable by everyone (mode 0644 under the usual umask).
pub struct PrivateKey {
    inner: Inner,
    public: PublicKey,
}

enum Inner {
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    P256(Box<p256::ecdsa::SigningKey>),
    P384(Box<p384::ecdsa::SigningKey>),
    P521(Box<p521::ecdsa::SigningKey>),
    Sm2(Sm2Key),
}

/// `sm2::dsa::SigningKey` does not zeroize itself; this wrapper overwrites it on drop.
struct Sm2Key(Box<sm2::dsa::SigningKey>);

/// The key written over a dropped SM2 key: made once per process (scalar 1), so that
/// dropping a key costs a copy, not a scalar multiplication.
static SM2_DUMMY: std::sync::OnceLock<Option<sm2::dsa::SigningKey>> = std::sync::OnceLock::new();

impl Drop for Sm2Key {
    fn drop(&mut self) {
        let dummy = SM2_DUMMY.get_or_init(|| {
            let one: Option<sm2::NonZeroScalar> = sm2::NonZeroScalar::new(sm2::Scalar::ONE).into();
            one.and_then(|one| {
                sm2::dsa::SigningKey::from_nonzero_scalar(SM2_DEFAULT_DISTID, one).ok()
            })
        });
        if let Some(dummy) = dummy {
            // Assigning through the box writes the dummy over the heap slot that held
            // the secret scalar.
            *self.0 = dummy.clone();
            // Keep the store: the box is freed right after, and a store to memory about
            // to be freed is one an optimiser may drop.
            std::hint::black_box(&*self.0);
        }
    }
}

impl fmt::Debug for PrivateKey {
    /// Shows the algorithm and the public key's `KeySha2`, never secret material.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("algorithm", &self.public.key_type)
            .field("bits", &self.public.bits)
            .field("key_sha2", &self.public.key_sha2())
            .finish_non_exhaustive()
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

/// True when `der` is a PKCS#8 `EncryptedPrivateKeyInfo` csrkit can read (AES or SM4).
pub fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    crate::sm_pbes2::is_sm(der) || pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).is_ok()
}

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

impl PrivateKey {
    /// Generates a new key from the operating system's random number generator.
    pub fn generate(algorithm: KeyAlgorithm) -> Result<Self> {
        use elliptic_curve::Generate;
        let mut rng = SysRng;
        match algorithm {
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 => {
                let bits = algorithm.key_size() as usize;
                let key = rsa::PrivateKey::new(&mut rng, bits).map_err(|e| match e {
                    rsa::Error::Rng => Error::Rng,
                    _ => Error::InvalidKey("RSA key generation failed"),
                })?;
                Self::from_rsa(key)
            }
            // One fixed-base scalar multiplication per key: the signing key computes its
            // verifying key once, and the public key is taken from it.
            KeyAlgorithm::EccP256 => Self::from_p256(
                p256::ecdsa::SigningKey::try_generate_from_rng(&mut rng).map_err(|_| Error::Rng)?,
            ),
            KeyAlgorithm::EccP384 => Self::from_p384(
                p384::ecdsa::SigningKey::try_generate_from_rng(&mut rng).map_err(|_| Error::Rng)?,
            ),
            KeyAlgorithm::Sm2 => {
                let sk = sm2::SecretKey::try_generate_from_rng(&mut rng).map_err(|_| Error::Rng)?;
                Self::from_sm2(&sk)
            }
        }
    }

    fn from_rsa(key: rsa::PrivateKey) -> Result<Self> {
        let public = PublicKey::from_spki_der(
            key.as_public_key()
                .to_public_key_der()
                .map_err(|_| Error::InvalidKey("RSA public key"))?
                .as_bytes(),
        )?;
        Ok(PrivateKey {
            inner: Inner::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(key))),
            public,
        })
    }

    fn from_p256(k: p256::ecdsa::SigningKey) -> Result<Self> {
        ecdsa_key!(P256, k)
    }

    fn from_p384(k: p384::ecdsa::SigningKey) -> Result<Self> {
        ecdsa_key!(P384, k)
    }

    fn from_p521(k: p521::ecdsa::SigningKey) -> Result<Self> {
        ecdsa_key!(P521, k)
    }

    fn from_sm2(sk: &sm2::SecretKey) -> Result<Self> {
        let signing = sm2::dsa::SigningKey::new(SM2_DEFAULT_DISTID, sk)
            .map_err(|_| Error::InvalidKey("SM2 key"))?;
        let public = PublicKey::ec_computed(Curve::Sm2, &signing.verifying_key().to_sec1_bytes())?;
        Ok(PrivateKey {
            inner: Inner::Sm2(Sm2Key(Box::new(signing))),
            public,
        })
    }

    /// A key on `curve` from its secret scalar (big-endian, the curve's size).
    fn from_ec_scalar(curve: Curve, scalar: &[u8]) -> Result<Self> {
        let bad = || Error::InvalidKey("EC private scalar is out of range");
        match curve {
            Curve::P256 => {
                Self::from_p256(p256::ecdsa::SigningKey::from_slice(scalar).map_err(|_| bad())?)
            }
            Curve::P384 => {
                Self::from_p384(p384::ecdsa::SigningKey::from_slice(scalar).map_err(|_| bad())?)
            }
            Curve::P521 => {
                Self::from_p521(p521::ecdsa::SigningKey::from_slice(scalar).map_err(|_| bad())?)
            }
            Curve::Sm2 => Self::from_sm2(&sm2::SecretKey::from_slice(scalar).map_err(|_| bad())?),
        }
    }

    /// The secret scalar of an EC or SM2 key (big-endian, zeroized on drop).
    fn ec_scalar(&self) -> Option<Zeroizing<Vec<u8>>> {
        Some(Zeroizing::new(match &self.inner {
            Inner::P256(k) => k.to_bytes().to_vec(),
            Inner::P384(k) => k.to_bytes().to_vec(),
            Inner::P521(k) => k.to_bytes().to_vec(),
            Inner::Sm2(k) => k.0.as_nonzero_scalar().to_bytes().to_vec(),
            Inner::Rsa(_) => return None,
        }))
    }

    /// Reads a private key: PKCS#8, PKCS#1 or SEC1, PEM or DER (detected from the bytes).
    ///
    /// An `EC PARAMETERS` block before the key (as `openssl ecparam -genkey` writes) is skipped.
    ///
    /// An encrypted PKCS#8 key gives [`Error::PasswordRequired`]: use
    /// [`PrivateKey::from_bytes_with_password`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes_with_password(bytes, None)
    }

    /// [`PrivateKey::from_bytes`], also reading encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`,
    /// PBES2: PBKDF2 or scrypt with AES-CBC, as OpenSSL writes it) with `password`.
    ///
    /// ```
    /// use csrkit::keys::{KeyAlgorithm, PrivateKey};
    /// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    /// let pem = key.to_encrypted_pem(b"correct horse")?;
    /// assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    /// let back = PrivateKey::from_bytes_with_password(pem.as_bytes(), Some(b"correct horse"))?;
    /// assert_eq!(back.public_key(), key.public_key());
    /// assert!(matches!(PrivateKey::from_bytes(pem.as_bytes()), Err(csrkit::Error::PasswordRequired)));
    /// assert!(matches!(PrivateKey::from_bytes_with_password(pem.as_bytes(), Some(b"wrong")),
    ///                  Err(csrkit::Error::Decrypt)));
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn from_bytes_with_password(bytes: &[u8], password: Option<&[u8]>) -> Result<Self> {
        let block = input::decode(
            bytes,
            &[
                Label::PrivateKey,
                Label::RsaPrivateKey,
                Label::EcPrivateKey,
                Label::EncryptedPrivateKey,
            ],
        )?;
        match block.label {
            Some(Label::PrivateKey) => Self::from_pkcs8_der(&block.der),
            Some(Label::RsaPrivateKey) => Self::from_pkcs1_der(&block.der),
            Some(Label::EcPrivateKey) => Self::from_sec1_der(&block.der),
            Some(Label::EncryptedPrivateKey) => {
                Self::from_encrypted_pkcs8_der(&block.der, password)
            }
            _ => match Self::from_der_any(&block.der) {
                Ok(k) => Ok(k),
                Err(e) => {
                    if is_encrypted_pkcs8(&block.der) {
                        Self::from_encrypted_pkcs8_der(&block.der, password)
                    } else {
                        Err(e)
                    }
                }
            },
        }
    }

    /// Reads a DER PKCS#8 `EncryptedPrivateKeyInfo`: PBES2 with PBKDF2 (HMAC-SHA-1/SHA-2)
    /// or scrypt and AES-CBC (OpenSSL, Java keytool, Python), or with PBKDF2-HMAC-SM3 and
    /// SM4-CBC (GmSSL 3, Tongsuo).
    pub fn from_encrypted_pkcs8_der(der: &[u8], password: Option<&[u8]>) -> Result<Self> {
        if crate::sm_pbes2::is_sm(der) {
            let password = password.ok_or(Error::PasswordRequired)?;
            // `Ok(None)` cannot come back here: the parameters were just read as SM ones.
            let plain = crate::sm_pbes2::decrypt(der, password)?.ok_or(Error::Decrypt)?;
            return Self::from_pkcs8_der(&plain);
        }
        let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(der)?;
        let password = password.ok_or(Error::PasswordRequired)?;
        check_kdf_cost(&info.encryption_algorithm)?;
        // A SecretDocument: zeroized on drop.
        let plain = info.decrypt(password).map_err(|_| Error::Decrypt)?;
        Self::from_pkcs8_der(plain.as_bytes())
    }

    /// Encrypted PKCS#8 DER: PBES2 with PBKDF2-HMAC-SHA256 (600 000 iterations, random
    /// salt) and AES-256-CBC (random IV), which OpenSSL 1.1 and 3 read.
    pub fn to_encrypted_der(&self, password: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let der = self.to_der(KeyFormat::Pkcs8)?;
        let info = pkcs8::PrivateKeyInfoRef::from_der(&der)?;
        let params = pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2(&mut SysRng)
            .map_err(|_| Error::Rng)?;
        let doc = info
            .encrypt_with_params(params, password)
            .map_err(|_| Error::InvalidKey("PKCS#8 encryption failed"))?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// [`PrivateKey::to_encrypted_der`] as PEM (`ENCRYPTED PRIVATE KEY`).
    pub fn to_encrypted_pem(&self, password: &[u8]) -> Result<Zeroizing<String>> {
        self.to_encrypted_pem_with(password, KeyCipher::Aes256Cbc)
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
            KeyCipher::Sm4Cbc => crate::sm_pbes2::encrypt(&self.to_pkcs8_der()?, password),
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

    /// Reads a DER key of unknown format: PKCS#8, then PKCS#1, then SEC1.
    fn from_der_any(der: &[u8]) -> Result<Self> {
        match Self::from_pkcs8_der(der) {
            Ok(k) => Ok(k),
            Err(e8) => {
                if let Ok(k) = Self::from_pkcs1_der(der) {
                    return Ok(k);
                }
                if let Ok(k) = Self::from_sec1_der(der) {
                    return Ok(k);
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

    /// The key's public half.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The algorithm this key generates as, when it is one of the five
    /// (an RSA key of another size gives `None`).
    pub fn algorithm(&self) -> Option<KeyAlgorithm> {
        match (&self.inner, self.public.bits) {
            (Inner::Rsa(_), 2048) => Some(KeyAlgorithm::Rsa2048),
            (Inner::Rsa(_), 3072) => Some(KeyAlgorithm::Rsa3072),
            (Inner::Rsa(_), 4096) => Some(KeyAlgorithm::Rsa4096),
            (Inner::Rsa(_), _) => None,
            (Inner::P256(_), _) => Some(KeyAlgorithm::EccP256),
            (Inner::P384(_), _) => Some(KeyAlgorithm::EccP384),
            (Inner::P521(_), _) => None,
            (Inner::Sm2(_), _) => Some(KeyAlgorithm::Sm2),
        }
    }

    /// `RSA`, `ECC` or `SM2`.
    pub fn key_type(&self) -> KeyType {
        self.public.key_type
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

    fn ec_curve(&self) -> Result<Curve> {
        self.public.curve.ok_or(Error::WrongKind {
            expected: "an EC or SM2 key",
            found: "RSA".into(),
        })
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

    /// Signs `message` with the algorithm's CSR signature (SPEC "Algorithms"):
    /// RSASSA-PKCS1-v1_5 with SHA-256, ecdsa-with-SHA256 (DER `ECDSA-Sig-Value`),
    /// or SM2-with-SM3 with the default distinguishing ID (DER `SEQUENCE {r, s}`).
    pub fn sign(&self, message: &[u8]) -> Result<(AlgorithmIdentifierOwned, BitString)> {
        let (alg, sig): (_, Vec<u8>) = match &self.inner {
            Inner::Rsa(k) => (
                k.signature_algorithm_identifier(),
                k.try_sign(message).map_err(|_| Error::Sign)?.to_vec(),
            ),
            Inner::P256(k) => {
                let sig: p256::ecdsa::Signature = k.try_sign(message).map_err(|_| Error::Sign)?;
                (k.signature_algorithm_identifier(), sig.to_der().to_vec())
            }
            Inner::P384(k) => {
                let sig: p384::ecdsa::Signature = k.try_sign(message).map_err(|_| Error::Sign)?;
                (k.signature_algorithm_identifier(), sig.to_der().to_vec())
            }
            Inner::P521(k) => {
                let sig: p521::ecdsa::Signature = k.try_sign(message).map_err(|_| Error::Sign)?;
                (k.signature_algorithm_identifier(), sig.to_der().to_vec())
            }
            Inner::Sm2(k) => {
                let sig: sm2::dsa::Signature = k.0.try_sign(message).map_err(|_| Error::Sign)?;
                (
                    k.0.signature_algorithm_identifier(),
                    sm2::dsa::DerSignature::from(sig).to_vec(),
                )
            }
        };
        let alg = alg.map_err(|_| Error::Sign)?;
        Ok((alg, BitString::from_bytes(&sig)?))
    }

    /// The verifying half, for callers that sign with the RustCrypto traits themselves.
    pub fn spki_der(&self) -> &[u8] {
        self.public.spki_der()
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
