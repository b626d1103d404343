//! What one file holds for inspection: a CSR; a certificate or several (a PEM bundle such
//! as a `fullchain.pem` or a CA bundle, every one read, in the file's order; a PKCS#12
//! bundle's certificate and then its chain); and the private key a PKCS#12 bundle
//! carries, or a PEM file holds beside its certificates (HAProxy's and nginx's combined
//! `cert + chain + key` files).
//!
//! ```
//! use csrkit::contents::Contents;
//! // A `.pfx` as `openssl pkcs12 -export` writes it: an RSA key, its certificate and the
//! // CA, password `csrkit-P12-pass` (one of the crate's test vectors).
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/pkcs12/");
//! let p12 = std::fs::read(format!("{dir}openssl-rsa2048-aes256.p12"))?;
//! let c = Contents::from_bytes(&p12, Some(&b"csrkit-P12-pass".into()))?;
//! assert_eq!(c.objects.len(), 2); // the certificate, then its CA
//! assert!(c.key.is_some());
//! let leaf = c.certificates().next().unwrap();
//! assert_eq!(c.issuer_of(leaf).unwrap().subject(), c.certificates().nth(1).unwrap().subject());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::cert::{CertInfo, Parsed, ParsedCert};
use crate::csr::CsrInfo;
use crate::error::{Error, Pkcs12Problem, Result};
use crate::input::{self, Label, Limits};
use crate::keys::{KeyInfo, Password, Passwords, Pkcs12Bundle, PrivateKey};

/// The API fields of one object of a file ([`Contents::inspect`], [`Inspectable::inspect`]):
/// a CSR's or a certificate's JSON, or a private key's facts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Inspected {
    /// A CSR.
    Csr(CsrInfo),
    /// A certificate.
    Cert(CertInfo),
    /// A private key alone (`"Kind": "KEY"`).
    Key(KeyInfo),
}

/// What one file holds for `inspect`: CSRs and certificates, or a private key alone.
///
/// ```
/// use csrkit::contents::{Inspectable, Inspected};
/// // Files OpenSSL wrote (the crate's test vectors): an RSA key encrypted by
/// // `openssl pkcs8 -topk8 -v2 des3` with the password `csrkit-key-pass`, and a CSR.
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/");
/// let key = std::fs::read(format!("{dir}keyenc/rsa2048-pbes2-des3.pem"))?;
/// let Inspectable::Key(info) = Inspectable::from_bytes(&key, Some(&b"csrkit-key-pass".into()))? else {
///     panic!("a key")
/// };
/// assert_eq!((info.key_size, info.encrypted), (2048, true));
/// assert!(matches!(Inspectable::from_bytes(&key, None), Err(csrkit::Error::PasswordRequired(_))));
/// let csr = std::fs::read(format!("{dir}csr/p256-sha256.pem"))?;
/// assert!(matches!(Inspectable::from_bytes(&csr, None)?, Inspectable::Objects(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub enum Inspectable {
    /// CSRs and certificates ([`Contents::from_bytes`]).
    Objects(Contents),
    /// A private key alone, in any form [`PrivateKey::from_bytes_with_password`] reads
    /// (a PKCS#12 bundle that holds a key and no certificate too).
    Key(KeyInfo),
}

impl Inspectable {
    /// Reads a file's CSRs and certificates, or, when it holds none and is a private key
    /// ([`crate::keys::is_private_key`]), that key with `password`: a key's own errors
    /// (password required, wrong password, unsupported encryption) are reported for a
    /// key file, the CSR and certificate reader's for anything else.
    pub fn from_bytes(bytes: &[u8], password: Option<&Password>) -> Result<Self> {
        match Contents::from_bytes(bytes, password) {
            Ok(c) => Ok(Inspectable::Objects(c)),
            Err(e) => {
                if crate::keys::is_private_key(bytes) {
                    Ok(Inspectable::Key(KeyInfo::from_bytes(bytes, password)?))
                } else {
                    Err(e)
                }
            }
        }
    }

    /// The API fields of every object, as [`Contents::inspect`] gives them; a key's facts.
    pub fn inspect(
        &self,
        key: Option<&PrivateKey>,
        issuers: &[ParsedCert],
        name: Option<&str>,
    ) -> Result<Vec<Inspected>> {
        match self {
            Inspectable::Objects(c) => c.inspect(key, issuers, name),
            Inspectable::Key(info) => Ok(vec![Inspected::Key(info.clone())]),
        }
    }
}

