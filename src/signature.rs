//! Signature algorithms and signature verification: which algorithms are checked.
//!
//! | signature algorithm | `SignAlgorithm` | checked |
//! |---|---|---|
//! | sha256/384/512WithRSAEncryption | `SHA256WITHRSA`, `SHA384WITHRSA`, `SHA512WITHRSA` | yes |
//! | ecdsa-with-SHA256/384/512 on the key's own curve | `SHA256WITHECDSA`, … | yes |
//! | SM2-with-SM3 (ID `1234567812345678`) | `SM3WITHSM2` | yes |
//! | sha1WithRSAEncryption, ecdsa-with-SHA1, md5WithRSAEncryption | `SHA1WITHRSA`, … | no |
//! | RSASSA-PSS | `RSASSA-PSS` | no |
//! | any other OID | the dotted OID | no |
//!
//! A signature that does not decode, or that was made by another key, is *invalid*,
//! not an error: the object still parses and every other field is reported.

use const_oid::db::rfc5912;
use der::asn1::ObjectIdentifier;
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::Verifier;
use signature::hazmat::PrehashVerifier;

use crate::keys::{Curve, KeyType, PublicKey, RSA_BITS, SM2_DEFAULT_DISTID};
use crate::oid::Oid;

/// OID of SM2-with-SM3 (`1.2.156.10197.1.501`).
pub const OID_SM2_WITH_SM3: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.501");
/// OID of ecdsa-with-SHA1 (`1.2.840.10045.4.1`).
pub const OID_ECDSA_WITH_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");

/// A signature algorithm as the APIs name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SignAlgorithm {
    /// sha256WithRSAEncryption.
    RsaSha256,
    /// sha384WithRSAEncryption.
    RsaSha384,
    /// sha512WithRSAEncryption.
    RsaSha512,
    /// ecdsa-with-SHA256.
    EcdsaSha256,
    /// ecdsa-with-SHA384.
    EcdsaSha384,
    /// ecdsa-with-SHA512.
    EcdsaSha512,
    /// SM2-with-SM3.
    Sm3Sm2,
    /// sha1WithRSAEncryption (not checked).
    RsaSha1,
    /// ecdsa-with-SHA1 (not checked).
    EcdsaSha1,
    /// md5WithRSAEncryption (not checked).
    RsaMd5,
    /// RSASSA-PSS (not checked).
    RsaPss,
    /// Any other OID (not checked).
    Other(Oid),
}

impl SignAlgorithm {
    /// The algorithm of an OID.
    pub fn from_oid(oid: impl Into<Oid>) -> Self {
        let oid = oid.into();
        let Some(known) = oid.to_object_identifier() else {
            return SignAlgorithm::Other(oid);
        };
        match known {
            rfc5912::SHA_256_WITH_RSA_ENCRYPTION => SignAlgorithm::RsaSha256,
            rfc5912::SHA_384_WITH_RSA_ENCRYPTION => SignAlgorithm::RsaSha384,
            rfc5912::SHA_512_WITH_RSA_ENCRYPTION => SignAlgorithm::RsaSha512,
            rfc5912::ECDSA_WITH_SHA_256 => SignAlgorithm::EcdsaSha256,
            rfc5912::ECDSA_WITH_SHA_384 => SignAlgorithm::EcdsaSha384,
            rfc5912::ECDSA_WITH_SHA_512 => SignAlgorithm::EcdsaSha512,
            OID_SM2_WITH_SM3 => SignAlgorithm::Sm3Sm2,
            rfc5912::SHA_1_WITH_RSA_ENCRYPTION => SignAlgorithm::RsaSha1,
            OID_ECDSA_WITH_SHA1 => SignAlgorithm::EcdsaSha1,
            rfc5912::MD_5_WITH_RSA_ENCRYPTION => SignAlgorithm::RsaMd5,
            rfc5912::ID_RSASSA_PSS => SignAlgorithm::RsaPss,
            _ => SignAlgorithm::Other(oid),
        }
    }

    /// The API's `SignAlgorithm` value (`SHA256WITHRSA`, …, or the dotted OID).
    pub fn api_name(&self) -> String {
        match self {
            SignAlgorithm::RsaSha256 => "SHA256WITHRSA",
            SignAlgorithm::RsaSha384 => "SHA384WITHRSA",
            SignAlgorithm::RsaSha512 => "SHA512WITHRSA",
            SignAlgorithm::EcdsaSha256 => "SHA256WITHECDSA",
            SignAlgorithm::EcdsaSha384 => "SHA384WITHECDSA",
            SignAlgorithm::EcdsaSha512 => "SHA512WITHECDSA",
            SignAlgorithm::Sm3Sm2 => "SM3WITHSM2",
            SignAlgorithm::RsaSha1 => "SHA1WITHRSA",
            SignAlgorithm::EcdsaSha1 => "SHA1WITHECDSA",
            SignAlgorithm::RsaMd5 => "MD5WITHRSA",
            SignAlgorithm::RsaPss => "RSASSA-PSS",
            SignAlgorithm::Other(oid) => return oid.to_string(),
        }
        .to_string()
    }

