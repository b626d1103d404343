//! Why a file of a folder, or a certificate in it, was not used: typed, with its kind, so a
//! caller decides by kind (ask for a password, log a bad file, ignore a copy) and a person
//! reads one line. Every folder call ([`crate::inventory::list`], [`crate::renewal::due`])
//! reports its files' problems as `(path, Problem)` pairs: no count without its files.
//!
//! ```
//! use csrkit::problem::{Problem, ProblemKind};
//! let p = Problem::Locked { bundle: true };
//! assert_eq!(p.kind(), ProblemKind::Locked);
//! assert_eq!(p.to_string(), "a PKCS#12 bundle that no password given opens");
//! ```

use std::fmt;
use std::path::PathBuf;

use crate::error::Error;

/// Why a file or a certificate was left out.
#[derive(Debug)]
#[non_exhaustive]
pub enum Problem {
    /// The file could not be read (the operating system's reason).
    Unreadable(String),
    /// A CSR, certificate, key or bundle that does not decode (a truncated certificate,
    /// say): the library's error.
    Malformed(Error),
    /// A CSR, certificate or key of an algorithm csrkit does not read (an Ed25519
    /// certificate, say): the library's error names it.
    Unsupported(Error),
    /// An encrypted key or a PKCS#12 bundle that no password given opens.
    Locked {
        /// A PKCS#12 bundle (else an encrypted key).
        bundle: bool,
    },
    /// A private key that is the key of no CSR or certificate under the folder.
    KeyMatchesNothing {
        /// Its `KeySha2`.
        key_sha2: String,
    },
    /// A copy of a CSR or certificate already found in another file (the same `Sha2`).
    Duplicate {
        /// The file it was first found in.
        of: PathBuf,
    },
    /// Neither a CSR, a certificate nor a private key (a README, a saved response).
    NotCertificateOrKey,
    /// A CA certificate (basicConstraints CA:TRUE): renewals are for end-entity certificates.
    CaCertificate,
    /// A chain certificate inside a bundle: not the bundle's own, renewed where it is issued.
    ChainCertificate,
    /// No private key for the certificate or CSR under the folder (for a same-key renewal,
    /// or an UploadCsr body with its key).
    NoKey {
        /// Files that stayed locked, one of which may hold it.
        locked: usize,
    },
    /// A new key that would move the certificate between SM2 and the other algorithms.
    AlgorithmChange {
        /// The certificate's key (`SM2`, `ECC P-256`, `RSA 2048`).
        from: String,
        /// The new key's.
        to: String,
    },
    /// A key family csrkit does not generate, for a new key of the same family.
    NoSameFamily {
        /// The certificate's key.
        key: String,
    },
    /// Making or signing its renewal failed.
    Failed(Error),
    /// A CSR the API would refuse (its signature does not verify, its key is too weak).
    Refused(Error),
}

/// The kind of a [`Problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum ProblemKind {
    /// Could not be read.
    Unreadable,
    /// Does not decode.
    Malformed,
    /// An algorithm csrkit does not read.
    Unsupported,
    /// No password given opens it.
    Locked,
    /// A key that matches nothing.
    KeyMatchesNothing,
    /// A copy of another file's certificate.
    Duplicate,
    /// Not a CSR, certificate or key.
    NotCertificateOrKey,
    /// A CA certificate.
    CaCertificate,
    /// A chain certificate in a bundle.
    ChainCertificate,
    /// No key for a same-key renewal.
    NoKey,
    /// A new key of another family, refused.
    AlgorithmChange,
    /// No key of the same family can be made.
    NoSameFamily,
    /// The renewal failed.
    Failed,
    /// A CSR the API would refuse.
    Refused,
}

