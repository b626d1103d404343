//! The one error type of csrkit.
//!
//! Every malformed, oversized or unsupported input, every value our rules refuse
//! and every failed file operation is a variant of [`Error`], so that a caller
//! can `match` on what went wrong and a person still reads a clear sentence.
//! Variants carry small context values (the field, the OID, the byte position),
//! never secret material.

use std::fmt;
use std::path::PathBuf;

use crate::oid::Oid;

/// Result alias used throughout csrkit.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// What went wrong. `#[non_exhaustive]`: new kinds of bad input get new variants.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input has no bytes (or only white space).
    #[error("input is empty")]
    Empty,

    /// The input is larger than the configured limit ([`crate::input::MAX_INPUT`] by default).
    #[error("input of at least {size} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input in bytes (or a lower bound when it was not read whole).
        size: u64,
        /// The limit in force.
        limit: u64,
    },

    /// An encrypted private key or a PKCS#12 bundle protected by a password was given
    /// without one (for a bundle: neither the absent nor the empty password opens it).
    #[error("{0} is protected by a password, and none was given")]
    PasswordRequired(Secured),

    /// The password given does not open the key or the bundle: the decryption fails its
    /// padding or gives no key (a key), or the MAC does not verify with it (a bundle). The
    /// one path for a wrong password, whatever holds the key. An encryption csrkit does
    /// not read is [`Error::UnsupportedAlgorithm`] instead, naming it.
    #[error("wrong password for {0}")]
    WrongPassword(Secured),

    /// The input holds more items of a kind than [`crate::input::Limits`] allows
    /// (SANs, subject attributes, extensions, CSR attributes).
    #[error("more than {limit} {what}: over the limit")]
    TooMany {
        /// What was counted.
        what: &'static str,
        /// The limit in force.
        limit: usize,
    },

    /// The PEM armour or its base64 body is malformed.
    #[error("bad PEM: {0}")]
    Pem(PemProblem),

    /// The input holds another kind of object than the one asked for
    /// (a private key where a CSR is expected, say).
    #[error("expected {expected}, found {found}")]
    WrongKind {
        /// What the caller asked for.
        expected: &'static str,
        /// What the input holds (a PEM label or a short description).
        found: String,
    },

    /// The DER structure does not decode.
    #[error("bad DER: {0}")]
    Der(DerProblem),

    /// A public-key, curve or signature algorithm csrkit does not support.
    #[error("unsupported {role} algorithm {oid}{}", name_suffix(.oid))]
    UnsupportedAlgorithm {
        /// Where the OID was found.
        role: AlgorithmRole,
        /// The OID, in dotted form when displayed.
        oid: Oid,
    },

    /// An RSA modulus outside the sizes csrkit reads (1024 to 16384 bits).
    #[error("RSA modulus of {bits} bits is outside the supported 1024 to 16384 bits")]
    KeySize {
        /// The modulus length in bits.
        bits: usize,
    },

    /// An RSA key too small for a CA: csrkit signs no CSR with it, and a CSR of it is not
    /// valid for upload or verification (inspection still reads it).
    #[error("RSA key of {bits} bits is too small: CAs refuse keys under {min} bits")]
    WeakKey {
        /// The modulus length in bits.
        bits: u32,
        /// The smallest size csrkit signs with.
        min: u32,
    },

    /// A request with an empty subject and no SAN: no CA can issue for it.
    #[error("the request has an empty subject and no SAN: there is nothing to certify")]
    EmptyRequest,

    /// A key that decodes but is not a valid key (point not on the curve, bad RSA parameters).
    #[error("invalid key: {0}")]
    InvalidKey(&'static str),

    /// A distinguished-name value our rules refuse.
    #[error("invalid {field}: {problem}")]
    InvalidName {
        /// The attribute, by its short name (`C`, `ST`, `L`, `O`, `OU`, `CN`, `emailAddress`).
        field: &'static str,
        /// What is wrong with it.
        problem: NameProblem,
    },

    /// A subject string (RFC 4514 or OpenSSL's `/C=…/CN=…`) that does not parse; the
    /// message names the attribute and the position.
    #[error("invalid distinguished name string: {0}")]
    Rfc4514(String),

    /// A subject alternative name our rules refuse.
    #[error("invalid SAN {value:?}: {problem}")]
    InvalidSan {
        /// The value as given.
        value: String,
        /// What is wrong with it.
        problem: &'static str,
    },

    /// A CSR name that breaks the UploadCsr rule (1–50 of `A–Z a–z 0–9 _ -`).
    #[error("invalid CSR name {0:?}: 1 to 50 characters of A-Z a-z 0-9 _ - are allowed")]
    InvalidCsrName(String),

    /// A request body (Huawei `distinguished_name` JSON, say) that does not deserialize.
    #[error("request body: {0}")]
    Request(String),

    /// An API body (a saved list response, say) that does not deserialize; the message
    /// names the key path that is wrong (`CsrList[0].KeySize: invalid type ...`).
    #[error("API body: {0}")]
    ApiBody(String),

    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Rng,

    /// Signing failed inside the crypto crate.
    #[error("signing failed")]
    Sign,

    /// A freshly signed CSR did not verify with its own public key (debug builds check this).
    #[error("internal error: the new CSR's signature does not verify")]
    SelfCheck,

    /// The signature of a CSR or certificate does not verify, or cannot be checked.
    #[error("signature not valid: {0}")]
    BadSignature(String),

    /// A private key that does not belong to the CSR or certificate: both keys named by
    /// their `KeySha2` (SHA-256 of the SubjectPublicKeyInfo), and the files where known.
    #[error("{}", key_mismatch_message(.0))]
    KeyMismatch(Box<KeyMismatch>),

    /// A CSR that its lint profile's error-level findings refuse (the ids, none of them
    /// allowed).
    #[error("refused: {} lint error(s) ({})", .0.len(), .0.join(", "))]
    LintRefused(Vec<String>),

    /// A file exists and would be overwritten.
    #[error("{} exists and is not overwritten", .0.display())]
    Exists(PathBuf),

    /// A PKCS#12 bundle that does not open, or does not hold what is asked of it.
    #[error("{0}")]
    Pkcs12(Pkcs12Problem),

    /// An I/O error on a named file.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// What a password protects, in [`Error::WrongPassword`] and [`Error::PasswordRequired`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Secured {
    /// An encrypted private key (PKCS#8 `ENCRYPTED PRIVATE KEY`, or legacy encrypted PEM).
    Key,
    /// A PKCS#12 bundle (`.p12`, `.pfx`): its MAC, or its encrypted bags.
    Pkcs12,
}