/// The CSRs and certificates of one file, in order, and a PKCS#12 bundle's key.
#[derive(Debug)]
pub struct Contents {
    /// In the file's order; a PKCS#12 bundle's certificate (the key's) first.
    pub objects: Vec<Parsed>,
    /// The private key of a PKCS#12 bundle, or of a PEM file that holds one beside its
    /// certificates.
    pub key: Option<PrivateKey>,
    /// Why a PEM file's private key block was not read or kept (an encrypted key without
    /// its password, the key of none of the file's certificates); the certificates are
    /// read all the same.
    pub key_problem: Option<Error>,
}

impl Contents {
    /// Reads PEM (every `CERTIFICATE`, `CERTIFICATE REQUEST` block, and a private key
    /// beside certificates), DER, or a PKCS#12 bundle (opened with `password`; `None` for
    /// one with no password).
    ///
    /// ```
    /// use csrkit::contents::Contents;
    /// // A certificate, then its key as legacy encrypted PEM (`openssl rsa -aes256 -traditional`).
    /// let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/keyenc/haproxy-rsa2048-legacy-aes256.pem"))?;
    /// let c = Contents::from_bytes(&pem, Some(&b"csrkit-key-pass".into()))?;
    /// assert!(c.key_matches(&c.objects[0]));
    /// assert!(Contents::from_bytes(&pem, None)?.key.is_none()); // locked: certificates only
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_bytes(bytes: &[u8], password: Option<&Password>) -> Result<Self> {
        Self::from_bytes_with(bytes, password, &Limits::DEFAULT)
    }

    /// [`Contents::from_bytes`] with explicit [`Limits`].
    pub fn from_bytes_with(
        bytes: &[u8],
        password: Option<&Password>,
        limits: &Limits,
    ) -> Result<Self> {
        limits.check_size(bytes.len())?;
        if crate::keys::is_pkcs12(bytes) {
            let bundle = Pkcs12Bundle::from_der(bytes, password)?;
            let objects = bundle
                .ordered()
                .into_iter()
                .map(|c| ParsedCert::from_der_with(&c.der, limits).map(Parsed::Cert))
                .collect::<Result<Vec<_>>>()?;
            if objects.is_empty() {
                return Err(Error::Pkcs12(Pkcs12Problem::NoCertificate));
            }
            let key = match bundle.leaf() {
                Some(_) => bundle.into_key().ok(),
                None => None,
            };
            return Ok(Contents {
                objects,
                key,
                key_problem: None,
            });
        }
        let blocks = input::decode_all_with_limit(
            bytes,
            &[Label::CertificateRequest, Label::Certificate],
            limits.max_input,
        )?;
        let objects = blocks
            .into_iter()
            .map(|b| Parsed::from_block(b, limits))
            .collect::<Result<Vec<_>>>()?;
        // A key beside certificates is kept when it is the key of one of them (as a
        // bundle's); one that does not open, or is another's, says why in `key_problem`.
        let (key, key_problem) = match key_block(bytes) {
            None => (None, None),
            Some(block) => match PrivateKey::from_bytes_with_password(block, password) {
                Ok(k) => keep_key(&objects, k),
                Err(e) => (None, Some(e)),
            },
        };
        Ok(Contents {
            objects,
            key,
            key_problem,
        })
    }