    /// Why an algorithm is not checked, or `None` when it is.
    pub fn not_checked_reason(&self) -> Option<String> {
        Some(match self {
            SignAlgorithm::RsaSha1 | SignAlgorithm::EcdsaSha1 => {
                "SHA-1 signatures are not checked: CAs refuse SHA-1".to_string()
            }
            SignAlgorithm::RsaMd5 => "MD5 signatures are not checked: CAs refuse MD5".to_string(),
            SignAlgorithm::RsaPss => "RSASSA-PSS signatures are not checked".to_string(),
            SignAlgorithm::Other(oid) => {
                format!("signature algorithm {oid} is not supported, so it is not checked")
            }
            _ => return None,
        })
    }
}

/// The outcome of a signature check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// The signature verifies.
    Valid,
    /// The signature does not verify (or does not decode, or the key does not fit the
    /// algorithm); the text says which.
    Invalid(String),
    /// SM2: it does not verify with the default ID but verifies with the empty ID.
    Sm2EmptyId,
    /// The algorithm is not checked; the text says why.
    NotChecked(String),
}

impl Verification {
    /// `SignatureValid`: `Some(true)`, `Some(false)`, or `None` when not checked.
    pub fn signature_valid(&self) -> Option<bool> {
        match self {
            Verification::Valid => Some(true),
            Verification::Invalid(_) | Verification::Sm2EmptyId => Some(false),
            Verification::NotChecked(_) => None,
        }
    }

    /// `SignatureNote`: a sentence when the result needs one.
    pub fn note(&self) -> Option<String> {
        match self {
            Verification::Valid => None,
            Verification::Invalid(why) => Some(why.clone()),
            Verification::Sm2EmptyId => Some(
                "SM2 signature verifies only with an empty distinguishing ID, not the default \
                 1234567812345678 (OpenSSL signs so without -sigopt distid:1234567812345678); \
                 verifiers that follow GM/T 0009 reject it"
                    .to_string(),
            ),
            Verification::NotChecked(why) => Some(why.clone()),
        }
    }
}

fn invalid(why: &str) -> Verification {
    Verification::Invalid(why.to_string())
}

