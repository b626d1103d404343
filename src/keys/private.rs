//! The private key: one of the algorithms csrkit signs with, its public half, and its
//! signature.

use std::fmt;

use der::asn1::BitString;
use pkcs8::EncodePublicKey;
use sha2::Sha256;
use signature::{SignatureEncoding, Signer};
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier};
use zeroize::Zeroizing;

use super::algorithm::{Curve, KeyAlgorithm, KeyType, SM2_DEFAULT_DISTID};
use super::public::PublicKey;
use crate::error::{Error, Result};

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
    pub(super) inner: Inner,
    pub(super) public: PublicKey,
}

pub(super) enum Inner {
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    P256(Box<p256::ecdsa::SigningKey>),
    P384(Box<p384::ecdsa::SigningKey>),
    P521(Box<p521::ecdsa::SigningKey>),
    Sm2(Sm2Key),
}

/// `sm2::dsa::SigningKey` does not zeroize itself; this wrapper overwrites it on drop.
pub(super) struct Sm2Key(Box<sm2::dsa::SigningKey>);

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

impl PrivateKey {
    pub(super) fn from_rsa(key: rsa::PrivateKey) -> Result<Self> {
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

    pub(super) fn from_p256(k: p256::ecdsa::SigningKey) -> Result<Self> {
        ecdsa_key!(P256, k)
    }

    pub(super) fn from_p384(k: p384::ecdsa::SigningKey) -> Result<Self> {
        ecdsa_key!(P384, k)
    }

    pub(super) fn from_p521(k: p521::ecdsa::SigningKey) -> Result<Self> {
        ecdsa_key!(P521, k)
    }

    pub(super) fn from_sm2(sk: &sm2::SecretKey) -> Result<Self> {
        let signing = sm2::dsa::SigningKey::new(SM2_DEFAULT_DISTID, sk)
            .map_err(|_| Error::InvalidKey("SM2 key"))?;
        let public = PublicKey::ec_computed(Curve::Sm2, &signing.verifying_key().to_sec1_bytes())?;
        Ok(PrivateKey {
            inner: Inner::Sm2(Sm2Key(Box::new(signing))),
            public,
        })
    }

    /// A key on `curve` from its secret scalar (big-endian, the curve's size).
    pub(super) fn from_ec_scalar(curve: Curve, scalar: &[u8]) -> Result<Self> {
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
    pub(super) fn ec_scalar(&self) -> Option<Zeroizing<Vec<u8>>> {
        Some(Zeroizing::new(match &self.inner {
            Inner::P256(k) => k.to_bytes().to_vec(),
            Inner::P384(k) => k.to_bytes().to_vec(),
            Inner::P521(k) => k.to_bytes().to_vec(),
            Inner::Sm2(k) => k.0.as_nonzero_scalar().to_bytes().to_vec(),
            Inner::Rsa(_) => return None,
        }))
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

    pub(super) fn ec_curve(&self) -> Result<Curve> {
        self.public.curve.ok_or(Error::WrongKind {
            expected: "an EC or SM2 key",
            found: "RSA".into(),
        })
    }

    /// Signs `message` with the algorithm's CSR signature:
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