impl Problem {
    /// The kind.
    pub fn kind(&self) -> ProblemKind {
        match self {
            Problem::Unreadable(_) => ProblemKind::Unreadable,
            Problem::Malformed(_) => ProblemKind::Malformed,
            Problem::Unsupported(_) => ProblemKind::Unsupported,
            Problem::Locked { .. } => ProblemKind::Locked,
            Problem::KeyMatchesNothing { .. } => ProblemKind::KeyMatchesNothing,
            Problem::Duplicate { .. } => ProblemKind::Duplicate,
            Problem::NotCertificateOrKey => ProblemKind::NotCertificateOrKey,
            Problem::CaCertificate => ProblemKind::CaCertificate,
            Problem::ChainCertificate => ProblemKind::ChainCertificate,
            Problem::NoKey { .. } => ProblemKind::NoKey,
            Problem::AlgorithmChange { .. } => ProblemKind::AlgorithmChange,
            Problem::NoSameFamily { .. } => ProblemKind::NoSameFamily,
            Problem::Failed(_) => ProblemKind::Failed,
            Problem::Refused(_) => ProblemKind::Refused,
        }
    }

    /// The library's error behind it, where there is one.
    pub fn error(&self) -> Option<&Error> {
        match self {
            Problem::Malformed(e)
            | Problem::Unsupported(e)
            | Problem::Failed(e)
            | Problem::Refused(e) => Some(e),
            _ => None,
        }
    }

    /// A problem of a file from the error its reading gave: a wrong or missing password is
    /// [`Problem::Locked`], an unsupported algorithm [`Problem::Unsupported`], the rest
    /// [`Problem::Malformed`].
    pub fn of_error(e: Error) -> Self {
        use crate::error::{ErrorKind, Secured};
        match (&e, e.kind()) {
            (Error::WrongPassword(s) | Error::PasswordRequired(s), _) => Problem::Locked {
                bundle: *s == Secured::Pkcs12,
            },
            (_, ErrorKind::Unsupported) => Problem::Unsupported(e),
            (Error::KeyMismatch(m), _) => Problem::KeyMatchesNothing {
                key_sha2: m.key_sha2.clone(),
            },
            (Error::Io { source, .. }, _) => Problem::Unreadable(source.to_string()),
            _ => Problem::Malformed(e),
        }
    }
}

impl std::error::Error for Problem {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error().map(|e| e as _)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unreadable(e) => write!(f, "not readable: {e}"),
            Problem::Malformed(e) => write!(f, "malformed: {e}"),
            Problem::Unsupported(e) => write!(f, "unsupported: {e}"),
            Problem::Locked { bundle: true } => {
                f.write_str("a PKCS#12 bundle that no password given opens")
            }
            Problem::Locked { bundle: false } => {
                f.write_str("an encrypted private key that no password given opens")
            }
            Problem::KeyMatchesNothing { key_sha2 } => write!(
                f,
                "a private key (KeySha2 {}…) of no CSR or certificate here",
                key_sha2.chars().take(16).collect::<String>()
            ),
            Problem::Duplicate { of } => write!(f, "a copy of the one in {}", of.display()),
            Problem::NotCertificateOrKey => f.write_str("not a CSR, certificate or private key"),
            Problem::CaCertificate => f.write_str("a CA certificate"),
            Problem::ChainCertificate => {
                f.write_str("a chain certificate in a bundle, not the bundle's own")
            }
            Problem::NoKey { locked: 0 } => f.write_str("no private key for it"),
            Problem::NoKey { locked } => write!(
                f,
                "no private key for it ({locked} encrypted file(s) stayed locked: give their password)"
            ),
            Problem::AlgorithmChange { from, to } => write!(
                f,
                "a new key would change {from} to {to}: allow the algorithm change to do it"
            ),
            Problem::NoSameFamily { key } => {
                write!(f, "no new key of the same kind as {key} can be made")
            }
            Problem::Failed(e) => write!(f, "renewal failed: {e}"),
            Problem::Refused(e) => write!(f, "refused: {e}"),
        }
    }
}

/// Files left out, with why, as JSON: `[{"File", "Reason", "Kind"}]`, the shape listings
/// print them in.
pub fn problems_json(problems: &[(std::path::PathBuf, Problem)]) -> serde_json::Value {
    problems
        .iter()
        .map(|(f, p)| {
            serde_json::json!({
                "File": f.display().to_string(),
                "Reason": p.to_string(),
                "Kind": p.kind(),
            })
        })
        .collect()
}
