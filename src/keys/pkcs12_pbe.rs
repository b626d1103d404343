//! PKCS#12's own password-based cryptography (RFC 7292 Appendix B and C): the key
//! derivation from a BMPString password, the integrity MAC, and the legacy ciphers that
//! OpenSSL `-legacy`, older Windows and Java write (pbeWithSHAAnd3-KeyTripleDES-CBC,
//! pbeWithSHAAnd40BitRC2-CBC and their 2-key and 128-bit kin). These are read; the two
//! `openssl pkcs12 -export -legacy` uses (3-key 3DES, 40-bit RC2) are written only for a
//! bundle asked for in that form, for importers that read nothing else.
//!
//! Hand-written: RustCrypto's `pkcs12` crate has this KDF, but only as a pre-release that
//! pins a pre-release `cms` and returns keys in buffers it does not wipe; the KDF is
//! forty lines, checked end to end by the peer-made bundles in `vectors/pkcs12/`.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit, KeyIvInit};
use hmac::Mac;
use sha2::Digest;
use zeroize::Zeroizing;

use super::kdf::MAX_PBKDF2_ITERATIONS;
use crate::error::{AlgorithmRole, Error, Result, Secured};
use crate::oid::Oid;

/// The password as RFC 7292 B.1 feeds it to this KDF: a BMPString (UTF-16BE, non-BMP
/// characters as surrogate pairs, as OpenSSL and Java write them) with two zero bytes
/// after it; for the empty password just the two zero bytes; for the absent password
/// (OpenSSL's `NULL`, older pyca's "no encryption") nothing at all. Bytes that are not
/// UTF-8 are taken one character a byte (Latin-1), as OpenSSL falls back to.
pub(crate) fn bmp_password(password: Option<&[u8]>) -> Zeroizing<Vec<u8>> {
    let Some(password) = password else {
        return Zeroizing::new(Vec::new());
    };
    let mut out = Zeroizing::new(Vec::with_capacity(password.len() * 4 + 2));
    match std::str::from_utf8(password) {
        Ok(text) => {
            for unit in text.encode_utf16() {
                out.extend_from_slice(&unit.to_be_bytes());
            }
        }
        Err(_) => {
            for &b in password {
                out.extend_from_slice(&[0, b]);
            }
        }
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// What a key derived by [`kdf`] is for (RFC 7292 B.3).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Purpose {
    Key = 1,
    Iv = 2,
    Mac = 3,
}

/// RFC 7292 B.2: `n` bytes for `purpose` from the password (as [`bmp_password`] gives
/// it), the salt and the iteration count, with the hash `D` whose block is `v` bytes.
pub(crate) fn kdf<D: Digest>(
    password: &[u8],
    salt: &[u8],
    purpose: Purpose,
    iterations: u32,
    n: usize,
    v: usize,
) -> Zeroizing<Vec<u8>> {
    let fill = |src: &[u8]| -> Vec<u8> {
        let len = v * src.len().div_ceil(v);
        src.iter().cycle().take(len).copied().collect()
    };
    let mut i = Zeroizing::new(fill(salt));
    i.extend_from_slice(&Zeroizing::new(fill(password)));
    let d = vec![purpose as u8; v];
    let mut out = Zeroizing::new(Vec::with_capacity(n + 64));
    loop {
        let mut a = D::new().chain_update(&d).chain_update(&*i).finalize();
        for _ in 1..iterations.max(1) {
            a = D::digest(&a);
        }
        out.extend_from_slice(&a);
        if out.len() >= n {
            break;
        }
        // I_j = (I_j + B + 1) mod 2^(8v), B being A repeated to v bytes.
        let b: Zeroizing<Vec<u8>> = Zeroizing::new(a.iter().cycle().take(v).copied().collect());
        for block in i.chunks_mut(v) {
            let mut carry = 1u16;
            for k in (0..v).rev() {
                let sum = u16::from(block[k]) + u16::from(b[k]) + carry;
                block[k] = sum as u8;
                carry = sum >> 8;
            }
        }
    }
    out.truncate(n);
    out
}

/// Refuses an iteration count a hostile file would use to hang the reader.
pub(crate) fn check_iterations(iterations: u64) -> Result<u32> {
    match u32::try_from(iterations) {
        Ok(n) if n <= MAX_PBKDF2_ITERATIONS => Ok(n),
        _ => Err(Error::InvalidKey(
            "the PKCS#12 bundle asks for more than 10 000 000 iterations",
        )),
    }
}

/// The MAC's hash, by the OID of its `DigestInfo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MacHash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    /// Tongsuo's SM3 MAC.
    Sm3,
}