    /// Reads a file as [`Contents::from_bytes`] does, opening what is encrypted with
    /// `passwords` (each tried in turn on `path`, as [`Passwords::open`] tries them): a
    /// PKCS#12 bundle, which is an error when none opens it, or the private key of a PEM
    /// file that holds one beside its certificates, whose certificates are read all the
    /// same when none opens it (`key_problem` then says why: the password required, or the
    /// last one tried wrong). One key derivation per password tried.
    ///
    /// ```
    /// use csrkit::contents::Contents;
    /// use csrkit::keys::{Password, Passwords};
    /// let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"),
    ///     "/vectors/keyenc/haproxy-rsa2048-legacy-aes256.pem"));
    /// let pem = std::fs::read(path)?;
    /// let two = Passwords::new([Password::from("not this one"), Password::from("csrkit-key-pass")]);
    /// assert!(Contents::open(&pem, path, &two)?.key.is_some());
    /// let wrong = Contents::open(&pem, path, &Passwords::from(Password::from("nope")))?;
    /// assert_eq!(wrong.objects.len(), 1); // the certificate, read all the same
    /// assert!(matches!(wrong.key_problem, Some(csrkit::Error::WrongPassword(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(bytes: &[u8], path: &std::path::Path, passwords: &Passwords) -> Result<Self> {
        if crate::keys::is_pkcs12(bytes) {
            return passwords.open(path, |pw| Self::from_bytes(bytes, pw));
        }
        let mut c = Self::from_bytes(bytes, None)?;
        if matches!(c.key_problem, Some(Error::PasswordRequired(_)))
            && let Some(block) = key_block(bytes)
        {
            match passwords.open(path, |pw| PrivateKey::from_bytes_with_password(block, pw)) {
                Ok(k) => (c.key, c.key_problem) = keep_key(&c.objects, k),
                Err(e) => c.key_problem = Some(e),
            }
        }
        Ok(c)
    }

    /// The certificates, in order.
    pub fn certificates(&self) -> impl Iterator<Item = &ParsedCert> {
        self.objects.iter().filter_map(|o| match o {
            Parsed::Cert(c) => Some(c),
            Parsed::Csr(_) => None,
        })
    }

    /// The certificate of this file that issued `cert` ([`ParsedCert::issuer_among`]).
    pub fn issuer_of(&self, cert: &ParsedCert) -> Option<&ParsedCert> {
        cert.issuer_among(self.certificates())
    }

    /// The API fields of every object, in order, as `csrkit inspect` shows them:
    /// `HasPrivateKey` for `key`, or when none is given for the bundle's own key; a
    /// certificate's signature checked by `issuers` ([`ParsedCert::verify_among`]; a
    /// self-signed one needs none); `name`, the UploadCsr name a CSR carries (checked by
    /// the caller, [`crate::csr::check_csr_name`]).
    ///
    /// ```
    /// use csrkit::contents::{Contents, Inspected};
    /// // A `.pfx` as `openssl pkcs12 -export` writes it: an RSA key, its certificate and the
    /// // CA, password `csrkit-P12-pass` (one of the crate's test vectors).
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/pkcs12/");
    /// let p12 = std::fs::read(format!("{dir}openssl-rsa2048-aes256.p12"))?;
    /// let c = Contents::from_bytes(&p12, Some(&b"csrkit-P12-pass".into()))?;
    /// let chain: Vec<_> = c.certificates().cloned().collect();
    /// let infos = c.inspect(None, &chain, None)?;
    /// let Inspected::Cert(leaf) = &infos[0] else { panic!("a certificate") };
    /// assert!(leaf.has_private_key);
    /// assert_eq!(leaf.signature_valid, Some(true)); // checked by the CA of the bundle
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn inspect(
        &self,
        key: Option<&PrivateKey>,
        issuers: &[ParsedCert],
        name: Option<&str>,
    ) -> Result<Vec<Inspected>> {
        self.objects
            .iter()
            .map(|object| {
                let has_key = match key {
                    Some(k) => object.public_key() == k.public_key(),
                    None => self.key_matches(object),
                };
                Ok(match object {
                    Parsed::Csr(c) => Inspected::Csr(c.info_with(&c.verify(), has_key, name)?),
                    Parsed::Cert(c) => {
                        Inspected::Cert(c.info_with(&c.verify_among(issuers), has_key)?)
                    }
                })
            })
            .collect()
    }

    /// True when `object` is the certificate of this file's key (a PKCS#12 bundle's, or a
    /// combined PEM file's).
    pub fn key_matches(&self, object: &Parsed) -> bool {
        self.key
            .as_ref()
            .is_some_and(|k| object.public_key() == k.public_key())
    }
}

/// The first private-key PEM block of a text that also holds certificates (BEGIN line to
/// END line, headers included: a legacy encrypted key keeps its `DEK-Info`).
/// A PEM file's key, kept when it is the key of one of the file's objects; the key
/// of another certificate is a mismatch naming both.
fn keep_key(objects: &[Parsed], k: PrivateKey) -> (Option<PrivateKey>, Option<Error>) {
    if objects.iter().any(|o| o.public_key() == k.public_key()) {
        return (Some(k), None);
    }
    match objects.iter().find(|o| matches!(o, Parsed::Cert(_))) {
        Some(first) => (
            None,
            Some(Error::key_mismatch(k.public_key(), first.public_key())),
        ),
        None => (Some(k), None),
    }
}

fn key_block(bytes: &[u8]) -> Option<&[u8]> {
    use memchr::memmem::find;
    for label in [
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
    ] {
        let begin = format!("-----BEGIN {label}-----");
        let end = format!("-----END {label}-----");
        if let Some(at) = find(bytes, begin.as_bytes()) {
            let rest = &bytes[at..];
            let stop = find(rest, end.as_bytes())? + end.len();
            return Some(&rest[..stop]);
        }
    }
    None
}
