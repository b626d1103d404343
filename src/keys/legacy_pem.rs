//! Legacy encrypted PEM: a PKCS#1 or SEC1 key (`RSA PRIVATE KEY`, `EC PRIVATE KEY`, `SM2
//! PRIVATE KEY`) whose body is encrypted as RFC 1421 headers declare, what OpenSSL 1.x
//! wrote for `openssl genrsa -aes256` and OpenSSL 3 writes with `-traditional`:
//!
//! ```text
//! -----BEGIN RSA PRIVATE KEY-----
//! Proc-Type: 4,ENCRYPTED
//! DEK-Info: AES-256-CBC,10C9743DA68E456BB14C511C219BB551
//!
//! base64 of the key's DER, encrypted in CBC mode with PKCS#7 padding
//! -----END RSA PRIVATE KEY-----
//! ```
//!
//! The key is OpenSSL's `EVP_BytesToKey` with MD5 and one iteration: `D_1 = MD5(password
//! || salt)`, `D_i = MD5(D_(i-1) || password || salt)`, concatenated to the cipher's key
//! length, the salt being the IV's first 8 bytes. The ciphers read are those OpenSSL's
//! `-des`, `-des3`, `-aes128`, `-aes192` and `-aes256` write. There is no MAC: a wrong
//! password shows as bad padding or a plaintext that is not DER.

use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
use md5::Digest;
use zeroize::Zeroizing;

use crate::error::{Error, PemProblem, Result, Secured};

/// The `DEK-Info` ciphers read (all in CBC mode, as their names say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)]
enum Cipher {
    DesCbc,
    DesEde3Cbc,
    Aes128Cbc,
    Aes192Cbc,
    Aes256Cbc,
}

impl Cipher {
    fn from_name(name: &str) -> Option<Self> {
        // OpenSSL looks the name up case-insensitively.
        Some(match name.to_ascii_uppercase().as_str() {
            "DES-CBC" => Cipher::DesCbc,
            "DES-EDE3-CBC" => Cipher::DesEde3Cbc,
            "AES-128-CBC" => Cipher::Aes128Cbc,
            "AES-192-CBC" => Cipher::Aes192Cbc,
            "AES-256-CBC" => Cipher::Aes256Cbc,
            _ => return None,
        })
    }

    fn key_len(self) -> usize {
        match self {
            Cipher::DesCbc => 8,
            Cipher::DesEde3Cbc | Cipher::Aes192Cbc => 24,
            Cipher::Aes128Cbc => 16,
            Cipher::Aes256Cbc => 32,
        }
    }

    /// The block, and so the IV, length.
    fn block_len(self) -> usize {
        match self {
            Cipher::DesCbc | Cipher::DesEde3Cbc => 8,
            _ => 16,
        }
    }
}

/// The encryption a block's headers declare.
#[derive(Debug)]
pub(super) struct DekInfo {
    cipher: Cipher,
    iv: Vec<u8>,
}

/// The encryption `headers` declare: `None` for a block without `Proc-Type: 4,ENCRYPTED`
/// (and no other header). [`PemProblem::DekInfo`] for a malformed `DEK-Info`,
/// [`PemProblem::UnsupportedCipher`] for a cipher not read, [`PemProblem::Headers`] for
/// headers that are not legacy encryption's.
pub(super) fn dek_info(headers: &[(String, String)]) -> Result<Option<DekInfo>> {
    let Some(((name, proc_type), rest)) = headers.split_first() else {
        return Ok(None);
    };
    let encrypted = name.eq_ignore_ascii_case("Proc-Type")
        && proc_type.split(',').map(str::trim).eq(["4", "ENCRYPTED"]);
    if !encrypted {
        return Err(Error::Pem(PemProblem::Headers));
    }
    let dek = rest
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("DEK-Info"))
        .map(|(_, v)| v.as_str())
        .ok_or(Error::Pem(PemProblem::DekInfo))?;
    let (name, iv_hex) = match dek.split_once(',') {
        Some((name, iv)) => (name.trim(), iv.trim()),
        None => (dek.trim(), ""),
    };
    let cipher = Cipher::from_name(name)
        .ok_or_else(|| Error::Pem(PemProblem::UnsupportedCipher(name.to_string())))?;
    let iv = base16ct::mixed::decode_vec(iv_hex).map_err(|_| Error::Pem(PemProblem::DekInfo))?;
    if iv.len() != cipher.block_len() {
        return Err(Error::Pem(PemProblem::DekInfo));
    }
    Ok(Some(DekInfo { cipher, iv }))
}

/// OpenSSL's `EVP_BytesToKey(cipher, EVP_md5(), salt, password, count = 1)`: `len` key
/// bytes, zeroized on drop.
fn bytes_to_key(password: &[u8], salt: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len + 16));
    while out.len() < len {
        let mut md = md5::Md5::new();
        if out.len() >= 16 {
            md.update(&out[out.len() - 16..]);
        }
        md.update(password);
        md.update(salt);
        out.extend_from_slice(&md.finalize());
    }
    out.truncate(len);
    out
}