impl MacHash {
    pub(crate) fn from_oid(oid: &Oid) -> Result<Self> {
        Ok(match oid.to_string().as_str() {
            "1.3.14.3.2.26" => MacHash::Sha1,
            "2.16.840.1.101.3.4.2.4" => MacHash::Sha224,
            "2.16.840.1.101.3.4.2.1" => MacHash::Sha256,
            "2.16.840.1.101.3.4.2.2" => MacHash::Sha384,
            "2.16.840.1.101.3.4.2.3" => MacHash::Sha512,
            "1.2.156.10197.1.401" => MacHash::Sm3,
            _ => {
                return Err(Error::UnsupportedAlgorithm {
                    role: AlgorithmRole::KeyEncryption,
                    oid: oid.clone(),
                });
            }
        })
    }

    /// The DER of `OID` for the `DigestInfo` of a MAC csrkit writes (SHA-256).
    pub(crate) const SHA256_OID: [u8; 9] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
}

fn hmac_of<D: hmac::EagerHash>(key: &[u8], data: &[u8]) -> Result<Vec<u8>>
where
    hmac::Hmac<D>: KeyInit + Mac,
{
    let mut mac = <hmac::Hmac<D> as KeyInit>::new_from_slice(key)
        .map_err(|_| Error::InvalidKey("HMAC key"))?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().to_vec())
}

/// The MAC of `data` (the authenticated safe's octets) with the password as
/// [`bmp_password`] gives it (RFC 7292 B.4 with purpose 3).
pub(crate) fn mac(
    hash: MacHash,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    data: &[u8],
) -> Result<Vec<u8>> {
    macro_rules! with {
        ($d:ty, $len:expr, $block:expr) => {{
            let key = kdf::<$d>(password, salt, Purpose::Mac, iterations, $len, $block);
            hmac_of::<$d>(&key, data)
        }};
    }
    match hash {
        MacHash::Sha1 => with!(sha1::Sha1, 20, 64),
        MacHash::Sha224 => with!(sha2::Sha224, 28, 64),
        MacHash::Sha256 => with!(sha2::Sha256, 32, 64),
        MacHash::Sha384 => with!(sha2::Sha384, 48, 128),
        MacHash::Sha512 => with!(sha2::Sha512, 64, 128),
        MacHash::Sm3 => with!(sm3::Sm3, 32, 64),
    }
}

/// Checks a MAC in constant time: `Ok` when `expected` is the MAC of `data`.
pub(crate) fn verify_mac(
    hash: MacHash,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    data: &[u8],
    expected: &[u8],
) -> Result<()> {
    let got = mac(hash, password, salt, iterations, data)?;
    let same = got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(Error::WrongPassword(Secured::Pkcs12))
    }
}

/// The legacy PKCS#12 PBE schemes (RFC 7292 Appendix C), by the last arc of
/// `1.2.840.113549.1.12.1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LegacyPbe {
    /// `.3` pbeWithSHAAnd3-KeyTripleDES-CBC.
    TripleDes3Key,
    /// `.4` pbeWithSHAAnd2-KeyTripleDES-CBC.
    TripleDes2Key,
    /// `.5` pbeWithSHAAnd128BitRC2-CBC.
    Rc2_128,
    /// `.6` pbeWithSHAAnd40BitRC2-CBC.
    Rc2_40,
}

