//! Encrypted PKCS#8 keys with SM4-CBC, as GmSSL 3, Tongsuo and OpenSSL write them: PBES2
//! with PBKDF2 and SM4-CBC.
//!
//! ```text
//! EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING }
//!   encryptionAlgorithm = { id-PBES2 (1.2.840.113549.1.5.13), PBES2-params }
//!   PBES2-params ::= SEQUENCE {
//!     keyDerivationFunc { id-PBKDF2 (1.2.840.113549.1.5.12),
//!                         SEQUENCE { salt OCTET STRING, iterationCount INTEGER,
//!                                    keyLength INTEGER OPTIONAL,
//!                                    prf { hmacWithSM3 (1.2.156.10197.1.401.2) } } },
//!     encryptionScheme  { sm4-cbc (1.2.156.10197.1.104.2), iv OCTET STRING (16) } }
//! ```
//!
//! OpenSSL and Tongsuo write SM4-CBC with their default PRF instead, hmacWithSHA256
//! (`openssl genpkey -sm4-cbc`, `openssl pkcs12 -export -keypbe SM4-CBC`): the PRF may be
//! HMAC-SM3, HMAC-SHA-1 (also when absent, RFC 8018's default) or HMAC-SHA-2.
//!
//! The RustCrypto `pkcs5` crate reads PBES2 with SHA-1/SHA-2 PRFs and AES only, so SM4-CBC
//! is read and written here, on RustCrypto's `pbkdf2`, `hmac`, `sm3`, `sha1`, `sha2`, `sm4`
//! and `cbc`. GmSSL writes the PRF identifier with no parameters and refuses one with a NULL
//! (OpenSSL's habit); Tongsuo writes the NULL. Both are read; csrkit writes no parameters,
//! 600 000 iterations (GmSSL reads 10 000 to 16 777 215), a 16-byte salt and keyLength 16.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

use crate::error::{Error, Result, Secured};

/// PBES2 (RFC 8018).
pub const OID_PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");
/// PBKDF2 (RFC 8018).
pub const OID_PBKDF2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.12");
/// HMAC with SM3 (GM/T 0091).
pub const OID_HMAC_SM3: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.401.2");
/// HMAC with SHA-1 (RFC 8018), PBKDF2's default PRF.
const OID_HMAC_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.7");
/// HMAC with SHA-224 (RFC 8018).
const OID_HMAC_SHA224: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.8");
/// HMAC with SHA-256 (RFC 8018).
const OID_HMAC_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.9");
/// HMAC with SHA-384 (RFC 8018).
const OID_HMAC_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.10");
/// HMAC with SHA-512 (RFC 8018).
const OID_HMAC_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.11");
/// SM4 in CBC mode.
pub const OID_SM4_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.104.2");

/// Iterations csrkit writes.
pub const ITERATIONS: u32 = 600_000;

#[derive(der::Sequence)]
pub(super) struct EncryptedKeyInfo<'a> {
    pub(super) algorithm: AlgorithmIdentifierRef<'a>,
    pub(super) encrypted_data: &'a OctetStringRef,
}

#[derive(der::Sequence)]
pub(super) struct Pbes2Params<'a> {
    pub(super) kdf: AlgorithmIdentifierRef<'a>,
    pub(super) scheme: AlgorithmIdentifierRef<'a>,
}

#[derive(der::Sequence)]
struct Pbkdf2Params<'a> {
    salt: &'a OctetStringRef,
    iterations: u32,
    #[asn1(optional = "true")]
    key_length: Option<u8>,
    #[asn1(optional = "true")]
    prf: Option<AlgorithmIdentifierRef<'a>>,
}

/// PBKDF2's pseudo-random function.
#[derive(Clone, Copy)]
enum Prf {
    Sm3,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Prf {
    /// The PRF a `prf` field names; absent is HMAC-SHA-1 (RFC 8018). Its parameters
    /// are absent or NULL.
    fn from_field(prf: Option<AlgorithmIdentifierRef<'_>>) -> Option<Self> {
        let Some(prf) = prf else {
            return Some(Prf::Sha1);
        };
        if prf.parameters.is_some_and(|p| !p.is_null()) {
            return None;
        }
        Some(match prf.oid {
            OID_HMAC_SM3 => Prf::Sm3,
            OID_HMAC_SHA1 => Prf::Sha1,
            OID_HMAC_SHA224 => Prf::Sha224,
            OID_HMAC_SHA256 => Prf::Sha256,
            OID_HMAC_SHA384 => Prf::Sha384,
            OID_HMAC_SHA512 => Prf::Sha512,
            _ => return None,
        })
    }
}

/// The parameters of a PBES2 `AlgorithmIdentifier` with PBKDF2 and SM4-CBC; `None` for
/// any other encryption (read elsewhere).
struct SmParams<'a> {
    salt: &'a [u8],
    iterations: u32,
    prf: Prf,
    iv: &'a [u8],
}