impl fmt::Display for Secured {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Secured::Key => "this encrypted private key",
            Secured::Pkcs12 => "this PKCS#12 bundle",
        })
    }
}

/// The two keys of an [`Error::KeyMismatch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMismatch {
    /// `KeySha2` of the private key's public half.
    pub key_sha2: String,
    /// `KeySha2` of the public key it was held against (the CSR's or certificate's).
    pub expected_key_sha2: String,
    /// The private key's file, where known.
    pub key_file: Option<PathBuf>,
    /// The CSR's or certificate's file, where known.
    pub file: Option<PathBuf>,
}

fn key_mismatch_message(m: &KeyMismatch) -> String {
    let short = |s: &str| s.chars().take(16).collect::<String>();
    let key = match &m.key_file {
        Some(p) => format!(
            "the private key {} (KeySha2 {}…)",
            p.display(),
            short(&m.key_sha2)
        ),
        None => format!("the private key (KeySha2 {}…)", short(&m.key_sha2)),
    };
    let other = match &m.file {
        Some(p) => format!("{} (KeySha2 {}…)", p.display(), short(&m.expected_key_sha2)),
        None => format!("the public key (KeySha2 {}…)", short(&m.expected_key_sha2)),
    };
    format!("{key} does not match {other}")
}

/// The kind of an [`Error`], for a caller that decides by kind ([`Error::kind`]): ask for
/// a password, report a bad file, skip an unsupported one, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The password given does not open the key or bundle.
    WrongPassword,
    /// A password is needed and none was given.
    PasswordRequired,
    /// The input does not decode (PEM, DER, structure), is empty, oversized, or holds
    /// another kind of object than the one asked for.
    Malformed,
    /// An algorithm (public key, curve, signature, key encryption) csrkit does not read.
    Unsupported,
    /// A private key that is not the key of the CSR or certificate.
    KeyMismatch,
    /// A key too small (or otherwise weak) to sign a request with.
    WeakKey,
    /// A value our rules refuse (a DN, a SAN, a CSR name, a request body), or a signature
    /// that does not verify.
    Invalid,
    /// A file-system error, or a file that would be overwritten.
    Io,
    /// A failure inside csrkit or the system (the random number generator, signing).
    Internal,
}

