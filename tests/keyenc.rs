//! Encrypted private keys as OpenSSL writes them besides PBES2 + AES (`vectors/keyenc/`,
//! made by `vectors/make_keyenc.py`): every one read with its password to the key whose
//! `KeySha2` and size OpenSSL reports; a wrong password, no password and each kind of
//! broken or unsupported file give their typed error.

mod common;

use std::path::Path;

use common::*;
use csrkit::Error;
use csrkit::error::AlgorithmRole;
use csrkit::keys::{Password, PrivateKey};
use serde_json::Value;

/// The library's wrong-password error for an encrypted key.
fn is_wrong_password(e: &Error) -> bool {
    matches!(e, Error::WrongPassword(_))
}

fn read(path: &Path, password: Option<&str>) -> Result<PrivateKey, Error> {
    let bytes = std::fs::read(path).unwrap();
    PrivateKey::from_bytes_with_password(&bytes, password.map(Password::from).as_ref())
}

/// The vectors of `format` that OpenSSL reads (no `Expect`).
fn good(format: &str) -> Vec<(std::path::PathBuf, Value)> {
    let v: Vec<_> = sidecars("keyenc")
        .into_iter()
        .filter(|(_, j)| j["Format"] == format && j.get("Expect").is_none())
        .collect();
    assert!(!v.is_empty(), "no {format} vectors");
    v
}

fn check_good(path: &Path, j: &Value) {
    let pw = j["Password"].as_str().unwrap();
    assert_eq!(
        j["OpenSSLReadsWithLegacyProvider"],
        true,
        "{}: OpenSSL reads it",
        path.display()
    );
    let key = read(path, Some(pw)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        key.public_key().key_sha2(),
        j["KeySha2"].as_str().unwrap(),
        "{}",
        path.display()
    );
    assert_eq!(
        u64::from(key.public_key().key_size()),
        j["KeySize"].as_u64().unwrap(),
        "{}",
        path.display()
    );
    assert_eq!(
        key.key_type().to_string(),
        j["Algorithm"].as_str().unwrap(),
        "{}",
        path.display()
    );
    // OpenSSL refuses the wrong password; so does csrkit, with its wrong-password error.
    assert_eq!(j["OpenSSLReadsWrongPassword"], false);
    let e = read(path, Some(&format!("not-{pw}"))).unwrap_err();
    assert!(is_wrong_password(&e), "{}: {e:?}", path.display());
    let e = read(path, None).unwrap_err();
    assert!(
        matches!(e, Error::PasswordRequired(_)),
        "{}: {e:?}",
        path.display()
    );
}

/// PBES2 with DES-EDE3-CBC and DES-CBC, and the PKCS#12 PBE schemes (3-key and 2-key
/// 3DES, 40- and 128-bit RC2), PEM and DER, an ASCII and a UTF-8 password.
#[test]
fn encrypted_pkcs8_of_every_scheme_openssl_writes() {
    let all = good("PKCS#8");
    let schemes: std::collections::BTreeSet<&str> = all
        .iter()
        .map(|(_, j)| j["Scheme"].as_str().unwrap())
        .collect();
    for scheme in [
        "PBES2 PBKDF2-HMAC-SHA256 DES-EDE3-CBC",
        "PBES2 PBKDF2-HMAC-SHA256 DES-CBC",
        "pbeWithSHA1And3-KeyTripleDES-CBC",
        "pbeWithSHA1And2-KeyTripleDES-CBC",
        "pbeWithSHA1And40BitRC2-CBC",
        "pbeWithSHA1And128BitRC2-CBC",
    ] {
        assert!(schemes.contains(scheme), "a vector of {scheme}");
    }
    for (path, j) in &all {
        check_good(path, j);
    }
}

/// What `cryptography` reads, csrkit reads: the two keys (`-v2 des3`, `-v1
/// PBE-SHA1-3DES`) are among them.
#[test]
fn the_keys_cryptography_reads_are_read() {
    for name in ["rsa2048-pbes2-des3", "rsa2048-pbe-sha1-3des"] {
        let path = vectors().join(format!("keyenc/{name}.pem"));
        let j: Value =
            serde_json::from_slice(&std::fs::read(path.with_extension("json")).unwrap()).unwrap();
        assert_eq!(j["CryptographyReads"], true, "{name}");
        check_good(&path, &j);
    }
}