fn sm_params<'a>(algorithm: &AlgorithmIdentifierRef<'a>) -> Option<SmParams<'a>> {
    if algorithm.oid != OID_PBES2 {
        return None;
    }
    let pbes2: Pbes2Params<'_> = algorithm.parameters?.decode_as().ok()?;
    if pbes2.kdf.oid != OID_PBKDF2 || pbes2.scheme.oid != OID_SM4_CBC {
        return None;
    }
    let kdf: Pbkdf2Params<'_> = pbes2.kdf.parameters?.decode_as().ok()?;
    if !matches!(kdf.key_length, None | Some(16)) {
        return None;
    }
    let prf = Prf::from_field(kdf.prf)?;
    let iv: &OctetStringRef = pbes2.scheme.parameters?.decode_as().ok()?;
    Some(SmParams {
        salt: kdf.salt.as_bytes(),
        iterations: kdf.iterations,
        prf,
        iv: iv.as_bytes(),
    })
}

fn derive(prf: Prf, password: &[u8], salt: &[u8], iterations: u32) -> Zeroizing<[u8; 16]> {
    let mut key = Zeroizing::new([0u8; 16]);
    let out = key.as_mut();
    match prf {
        Prf::Sm3 => pbkdf2::pbkdf2_hmac::<sm3::Sm3>(password, salt, iterations, out),
        Prf::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, out),
        Prf::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(password, salt, iterations, out),
        Prf::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, out),
        Prf::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, salt, iterations, out),
        Prf::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, out),
    }
    key
}

/// Decrypts `data` under a PBES2 `algorithm` with PBKDF2 and SM4-CBC (a key, or a
/// PKCS#12 `EncryptedData`'s content, as GmSSL, Tongsuo and OpenSSL write it); `Ok(None)`
/// when the algorithm is another one.
pub(crate) fn decrypt_with(
    algorithm: &AlgorithmIdentifierRef<'_>,
    data: &[u8],
    password: &[u8],
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let Some(p) = sm_params(algorithm) else {
        return Ok(None);
    };
    if p.iterations > super::kdf::MAX_PBKDF2_ITERATIONS {
        return Err(Error::InvalidKey(
            "encrypted key asks for more than 10 000 000 PBKDF2 iterations",
        ));
    }
    if p.iv.len() != 16 || data.is_empty() || !data.len().is_multiple_of(16) {
        return Err(Error::WrongPassword(Secured::Key));
    }
    let key = derive(p.prf, password, p.salt, p.iterations);
    let mut buf = Zeroizing::new(data.to_vec());
    let len = cbc::Decryptor::<sm4::Sm4>::new_from_slices(key.as_ref(), p.iv)
        .map_err(|_| Error::WrongPassword(Secured::Key))?
        .decrypt_padded::<Pkcs7>(&mut buf)
        .map_err(|_| Error::WrongPassword(Secured::Key))?
        .len();
    buf.truncate(len);
    Ok(Some(buf))
}

/// Encrypts a PKCS#8 `PrivateKeyInfo` DER as GmSSL reads it (see the module documentation).
pub(crate) fn encrypt(pkcs8: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| Error::Rng)?;
    getrandom::fill(&mut iv).map_err(|_| Error::Rng)?;
    let key = derive(Prf::Sm3, password, &salt, ITERATIONS);
    let data = cbc::Encryptor::<sm4::Sm4>::new_from_slices(key.as_ref(), &iv)
        .map_err(|_| Error::InvalidKey("SM4 key"))?
        .encrypt_padded_vec::<Pkcs7>(pkcs8);
    let prf = AlgorithmIdentifierRef {
        oid: OID_HMAC_SM3,
        parameters: None,
    };
    let kdf_params = Pbkdf2Params {
        salt: OctetStringRef::new(&salt)?,
        iterations: ITERATIONS,
        key_length: Some(16),
        prf: Some(prf),
    }
    .to_der()?;
    let iv_der = OctetStringRef::new(&iv)?.to_der()?;
    let pbes2 = Pbes2Params {
        kdf: AlgorithmIdentifierRef {
            oid: OID_PBKDF2,
            parameters: Some(AnyRef::from_der(&kdf_params)?),
        },
        scheme: AlgorithmIdentifierRef {
            oid: OID_SM4_CBC,
            parameters: Some(AnyRef::from_der(&iv_der)?),
        },
    }
    .to_der()?;
    let info = EncryptedKeyInfo {
        algorithm: AlgorithmIdentifierRef {
            oid: OID_PBES2,
            parameters: Some(AnyRef::from_der(&pbes2)?),
        },
        encrypted_data: OctetStringRef::new(&data)?,
    };
    Ok(Zeroizing::new(info.to_der()?))
}