impl Error {
    /// The kind of this error (see [`ErrorKind`]).
    ///
    /// ```
    /// use csrkit::{error::ErrorKind, keys::PrivateKey};
    /// let e = PrivateKey::from_bytes(b"not a key").unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::Malformed);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::WrongPassword(_) => ErrorKind::WrongPassword,
            Error::PasswordRequired(_) => ErrorKind::PasswordRequired,
            Error::Pem(PemProblem::UnsupportedCipher(_)) => ErrorKind::Unsupported,
            Error::Empty
            | Error::TooLarge { .. }
            | Error::TooMany { .. }
            | Error::Pem(_)
            | Error::WrongKind { .. }
            | Error::Der(_)
            | Error::InvalidKey(_)
            | Error::ApiBody(_)
            | Error::Pkcs12(_) => ErrorKind::Malformed,
            Error::UnsupportedAlgorithm { .. } | Error::KeySize { .. } => ErrorKind::Unsupported,
            Error::KeyMismatch(_) => ErrorKind::KeyMismatch,
            Error::WeakKey { .. } => ErrorKind::WeakKey,
            Error::EmptyRequest
            | Error::InvalidName { .. }
            | Error::Rfc4514(_)
            | Error::InvalidSan { .. }
            | Error::InvalidCsrName(_)
            | Error::Request(_)
            | Error::BadSignature(_)
            | Error::LintRefused(_) => ErrorKind::Invalid,
            Error::Exists(_) | Error::Io { .. } => ErrorKind::Io,
            Error::Rng | Error::Sign | Error::SelfCheck => ErrorKind::Internal,
        }
    }

    /// A [`Error::KeyMismatch`] of `key` (the private key's public half) against
    /// `expected` (the CSR's or certificate's public key).
    pub fn key_mismatch(key: &crate::keys::PublicKey, expected: &crate::keys::PublicKey) -> Self {
        Error::KeyMismatch(Box::new(KeyMismatch {
            key_sha2: key.key_sha2(),
            expected_key_sha2: expected.key_sha2(),
            key_file: None,
            file: None,
        }))
    }

    /// This error with the files of a [`Error::KeyMismatch`] named (other errors as they are).
    pub fn with_key_files(
        mut self,
        key_file: Option<&std::path::Path>,
        file: Option<&std::path::Path>,
    ) -> Self {
        if let Error::KeyMismatch(m) = &mut self {
            if m.key_file.is_none() {
                m.key_file = key_file.map(std::path::Path::to_path_buf);
            }
            if m.file.is_none() {
                m.file = file.map(std::path::Path::to_path_buf);
            }
        }
        self
    }
}

fn name_suffix(oid: &Oid) -> String {
    match oid.db_name() {
        Some(name) => format!(" ({name})"),
        None => String::new(),
    }
}

/// Where an unsupported algorithm OID was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlgorithmRole {
    /// The `algorithm` of a SubjectPublicKeyInfo or a private key.
    PublicKey,
    /// The named curve of an EC key.
    Curve,
    /// A signature algorithm.
    Signature,
    /// The encryption of an encrypted private key (PBES1 is not read).
    KeyEncryption,
}

impl fmt::Display for AlgorithmRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AlgorithmRole::PublicKey => "public-key",
            AlgorithmRole::KeyEncryption => "key-encryption",
            AlgorithmRole::Curve => "curve",
            AlgorithmRole::Signature => "signature",
        })
    }
}

/// Why a PKCS#12 bundle (`.p12`, `.pfx`) cannot be used as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pkcs12Problem {
    /// A key is needed and the bundle holds none.
    NoKey {
        /// The certificates it holds.
        certificates: usize,
    },
    /// A certificate is needed and the bundle holds none.
    NoCertificate,
    /// The bundle's key is the key of none of its certificates.
    KeyMatchesNoCertificate {
        /// The certificates it holds.
        certificates: usize,
    },
}