impl LegacyPbe {
    /// The scheme of an OID, when it is one of the four.
    pub(crate) fn from_oid(oid: &Oid) -> Option<Self> {
        match oid.to_string().as_str() {
            "1.2.840.113549.1.12.1.3" => Some(LegacyPbe::TripleDes3Key),
            "1.2.840.113549.1.12.1.4" => Some(LegacyPbe::TripleDes2Key),
            "1.2.840.113549.1.12.1.5" => Some(LegacyPbe::Rc2_128),
            "1.2.840.113549.1.12.1.6" => Some(LegacyPbe::Rc2_40),
            _ => None,
        }
    }

    /// The scheme's OID, dotted.
    pub(crate) fn oid(self) -> &'static str {
        match self {
            LegacyPbe::TripleDes3Key => "1.2.840.113549.1.12.1.3",
            LegacyPbe::TripleDes2Key => "1.2.840.113549.1.12.1.4",
            LegacyPbe::Rc2_128 => "1.2.840.113549.1.12.1.5",
            LegacyPbe::Rc2_40 => "1.2.840.113549.1.12.1.6",
        }
    }

    fn key_len(self) -> usize {
        match self {
            LegacyPbe::TripleDes3Key => 24,
            LegacyPbe::TripleDes2Key | LegacyPbe::Rc2_128 => 16,
            LegacyPbe::Rc2_40 => 5,
        }
    }

    /// Encrypts `data` (PKCS#7 padding added) with key and IV derived by SHA-1 from the
    /// password as [`bmp_password`] gives it.
    pub(crate) fn encrypt(
        self,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
        data: &[u8],
    ) -> Result<Vec<u8>> {
        let key_len = self.key_len();
        let key = kdf::<sha1::Sha1>(password, salt, Purpose::Key, iterations, key_len, 64);
        let iv = kdf::<sha1::Sha1>(password, salt, Purpose::Iv, iterations, 8, 64);
        let bad = |_| Error::InvalidKey("PKCS#12 PBE key");
        Ok(match self {
            LegacyPbe::TripleDes3Key => cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(bad)?
                .encrypt_padded_vec::<Pkcs7>(data),
            LegacyPbe::TripleDes2Key => cbc::Encryptor::<des::TdesEde2>::new_from_slices(&key, &iv)
                .map_err(bad)?
                .encrypt_padded_vec::<Pkcs7>(data),
            LegacyPbe::Rc2_128 | LegacyPbe::Rc2_40 => {
                let cipher = rc2::Rc2::new_with_eff_key_len(&key, key_len * 8);
                cbc::Encryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
                    .map_err(bad)?
                    .encrypt_padded_vec::<Pkcs7>(data)
            }
        })
    }

    /// Decrypts `data` (PKCS#7 padding removed) with key and IV derived by SHA-1 from the
    /// password as [`bmp_password`] gives it.
    pub(crate) fn decrypt(
        self,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
        data: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        let key_len = self.key_len();
        let key = kdf::<sha1::Sha1>(password, salt, Purpose::Key, iterations, key_len, 64);
        let iv = kdf::<sha1::Sha1>(password, salt, Purpose::Iv, iterations, 8, 64);
        if data.is_empty() || !data.len().is_multiple_of(8) {
            return Err(Error::WrongPassword(Secured::Pkcs12));
        }
        let mut buf = Zeroizing::new(data.to_vec());
        let len = match self {
            LegacyPbe::TripleDes3Key => cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(|_| Error::WrongPassword(Secured::Pkcs12))?
                .decrypt_padded::<Pkcs7>(&mut buf),
            LegacyPbe::TripleDes2Key => cbc::Decryptor::<des::TdesEde2>::new_from_slices(&key, &iv)
                .map_err(|_| Error::WrongPassword(Secured::Pkcs12))?
                .decrypt_padded::<Pkcs7>(&mut buf),
            LegacyPbe::Rc2_128 | LegacyPbe::Rc2_40 => {
                let cipher = rc2::Rc2::new_with_eff_key_len(&key, key_len * 8);
                cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
                    .map_err(|_| Error::WrongPassword(Secured::Pkcs12))?
                    .decrypt_padded::<Pkcs7>(&mut buf)
            }
        }
        .map_err(|_| Error::WrongPassword(Secured::Pkcs12))?
        .len();
        buf.truncate(len);
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_as_rfc_7292_encodes_them() {
        assert_eq!(*bmp_password(None), Vec::<u8>::new());
        assert_eq!(*bmp_password(Some(b"")), vec![0, 0]);
        assert_eq!(*bmp_password(Some(b"ab")), vec![0, b'a', 0, b'b', 0, 0]);
        assert_eq!(*bmp_password(Some("ä".as_bytes())), vec![0, 0xe4, 0, 0]);
        // Outside the BMP: a surrogate pair, as OpenSSL writes it.
        assert_eq!(
            *bmp_password(Some("😀".as_bytes())),
            vec![0xd8, 0x3d, 0xde, 0x00, 0, 0]
        );
        // Not UTF-8: a byte a character.
        assert_eq!(*bmp_password(Some(&[0xe9])), vec![0, 0xe9, 0, 0]);
    }

    /// The KDF against OpenSSL's own (`openssl kdf PKCS12KDF`, given the BMPString
    /// password as hex): each purpose, SHA-1 (64-byte blocks), SHA-256, SHA-512
    /// (128-byte blocks), SM3, one and many iterations, outputs over one hash long.
    #[test]
    fn kdf_equals_openssls_pkcs12kdf() {
        fn hex(b: &[u8]) -> String {
            b.iter().map(|x| format!("{x:02X}")).collect()
        }
        let salt = [0x0a, 0x58, 0xcf, 0x64, 0x53, 0x0d, 0x82, 0x3f];
        let mut checked = 0;
        for (password, purpose, iterations, n) in [
            (&b"smeg"[..], Purpose::Key, 1u32, 24usize),
            (&b"smeg"[..], Purpose::Iv, 1, 8),
            ("pässwörd-密码".as_bytes(), Purpose::Mac, 2048, 20),
            (&b"queeg"[..], Purpose::Key, 1000, 70),
        ] {
            let bmp = bmp_password(Some(password));
            for (digest, ours) in [
                (
                    "SHA1",
                    kdf::<sha1::Sha1>(&bmp, &salt, purpose, iterations, n, 64),
                ),
                (
                    "SHA256",
                    kdf::<sha2::Sha256>(&bmp, &salt, purpose, iterations, n, 64),
                ),
                (
                    "SHA512",
                    kdf::<sha2::Sha512>(&bmp, &salt, purpose, iterations, n, 128),
                ),
                (
                    "SM3",
                    kdf::<sm3::Sm3>(&bmp, &salt, purpose, iterations, n, 64),
                ),
            ] {
                let o = std::process::Command::new("openssl")
                    .args([
                        "kdf",
                        "-keylen",
                        &n.to_string(),
                        "-kdfopt",
                        &format!("digest:{digest}"),
                        "-kdfopt",
                        &format!("hexpass:{}", hex(&bmp)),
                        "-kdfopt",
                        &format!("hexsalt:{}", hex(&salt)),
                        "-kdfopt",
                        &format!("iter:{iterations}"),
                        "-kdfopt",
                        &format!("id:{}", purpose as u8),
                        "PKCS12KDF",
                    ])
                    .output()
                    .expect("openssl runs");
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
                let theirs: String = String::from_utf8_lossy(&o.stdout).trim().replace(':', "");
                assert_eq!(hex(&ours), theirs, "{digest} {purpose:?} {iterations} {n}");
                checked += 1;
            }
        }
        assert_eq!(checked, 16);
    }
}