/// Checks `signature` over `message` with `key` under `algorithm`.
pub fn verify(
    key: &PublicKey,
    algorithm: &SignAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Verification {
    verify_as(key, "the key", algorithm, message, signature)
}

/// [`verify`], naming the key in its messages as `whose` ("the issuer's key is P-384,
/// the signature is P-256-sized").
pub fn verify_as(
    key: &PublicKey,
    whose: &str,
    algorithm: &SignAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Verification {
    if let Some(reason) = algorithm.not_checked_reason() {
        return Verification::NotChecked(match key.fault() {
            Some(fault) => format!("{reason}; {whose} is unusable: {fault}"),
            None => reason,
        });
    }
    if let Some(fault) = key.fault() {
        return Verification::Invalid(format!("{whose} is unusable: {fault}"));
    }
    let mismatch = || {
        Verification::Invalid(format!(
            "{whose} is {}, the signature is {}",
            describe_key(key),
            algorithm.api_name()
        ))
    };
    match (algorithm, key.key_type()) {
        (
            SignAlgorithm::RsaSha256 | SignAlgorithm::RsaSha384 | SignAlgorithm::RsaSha512,
            KeyType::Rsa,
        ) => verify_rsa(key, algorithm, message, signature),
        (
            SignAlgorithm::EcdsaSha256 | SignAlgorithm::EcdsaSha384 | SignAlgorithm::EcdsaSha512,
            KeyType::Ecc,
        ) => verify_ecdsa(key, whose, algorithm, message, signature),
        (SignAlgorithm::Sm3Sm2, KeyType::Sm2) => verify_sm2(key, message, signature),
        _ => mismatch(),
    }
}

fn verify_rsa(
    key: &PublicKey,
    algorithm: &SignAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Verification {
    let Some((n, e)) = key.rsa_parts() else {
        return invalid("not an RSA key");
    };
    let bits = key.key_size();
    let (Ok(n), Ok(e)) = (
        rsa::BoxedUint::from_be_slice(n, bits),
        rsa::BoxedUint::from_be_slice(e, (e.len() * 8) as u32),
    ) else {
        return invalid("RSA key does not decode");
    };
    let Ok(public) = rsa::PublicKey::new_with_size_limits(n, e, RSA_BITS) else {
        return invalid("RSA key is not valid");
    };
    let Ok(sig) = rsa::pkcs1v15::Signature::try_from(signature) else {
        return invalid("the RSA signature does not decode");
    };
    let ok = match algorithm {
        SignAlgorithm::RsaSha256 => {
            rsa::pkcs1v15::VerifyingKey::<Sha256>::new(public).verify(message, &sig)
        }
        SignAlgorithm::RsaSha384 => {
            rsa::pkcs1v15::VerifyingKey::<Sha384>::new(public).verify(message, &sig)
        }
        _ => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(public).verify(message, &sig),
    }
    .is_ok();
    outcome(ok)
}

fn outcome(ok: bool) -> Verification {
    if ok {
        Verification::Valid
    } else {
        invalid("the signature does not verify with the public key")
    }
}

fn verify_ecdsa(
    key: &PublicKey,
    whose: &str,
    algorithm: &SignAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Verification {
    let Some(point) = key.ec_point() else {
        return invalid("not an EC key");
    };
    let digest: Vec<u8> = match algorithm {
        SignAlgorithm::EcdsaSha256 => Sha256::digest(message).to_vec(),
        SignAlgorithm::EcdsaSha384 => Sha384::digest(message).to_vec(),
        _ => Sha512::digest(message).to_vec(),
    };
    let bad_sig = || match ecdsa_signature_size(signature) {
        Some(size) => Verification::Invalid(format!(
            "{whose} is {}, the signature is {size}-sized",
            describe_key(key)
        )),
        None => invalid("the ECDSA signature does not decode"),
    };
    let ok = match key.curve() {
        Some(Curve::P256) => {
            let Ok(sig) = p256::ecdsa::Signature::from_der(signature) else {
                return bad_sig();
            };
            p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .is_ok_and(|vk| vk.verify_prehash(&digest, &sig).is_ok())
        }
        Some(Curve::P384) => {
            let Ok(sig) = p384::ecdsa::Signature::from_der(signature) else {
                return bad_sig();
            };
            p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .is_ok_and(|vk| vk.verify_prehash(&digest, &sig).is_ok())
        }
        Some(Curve::P521) => {
            let Ok(sig) = p521::ecdsa::Signature::from_der(signature) else {
                return bad_sig();
            };
            p521::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .is_ok_and(|vk| vk.verify_prehash(&digest, &sig).is_ok())
        }
        _ => return invalid("ECDSA on this curve is not supported"),
    };
    if !ok
        && let Some(size) = ecdsa_signature_size(signature)
        && size != describe_key(key)
    {
        // Only on failure: a signature whose r and s are of another curve's size was
        // made by another key (a wrong issuer, say); said so in words.
        return Verification::Invalid(format!(
            "{whose} is {}, the signature is {size}-sized",
            describe_key(key)
        ));
    }
    outcome(ok)
}

/// `RSA-2048`, `P-256`, `SM2`: what a message says of a key.
pub(crate) fn describe_key(key: &PublicKey) -> String {
    match key.curve() {
        Some(Curve::P256) => "P-256".into(),
        Some(Curve::P384) => "P-384".into(),
        Some(Curve::P521) => "P-521".into(),
        Some(Curve::Sm2) => "SM2".into(),
        None => format!("{}-{}", key.key_type(), key.key_size()),
    }
}

/// The curve an ECDSA signature's size fits (`r` and `s` no longer than the curve's
/// order), when it is a well-formed `SEQUENCE { r INTEGER, s INTEGER }`.
fn ecdsa_signature_size(signature: &[u8]) -> Option<&'static str> {
    use der::{Decode, Reader};
    let mut reader = der::SliceReader::new(signature).ok()?;
    let (r, s) = reader
        .sequence(|seq| {
            let r = der::asn1::UintRef::decode(seq)?.as_bytes().len();
            let s = der::asn1::UintRef::decode(seq)?.as_bytes().len();
            Ok::<_, der::Error>((r, s))
        })
        .ok()?;
    Some(match r.max(s) {
        0..=32 => "P-256",
        33..=48 => "P-384",
        49..=66 => "P-521",
        _ => return None,
    })
}

fn verify_sm2(key: &PublicKey, message: &[u8], signature: &[u8]) -> Verification {
    let Some(point) = key.ec_point() else {
        return invalid("not an SM2 key");
    };
    let Ok(sig) =
        sm2::dsa::DerSignature::try_from(signature).and_then(sm2::dsa::Signature::try_from)
    else {
        return invalid("the SM2 signature does not decode");
    };
    let with_id = |id: &str| {
        sm2::dsa::VerifyingKey::from_sec1_bytes(id, point)
            .is_ok_and(|vk| vk.verify(message, &sig).is_ok())
    };
    if with_id(SM2_DEFAULT_DISTID) {
        Verification::Valid
    } else if with_id("") {
        Verification::Sm2EmptyId
    } else {
        invalid("the signature does not verify with the public key")
    }
}