/// PKCS#5 v1.5 PBES1 (MD5 or SHA-1 with DES): unsupported, naming the scheme's OID, with
/// or without a password; never a DER error.
#[test]
fn pbes1_is_an_unsupported_key_encryption_naming_it() {
    let v: Vec<_> = sidecars("keyenc")
        .into_iter()
        .filter(|(_, j)| j["Expect"] == "UnsupportedAlgorithm")
        .collect();
    assert_eq!(v.len(), 2);
    for (path, j) in v {
        let oid = j["SchemeOid"].as_str().unwrap();
        for pw in [Some(j["Password"].as_str().unwrap()), None] {
            match read(&path, pw) {
                Err(e @ Error::UnsupportedAlgorithm { .. }) => {
                    let Error::UnsupportedAlgorithm { role, oid: got } = &e else {
                        unreachable!()
                    };
                    assert_eq!(*role, AlgorithmRole::KeyEncryption);
                    assert_eq!(got.to_string(), oid, "{}", path.display());
                    // The message names it, as OpenSSL does (`pbeWithMD5AndDES-CBC`).
                    let shown = j["Scheme"].as_str().unwrap();
                    assert!(
                        e.to_string().to_lowercase().contains(&shown.to_lowercase()),
                        "{e} names {shown}"
                    );
                }
                other => panic!("{}: {other:?}", path.display()),
            }
        }
    }
}

/// A flipped byte in the middle of a 3DES ciphertext under the right password: the
/// padding or the structure fails, and it is the wrong-password error (no scheme here has
/// a MAC to tell the two apart), never a panic or a key.
#[test]
fn a_corrupt_ciphertext_is_refused() {
    for name in ["p256-pbes2-des3-der.der"] {
        let path = vectors().join("keyenc").join(name);
        let mut der = std::fs::read(&path).unwrap();
        let n = der.len();
        for at in [n - 1, n - 9] {
            der[at] ^= 0x01;
            let e = PrivateKey::from_bytes_with_password(&der, Some(&b"csrkit-key-pass".into()))
                .unwrap_err();
            assert!(is_wrong_password(&e), "{name} byte {at}: {e:?}");
            der[at] ^= 0x01;
        }
        assert!(
            PrivateKey::from_bytes_with_password(&der, Some(&b"csrkit-key-pass".into())).is_ok()
        );
    }
}

/// Legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`, `DEK-Info`) as `openssl rsa
/// -traditional` and `openssl ec` write it: DES-CBC, DES-EDE3-CBC, AES-128/192/256-CBC;
/// RSA, P-256, P-384 and SM2 (`SM2 PRIVATE KEY`); an ASCII and a UTF-8 password; and the
/// key of a HAProxy-style file (the certificate, then its key), which is that
/// certificate's key.
#[test]
fn legacy_encrypted_pem_of_every_cipher_and_key() {
    let all = good("legacy PEM");
    let seen: std::collections::BTreeSet<(String, String)> = all
        .iter()
        .map(|(_, j)| {
            (
                j["Scheme"].as_str().unwrap().to_string(),
                j["Algorithm"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for cipher in [
        "DES-CBC",
        "DES-EDE3-CBC",
        "AES-128-CBC",
        "AES-192-CBC",
        "AES-256-CBC",
    ] {
        assert!(
            seen.iter().any(|(c, _)| c == cipher),
            "a vector of {cipher}"
        );
    }
    for alg in ["RSA", "ECC", "SM2"] {
        assert!(seen.iter().any(|(_, a)| a == alg), "a vector of {alg}");
    }
    for (path, j) in &all {
        check_good(path, j);
        assert!(
            csrkit::keys::is_encrypted_key(&std::fs::read(path).unwrap()),
            "{}",
            path.display()
        );
        // Without a password the public half is not known either: password required,
        // never "not a key".
        let e = csrkit::keys::public_key_of_private(&std::fs::read(path).unwrap()).unwrap_err();
        assert!(matches!(e, Error::PasswordRequired(_)), "{e:?}");
    }
    let (path, j) = all
        .iter()
        .find(|(p, _)| p.ends_with("haproxy-rsa2048-legacy-aes256.pem"))
        .unwrap();
    let key = read(path, Some("csrkit-key-pass")).unwrap();
    assert_eq!(
        key.public_key().key_sha2(),
        j["CertificateKeySha2"].as_str().unwrap()
    );
}

/// Legacy PEM as cloud APIs carry PEM inside JSON strings: literal `\n` escapes.
#[test]
fn legacy_pem_with_escaped_newlines() {
    let path = vectors().join("keyenc/p384-legacy-aes256.pem");
    let j: Value =
        serde_json::from_slice(&std::fs::read(path.with_extension("json")).unwrap()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    for escaped in [text.replace('\n', "\\n"), text.replace('\n', "\\r\\n")] {
        let key = PrivateKey::from_bytes_with_password(
            escaped.as_bytes(),
            Some(&b"csrkit-key-pass".into()),
        )
        .unwrap();
        assert_eq!(key.public_key().key_sha2(), j["KeySha2"].as_str().unwrap());
    }
}

/// Broken legacy PEM, each with its typed error, whatever the password: the file cut in
/// half (no END line), body lines removed (the key decrypts to the start of a longer
/// SEQUENCE), an IV that is not hex, an IV of the wrong length, no IV; and a cipher
/// csrkit does not read (CAMELLIA-256-CBC, which OpenSSL wrote), named.
#[test]
fn broken_legacy_pem_gives_its_typed_error() {
    use csrkit::error::PemProblem;
    let v: Vec<_> = sidecars("keyenc")
        .into_iter()
        .filter(|(_, j)| j["Format"] == "legacy PEM" && j.get("Expect").is_some())
        .collect();
    assert_eq!(v.len(), 6);
    for (path, j) in v {
        let expect = j["Expect"].as_str().unwrap();
        for pw in [Some("csrkit-key-pass"), Some("wrong"), None] {
            let e = read(&path, pw).unwrap_err();
            let ok = match expect {
                "Pem(MissingEnd)" => matches!(e, Error::Pem(PemProblem::MissingEnd)),
                "Pem(DekInfo)" => matches!(e, Error::Pem(PemProblem::DekInfo)),
                "UnsupportedCipher" => {
                    matches!(&e, Error::Pem(PemProblem::UnsupportedCipher(n)) if n == "CAMELLIA-256-CBC")
                }
                // Cut short: said so with the right password; a wrong one cannot tell
                // (no MAC), and no password asks for one.
                "Pem(Truncated)" => match pw {
                    Some("csrkit-key-pass") => matches!(e, Error::Pem(PemProblem::Truncated)),
                    Some(_) => is_wrong_password(&e),
                    None => matches!(e, Error::PasswordRequired(_)),
                },
                other => panic!("unknown expectation {other}"),
            };
            assert!(ok, "{} with {pw:?}: {e:?}", path.display());
        }
        // OpenSSL refuses every broken one too; the CAMELLIA key it reads.
        assert_eq!(
            j["OpenSSLReads"],
            expect == "UnsupportedCipher",
            "{}",
            path.display()
        );
    }
}

/// A body that is not whole cipher blocks is truncated; headers on a CSR or certificate
/// are still refused; other headers on a key too.
#[test]
fn legacy_pem_edges() {
    use csrkit::error::PemProblem;
    let text = std::fs::read_to_string(vectors().join("keyenc/p256-legacy-aes128.pem")).unwrap();
    // One base64 quantum (3 bytes) less: not whole AES blocks.
    let lines: Vec<&str> = text.lines().collect();
    let last_body = lines.len() - 2;
    let mut cut = lines.clone();
    let shorter = &lines[last_body][..lines[last_body].len() - 4];
    cut[last_body] = shorter;
    let e = PrivateKey::from_bytes_with_password(cut.join("\n").as_bytes(), Some(&b"x".into()))
        .unwrap_err();
    assert!(matches!(e, Error::Pem(PemProblem::Truncated)), "{e:?}");

    let other = text.replace("Proc-Type: 4,ENCRYPTED", "Comment: hello");
    let e = PrivateKey::from_bytes_with_password(other.as_bytes(), Some(&b"x".into())).unwrap_err();
    assert!(matches!(e, Error::Pem(PemProblem::Headers)), "{e:?}");

    let csr = std::fs::read_to_string(vectors().join("csr/p256-sha256.pem")).unwrap();
    let with_headers = csr.replacen(
        "-----BEGIN CERTIFICATE REQUEST-----\n",
        "-----BEGIN CERTIFICATE REQUEST-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,000102030405060708090A0B0C0D0E0F\n\n",
        1,
    );
    let e = csrkit::csr::ParsedCsr::from_bytes(with_headers.as_bytes()).unwrap_err();
    assert!(matches!(e, Error::Pem(PemProblem::Headers)), "{e:?}");
}

/// `KeyInfo` of every encrypted vector: the form and the facts OpenSSL reports, and
/// `Encrypted`; the HAProxy file's key is a legacy PEM key too.
#[test]
fn key_info_of_every_encrypted_vector() {
    use csrkit::keys::{KeyFileFormat, KeyInfo};
    for format in ["PKCS#8", "legacy PEM"] {
        for (path, j) in good(format) {
            let bytes = std::fs::read(&path).unwrap();
            assert!(csrkit::keys::is_private_key(&bytes), "{}", path.display());
            let info =
                KeyInfo::from_bytes(&bytes, Some(&j["Password"].as_str().unwrap().into())).unwrap();
            assert_eq!(info.key_sha2, j["KeySha2"].as_str().unwrap());
            assert_eq!(u64::from(info.key_size), j["KeySize"].as_u64().unwrap());
            assert!(info.encrypted);
            let expected = match format {
                "PKCS#8" => KeyFileFormat::Pkcs8,
                _ => KeyFileFormat::LegacyPem,
            };
            assert_eq!(info.format, expected, "{}", path.display());
            assert_eq!(
                serde_json::to_value(&info).unwrap()["Format"],
                j["Format"],
                "{}",
                path.display()
            );
        }
    }
}

/// Every prefix of the legacy PEM vectors, and a byte changed every few positions, read
/// with the right password: an error or a key, never a panic; a prefix that still holds
/// the whole body and its END line reads to the same key.
#[test]
fn legacy_pem_prefixes_and_flips_never_panic() {
    for (path, j) in good("legacy PEM") {
        let bytes = std::fs::read(&path).unwrap();
        let end = bytes.windows(9).rposition(|w| w == b"-----END ").unwrap();
        for n in 0..bytes.len() {
            let r =
                PrivateKey::from_bytes_with_password(&bytes[..n], Some(&b"csrkit-key-pass".into()));
            if n > end + 30 {
                let key = r.unwrap_or_else(|e| panic!("{} [..{n}]: {e}", path.display()));
                assert_eq!(key.public_key().key_sha2(), j["KeySha2"].as_str().unwrap());
            }
        }
        let mut flipped = bytes.clone();
        for at in (0..bytes.len()).step_by(5) {
            for bit in [0x01, 0x20, 0x80] {
                flipped[at] ^= bit;
                let _ = PrivateKey::from_bytes_with_password(
                    &flipped,
                    Some(&b"csrkit-key-pass".into()),
                );
                flipped[at] ^= bit;
            }
        }
    }
}

/// A PEM file of certificates and a key (HAProxy, nginx): the key is read with the
/// password when it is one of the certificates' keys, and left out otherwise (another
/// certificate's key, no password, a wrong one); the certificates are read either way.
#[test]
fn a_key_beside_its_certificate_in_one_pem() {
    use csrkit::contents::Contents;
    let haproxy =
        std::fs::read(vectors().join("keyenc/haproxy-rsa2048-legacy-aes256.pem")).unwrap();
    let c = Contents::from_bytes(&haproxy, Some(&b"csrkit-key-pass".into())).unwrap();
    assert_eq!(c.objects.len(), 1);
    assert!(c.key_matches(&c.objects[0]));
    for pw in [None, Some(Password::from("wrong"))] {
        let c = Contents::from_bytes(&haproxy, pw.as_ref()).unwrap();
        assert_eq!(c.objects.len(), 1);
        assert!(c.key.is_none());
    }
    let mut other = std::fs::read(vectors().join("cert/ecc-server-p256.pem")).unwrap();
    other.extend_from_slice(
        &std::fs::read(vectors().join("keyenc/rsa2048-legacy-aes256.pem")).unwrap(),
    );
    let c = Contents::from_bytes(&other, Some(&b"csrkit-key-pass".into())).unwrap();
    assert_eq!(c.objects.len(), 1);
    assert!(c.key.is_none());
}