impl fmt::Display for Pkcs12Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pkcs12Problem::NoKey { certificates } => write!(
                f,
                "the PKCS#12 bundle holds no private key (only {certificates} certificate(s)), \
                 and a key is needed"
            ),
            Pkcs12Problem::NoCertificate => f.write_str("the PKCS#12 bundle holds no certificate"),
            Pkcs12Problem::KeyMatchesNoCertificate { certificates } => write!(
                f,
                "the PKCS#12 bundle's private key is the key of none of its {certificates} \
                 certificate(s)"
            ),
        }
    }
}

/// What is wrong with PEM input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PemProblem {
    /// A `-----BEGIN` line without its `-----END` line.
    MissingEnd,
    /// The BEGIN line is malformed.
    BadHeader,
    /// The base64 body does not decode.
    Base64,
    /// PEM headers where none belong (on a CSR or certificate), or private-key headers
    /// other than legacy encryption's `Proc-Type: 4,ENCRYPTED` and `DEK-Info`.
    Headers,
    /// A legacy encrypted PEM key whose `DEK-Info` is not `CIPHER,IV` with the IV in hex
    /// and as long as the cipher's block.
    DekInfo,
    /// A legacy encrypted PEM key under a cipher csrkit does not read (it reads DES-CBC,
    /// DES-EDE3-CBC and AES-128/192/256-CBC), named as its `DEK-Info` names it.
    UnsupportedCipher(String),
    /// A legacy encrypted PEM key whose body was cut short: the key decrypts to the start
    /// of a longer structure.
    Truncated,
    /// Text that holds no PEM block and is not DER.
    NotPem,
}

impl fmt::Display for PemProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PemProblem::MissingEnd => "no -----END line",
            PemProblem::BadHeader => "malformed -----BEGIN line",
            PemProblem::Base64 => "the base64 body does not decode",
            PemProblem::Headers => {
                "PEM headers other than a private key's Proc-Type: 4,ENCRYPTED and DEK-Info"
            }
            PemProblem::DekInfo => {
                "malformed DEK-Info header (it is CIPHER,IV with the IV in hex, one cipher block long)"
            }
            PemProblem::UnsupportedCipher(name) => {
                return write!(
                    f,
                    "the key is encrypted with {name}, which csrkit does not read (DES-CBC, \
                     DES-EDE3-CBC, AES-128-CBC, AES-192-CBC and AES-256-CBC are read)"
                );
            }
            PemProblem::Truncated => "the encrypted key is truncated",
            PemProblem::NotPem => "neither PEM nor DER",
        })
    }
}

/// A DER decoding failure, with the byte position when the decoder knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerProblem {
    /// The decoder's description of the failure.
    pub kind: String,
    /// Byte offset into the DER where decoding stopped, when known.
    pub position: Option<u32>,
}

impl fmt::Display for DerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{} at byte {p}", self.kind),
            None => f.write_str(&self.kind),
        }
    }
}

impl From<der::Error> for Error {
    fn from(e: der::Error) -> Self {
        Error::Der(DerProblem {
            kind: e.kind().to_string(),
            position: e.position().map(u32::from),
        })
    }
}

/// What is wrong with a distinguished-name value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameProblem {
    /// The value is empty.
    Empty,
    /// The value is longer than the RFC 5280 upper bound (in characters).
    TooLong {
        /// Its length in characters.
        len: usize,
        /// The bound.
        max: usize,
    },
    /// The value holds a control character.
    ControlCharacter,
    /// The country is not two letters A–Z.
    Country,
    /// An emailAddress that is not ASCII.
    NotAscii,
    /// Only the six attributes (and emailAddress) can be built.
    UnknownAttribute,
    /// A character outside PrintableString's set, in an attribute that is PrintableString.
    NotPrintable,
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameProblem::Empty => f.write_str("the value is empty"),
            NameProblem::TooLong { len, max } => {
                write!(f, "{len} characters, over the limit of {max}")
            }
            NameProblem::ControlCharacter => f.write_str("control characters are not allowed"),
            NameProblem::Country => {
                f.write_str("must be a two-letter ISO 3166 country code in A-Z, such as CN or US")
            }
            NameProblem::NotAscii => f.write_str("must be ASCII"),
            NameProblem::UnknownAttribute => f.write_str("attribute type is not supported"),
            NameProblem::NotPrintable => {
                f.write_str("must use only A-Z a-z 0-9 space and ' ( ) + , - . / : = ?")
            }
        }
    }
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
