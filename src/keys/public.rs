//! Public keys, as a SubjectPublicKeyInfo carries them (RFC 5280 4.1.2.7).

use std::fmt;

use const_oid::db::rfc5912;
use der::{Decode, Encode};
use spki::SubjectPublicKeyInfoRef;

use super::algorithm::{Curve, KeyType, OID_SM2, RSA_BITS};
use crate::error::{AlgorithmRole, Error, Result};
use crate::input::{self, Label};

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
    pub(super) key_type: KeyType,
    pub(super) bits: u32,
    pub(super) curve: Option<Curve>,
    /// Canonical SubjectPublicKeyInfo DER (an SM2 key written with `id-sm2` as the
    /// `id-ecPublicKey` + sm2-curve form, every other key as it stands): what `KeySha2` hashes.
    pub(super) spki_der: Vec<u8>,
    /// The key's value: RSA `n` and `e` (minimal big-endian), EC the uncompressed point
    /// (or the point as it stands when it is not on the curve).
    pub(super) value: KeyValue,
    /// Why the key cannot be used, when it cannot.
    pub(super) fault: Option<KeyFault>,
}

/// Why a public key read from a CSR or certificate cannot be used: it verifies no
/// signature and matches no private key, and everything else about the file is still
/// reported (`SignatureValid` false with a note naming the fault).
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
pub(super) enum KeyValue {
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
    pub(super) fn ec_computed(curve: Curve, point: &[u8]) -> Result<Self> {
        let spki_der = ec_spki_der(curve, point)?;
        Ok(PublicKey {
            key_type: curve.key_type(),
            bits: curve.bits(),
            curve: Some(curve),
            spki_der,
            value: KeyValue::Ec(point.to_vec()),
            fault: None,
        })
    }

    /// An EC or SM2 key from its SEC1 point, decompressed; a point that is not on the
    /// curve (or not a point) is kept as it stands, with its fault.
    pub(super) fn ec(curve: Curve, point: &[u8], spki_der: Vec<u8>) -> Self {
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
            key_type: curve.key_type(),
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

pub(super) fn bit_length(be: &[u8]) -> usize {
    match be.iter().position(|&b| b != 0) {
        Some(i) => (be.len() - i) * 8 - be[i].leading_zeros() as usize,
        None => 0,
    }
}

/// DER of `SubjectPublicKeyInfo { id-ecPublicKey, namedCurve, point }`.
pub(super) fn ec_spki_der(curve: Curve, point: &[u8]) -> Result<Vec<u8>> {
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
