//! PBES2 with PBKDF2 (HMAC-SHA-1/SHA-2) or scrypt and AES-CBC, DES-EDE3-CBC or DES-CBC,
//! through RustCrypto's `pkcs5`: what OpenSSL, Java keytool and Python write.

use der::Decode;
use getrandom::SysRng;
use zeroize::Zeroizing;

use super::kdf::{MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY};
use crate::error::{AlgorithmRole, Error, Result, Secured};

/// Decrypts `data` under the PBES2 `scheme` (a PKCS#12 `EncryptedData`'s content), the
/// key-derivation cost checked first; the plaintext is zeroized on drop.
pub(crate) fn decrypt_with(
    scheme: &pkcs8::pkcs5::EncryptionScheme,
    password: &[u8],
    data: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    check_kdf_cost(scheme)?;
    let mut buf = Zeroizing::new(data.to_vec());
    let len = scheme
        .decrypt_in_place(password, &mut buf)
        .map_err(|_| Error::WrongPassword(Secured::Key))?
        .len();
    buf.truncate(len);
    Ok(buf)
}

/// Encrypts DER PKCS#8 as an `EncryptedPrivateKeyInfo`: PBES2 with PBKDF2-HMAC-SHA256
/// (600 000 iterations, random salt) and AES-256-CBC (random IV).
pub(super) fn encrypt(pkcs8_der: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(pkcs8_der)?;
    let params =
        pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2(&mut SysRng).map_err(|_| Error::Rng)?;
    let doc = info
        .encrypt_with_params(params, password)
        .map_err(|_| Error::InvalidKey("PKCS#8 encryption failed"))?;
    Ok(Zeroizing::new(doc.as_bytes().to_vec()))
}

/// Refuses key-derivation parameters that would hang or exhaust memory before any
/// derivation runs (they come from the file, and pkcs5 checks them only when writing).
pub(crate) fn check_kdf_cost(scheme: &pkcs8::pkcs5::EncryptionScheme) -> Result<()> {
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
