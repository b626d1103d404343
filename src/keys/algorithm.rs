//! The algorithms csrkit generates and signs with, the key types the APIs name, the curves.

use std::fmt;
use std::str::FromStr;

use const_oid::db::rfc5912;
use der::asn1::ObjectIdentifier;

use crate::error::{AlgorithmRole, Error, Result};
use crate::oid::Oid;

/// OID of the SM2 curve (`1.2.156.10197.1.301`), also used by OpenSSL 3.0.0–3.0.12
/// as the SubjectPublicKeyInfo algorithm (`id-sm2`).
pub const OID_SM2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301");

/// The SM2 distinguishing ID csrkit signs and verifies with (GM/T 0009 default).
pub const SM2_DEFAULT_DISTID: &str = "1234567812345678";

/// Smallest and largest RSA modulus csrkit reads.
pub const RSA_BITS: std::ops::RangeInclusive<usize> = 1024..=16384;

/// The algorithms csrkit generates.
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
    /// Every algorithm: RSA 2048, 3072, 4096, P-256, SM2, P-384.
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
    pub(crate) fn from_oid(oid: &ObjectIdentifier) -> Result<Self> {
        Self::from_read_oid(&Oid::from(*oid))
    }

    pub(crate) fn from_read_oid(oid: &Oid) -> Result<Self> {
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

    pub(crate) fn oid(self) -> ObjectIdentifier {
        match self {
            Curve::P256 => rfc5912::SECP_256_R_1,
            Curve::P384 => rfc5912::SECP_384_R_1,
            Curve::P521 => rfc5912::SECP_521_R_1,
            Curve::Sm2 => OID_SM2,
        }
    }

    pub(crate) fn bits(self) -> u32 {
        match self {
            Curve::P256 | Curve::Sm2 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
        }
    }

    /// `SM2` for the SM2 curve, `ECC` for the NIST curves.
    pub(crate) fn key_type(self) -> KeyType {
        match self {
            Curve::Sm2 => KeyType::Sm2,
            Curve::P256 | Curve::P384 | Curve::P521 => KeyType::Ecc,
        }
    }
}