/// Decrypts the body of a legacy encrypted PEM key into its DER (zeroized on drop).
///
/// Errors: [`Error::WrongPassword`] for a wrong password (bad padding, or a plaintext that is
/// not one DER SEQUENCE); [`PemProblem::Truncated`] when the body is not whole blocks, or
/// decrypts to the start of a key's SEQUENCE longer than what is there (a body cut short).
pub(super) fn decrypt(info: &DekInfo, password: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let block = info.cipher.block_len();
    if data.is_empty() || !data.len().is_multiple_of(block) {
        return Err(Error::Pem(PemProblem::Truncated));
    }
    let key = bytes_to_key(password, &info.iv[..8], info.cipher.key_len());
    let mut buf = Zeroizing::new(data.to_vec());
    macro_rules! cbc {
        ($c:ty) => {
            cbc::Decryptor::<$c>::new_from_slices(&key, &info.iv)
                .map_err(|_| Error::WrongPassword(Secured::Key))?
                .decrypt_padded::<NoPadding>(&mut buf)
                .map_err(|_| Error::WrongPassword(Secured::Key))?
        };
    }
    match info.cipher {
        Cipher::DesCbc => cbc!(des::Des),
        Cipher::DesEde3Cbc => cbc!(des::TdesEde3),
        Cipher::Aes128Cbc => cbc!(aes::Aes128),
        Cipher::Aes192Cbc => cbc!(aes::Aes192),
        Cipher::Aes256Cbc => cbc!(aes::Aes256),
    };
    match unpadded_len(&buf, block) {
        Some(len) if is_one_sequence(&buf[..len]) => {
            buf.truncate(len);
            Ok(buf)
        }
        _ if is_cut_key(&buf) => Err(Error::Pem(PemProblem::Truncated)),
        _ => Err(Error::WrongPassword(Secured::Key)),
    }
}

/// The length without its PKCS#7 padding, when the padding is well formed.
fn unpadded_len(buf: &[u8], block: usize) -> Option<usize> {
    let n = usize::from(*buf.last()?);
    if n == 0 || n > block || n > buf.len() {
        return None;
    }
    let len = buf.len() - n;
    buf[len..]
        .iter()
        .all(|&b| usize::from(b) == n)
        .then_some(len)
}

/// True when `der` is one whole DER SEQUENCE.
fn is_one_sequence(der: &[u8]) -> bool {
    use der::Decode;
    der.first() == Some(&0x30) && der::AnyRef::from_der(der).is_ok()
}

/// True when `plain` starts as a PKCS#1 or SEC1 key does (a SEQUENCE whose first element
/// is the version INTEGER 0 or 1) and its SEQUENCE is longer than `plain`: the right
/// password on a body cut short. A wrong password makes these seven bytes by chance about
/// once in 2^40.
fn is_cut_key(plain: &[u8]) -> bool {
    let (len, header) = match plain {
        [0x30, 0x82, a, b, ..] => (usize::from(*a) << 8 | usize::from(*b), 4),
        [0x30, 0x81, a, ..] if *a >= 0x80 => (usize::from(*a), 3),
        [0x30, a, ..] if *a < 0x80 => (usize::from(*a), 2),
        _ => return false,
    };
    let version = plain.get(header..header + 3);
    matches!(version, Some([0x02, 0x01, 0x00 | 0x01])) && header + len > plain.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `EVP_BytesToKey` against OpenSSL's own: `openssl enc -P` prints the key and IV it
    /// derives with `-md md5 -S SALT` (one iteration, no PBKDF2).
    #[test]
    fn bytes_to_key_equals_openssls() {
        let salt = [0x10, 0xc9, 0x74, 0x3d, 0xa6, 0x8e, 0x45, 0x6b];
        for (cipher, len) in [
            ("-des-cbc", 8),
            ("-aes-128-cbc", 16),
            ("-des-ede3-cbc", 24),
            ("-aes-256-cbc", 32),
        ] {
            let o = std::process::Command::new("openssl")
                .args([
                    "enc",
                    cipher,
                    "-md",
                    "md5",
                    "-S",
                    "10C9743DA68E456B",
                    "-pass",
                    "pass:pässwörd",
                    "-P",
                    "-provider",
                    "legacy",
                    "-provider",
                    "default",
                ])
                .output()
                .expect("openssl runs");
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let text = String::from_utf8_lossy(&o.stdout);
            let theirs = text
                .lines()
                .find_map(|l| l.strip_prefix("key="))
                .expect("openssl enc -P prints key=");
            let ours = bytes_to_key("pässwörd".as_bytes(), &salt, len);
            assert_eq!(
                base16ct::upper::encode_string(&ours),
                theirs.trim(),
                "{cipher}"
            );
        }
    }

    #[test]
    fn dek_info_is_parsed_strictly() {
        let h = |v: &str| {
            vec![
                ("Proc-Type".to_string(), "4,ENCRYPTED".to_string()),
                ("DEK-Info".to_string(), v.to_string()),
            ]
        };
        let ok = dek_info(&h("AES-128-CBC,000102030405060708090A0B0C0D0E0F"))
            .unwrap()
            .unwrap();
        assert_eq!(ok.cipher, Cipher::Aes128Cbc);
        assert_eq!(ok.iv.len(), 16);
        assert!(dek_info(&[]).unwrap().is_none());
        for bad in [
            "AES-128-CBC,ZZ0102030405060708090A0B0C0D0E0F",
            "AES-128-CBC,0001020304050607",
            "AES-128-CBC",
            "DES-CBC,000102030405060708",
        ] {
            assert!(
                matches!(dek_info(&h(bad)), Err(Error::Pem(PemProblem::DekInfo))),
                "{bad}"
            );
        }
        assert!(matches!(
            dek_info(&h("CAMELLIA-256-CBC,000102030405060708090A0B0C0D0E0F")),
            Err(Error::Pem(PemProblem::UnsupportedCipher(n))) if n == "CAMELLIA-256-CBC"
        ));
        let no_dek = vec![("Proc-Type".to_string(), "4,ENCRYPTED".to_string())];
        assert!(matches!(
            dek_info(&no_dek),
            Err(Error::Pem(PemProblem::DekInfo))
        ));
        let other = vec![("Comment".to_string(), "x".to_string())];
        assert!(matches!(
            dek_info(&other),
            Err(Error::Pem(PemProblem::Headers))
        ));
    }
}
