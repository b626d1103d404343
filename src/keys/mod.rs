//! Keys: generation of the six algorithms, private-key formats, encrypted keys,
//! PKCS#12 bundles, and public keys.
//!
//! Private keys are read from and written to
//! - PKCS#8 `PrivateKeyInfo` (RFC 5208, `-----BEGIN PRIVATE KEY-----`), every algorithm;
//! - PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2, `-----BEGIN RSA PRIVATE KEY-----`), RSA;
//! - SEC1 `ECPrivateKey` (RFC 5915, `-----BEGIN EC PRIVATE KEY-----`), P-256 and SM2;
//!
//! in PEM or DER. SM2 keys are encoded as OpenSSL 3 encodes them: `id-ecPublicKey`
//! with the named curve `1.2.156.10197.1.301`; on read, the `id-sm2` algorithm form of
//! OpenSSL 3.0.0 to 3.0.12 is accepted too.
//!
//! Secret material lives only inside the RustCrypto key types, which zeroize on drop
//! (the `sm2` signing key does not, so [`PrivateKey`] overwrites it on drop), and in
//! [`Zeroizing`](zeroize::Zeroizing) buffers when encoded. `Debug` shows the algorithm and the public
//! key's `KeySha2`, never the secret.
//!
//! ```
//! use csrkit::keys::{KeyAlgorithm, PrivateKey};
//!
//! let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
//! let pem = key.to_pkcs8_pem()?;
//! let again = PrivateKey::from_bytes(pem.as_bytes())?;
//! assert_eq!(key.public_key(), again.public_key());
//! # Ok::<(), csrkit::Error>(())
//! ```
//!
//! Saving a key: [`crate::files::write_key`] (mode 0600, atomic, never overwriting).
//!
//! One concern per file: `algorithm` (the algorithms, key types and
//! curves), `generate` (new keys), `info` (the facts of a key file alone), `private` (the key and its signature), `public`
//! ([`PublicKey`], read from SubjectPublicKeyInfo), `formats` (PKCS#8, PKCS#1, SEC1),
//! `encrypted` (encrypted PKCS#8, dispatching to `pbes2_aes` — PBKDF2/scrypt with
//! AES-CBC, DES-EDE3-CBC or DES-CBC, through RustCrypto's `pkcs5` — to `pbes2_sm4` —
//! PBKDF2 (HMAC-SM3 as GmSSL, HMAC-SHA-256 as OpenSSL) with SM4-CBC — and to the PKCS#12
//! PBE schemes of `pkcs12_pbe`), `pkcs12` (bundles read and written, with `pkcs12_pbe`: RFC 7292's
//! KDF, MAC and legacy ciphers), `kdf` (the bounds on key derivations read from files).

mod algorithm;
mod encrypted;
mod formats;
mod generate;
mod info;
mod kdf;
mod legacy_pem;
mod pbes2_aes;
mod pbes2_sm4;
mod pkcs12;
mod pkcs12_pbe;
mod private;
mod public;

pub use algorithm::{Curve, KeyAlgorithm, KeyType, OID_SM2, RSA_BITS, SM2_DEFAULT_DISTID};
pub use encrypted::{KeyCipher, is_encrypted_pkcs8};
pub use formats::{
    KeyFileFormat, KeyFormat, is_encrypted_key, is_private_key, public_key_of_private,
};
pub use info::KeyInfo;
pub use kdf::{MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY};
pub use pkcs12::{
    BundleCertificate, MAX_BAGS, MAX_NESTING, Pfx, Pkcs12Bundle, Pkcs12Encryption, is_pkcs12,
    pkcs12_of, pkcs12_of_with, to_pkcs12, to_pkcs12_with,
};
pub use private::PrivateKey;
pub use public::{KeyFault, PublicKey};

/// A password given to open keys and bundles: zeroized on drop, never shown by `Debug`.
///
/// The one password type of the library: every call that opens or encrypts a key or a
/// bundle takes `Option<&Password>` (where no password is a choice) or `&Password`, and a
/// folder call takes [`Passwords`]. Made from a `&str`, a `String`, bytes or a byte string.
///
/// ```
/// use csrkit::keys::{KeyAlgorithm, Password, PrivateKey};
/// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
/// let pw = Password::from("correct horse");
/// let pem = key.to_encrypted_pem(&pw)?;
/// let back = PrivateKey::from_bytes_with_password(pem.as_bytes(), Some(&pw))?;
/// assert_eq!(back.public_key(), key.public_key());
/// assert_eq!(format!("{pw:?}"), "Password(***)");
/// # Ok::<(), csrkit::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Password(zeroize::Zeroizing<Vec<u8>>);

impl Password {
    /// Takes the password's bytes (UTF-8 for a non-ASCII one, as OpenSSL reads it).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Password(zeroize::Zeroizing::new(bytes.into()))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl From<&str> for Password {
    fn from(s: &str) -> Self {
        Password::new(s.as_bytes())
    }
}

impl From<String> for Password {
    fn from(s: String) -> Self {
        Password::new(s.into_bytes())
    }
}

impl From<&[u8]> for Password {
    fn from(b: &[u8]) -> Self {
        Password::new(b)
    }
}

impl<const N: usize> From<&[u8; N]> for Password {
    fn from(b: &[u8; N]) -> Self {
        Password::new(b.as_slice())
    }
}

impl From<Vec<u8>> for Password {
    fn from(b: Vec<u8>) -> Self {
        Password::new(b)
    }
}

impl AsRef<[u8]> for Password {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A per-file password callback of [`Passwords`].
pub type PasswordCallback =
    std::sync::Arc<dyn Fn(&std::path::Path) -> Option<Password> + Send + Sync>;

/// Where the passwords of encrypted keys and PKCS#12 bundles come from in a folder call
/// (listing, what is due, renewal, reconcile): several passwords, each tried in turn on
/// each file that needs one, and optionally a callback that names a file's own password
/// (tried first). A file with no password, or the empty one, opens without any.
///
/// ```
/// use csrkit::keys::{Password, Passwords};
/// let mut pw = Passwords::from(Password::from("team-a"));
/// pw.push("team-b");
/// let pw = pw.with_callback(|path| {
///     path.ends_with("legacy.pfx").then(|| Password::from("old-one"))
/// });
/// let tried: Vec<Vec<u8>> = pw.for_file("certs/legacy.pfx".as_ref())
///     .iter().map(|p| p.as_bytes().to_vec()).collect();
/// assert_eq!(tried, [b"old-one".to_vec(), b"team-a".to_vec(), b"team-b".to_vec()]);
/// assert_eq!(pw.for_file("certs/site.key".as_ref()).len(), 2);
/// ```
#[derive(Clone, Default)]
pub struct Passwords {
    list: Vec<Password>,
    per_file: Option<PasswordCallback>,
    prompt: Option<std::sync::Arc<Prompt>>,
}

/// The last resort of [`Passwords::with_prompt`]: who to ask, and the answers that opened
/// a file, tried on the next files before asking again (shared by the clones).
struct Prompt {
    ask: PasswordCallback,
    answers: std::sync::Mutex<Vec<Password>>,
    /// One question at a time (a folder is read on several threads).
    turn: std::sync::Mutex<()>,
}

impl Passwords {
    /// No password: only what is not encrypted opens.
    pub fn none() -> Self {
        Passwords::default()
    }

    /// These passwords, tried in this order.
    pub fn new(list: impl IntoIterator<Item = Password>) -> Self {
        Passwords {
            list: list.into_iter().collect(),
            per_file: None,
            prompt: None,
        }
    }

    /// Adds a password, tried after those already there.
    pub fn push(&mut self, password: impl Into<Password>) {
        self.list.push(password.into());
    }

    /// Adds a callback that gives a file's own password (or `None`); its answer is tried
    /// before the list.
    pub fn with_callback(
        mut self,
        f: impl Fn(&std::path::Path) -> Option<Password> + Send + Sync + 'static,
    ) -> Self {
        self.per_file = Some(std::sync::Arc::new(f));
        self
    }

    /// Adds a last resort: when no password given opens a file, `ask` is asked for its
    /// password (a person at a terminal, say; `None` skips the file). An answer that opens
    /// a file is remembered and tried on the next files that need a password before `ask`
    /// is asked again, so a folder under one password is asked for it once. One question
    /// at a time, whatever the threads.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    /// use csrkit::keys::{KeyAlgorithm, Password, Passwords, PrivateKey};
    /// let pw = Password::from("one for the folder");
    /// let (a, b) = (PrivateKey::generate(KeyAlgorithm::EccP256)?, PrivateKey::generate(KeyAlgorithm::EccP256)?);
    /// let (a_pem, b_pem) = (a.to_encrypted_pem(&pw)?, b.to_encrypted_pem(&pw)?);
    /// let asked = Arc::new(AtomicUsize::new(0));
    /// let counter = asked.clone();
    /// let passwords = Passwords::none().with_prompt(move |_| {
    ///     counter.fetch_add(1, Ordering::SeqCst);
    ///     Some(Password::from("one for the folder"))
    /// });
    /// for (file, pem) in [("a.pem", &a_pem), ("b.pem", &b_pem)] {
    ///     passwords.open(file.as_ref(), |p| PrivateKey::from_bytes_with_password(pem.as_bytes(), p))?;
    /// }
    /// assert_eq!(asked.load(Ordering::SeqCst), 1);
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn with_prompt(
        mut self,
        ask: impl Fn(&std::path::Path) -> Option<Password> + Send + Sync + 'static,
    ) -> Self {
        self.prompt = Some(std::sync::Arc::new(Prompt {
            ask: std::sync::Arc::new(ask),
            answers: Default::default(),
            turn: Default::default(),
        }));
        self
    }

    /// True when there is neither a password nor a callback.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.per_file.is_none() && self.prompt.is_none()
    }

    /// The passwords in the list (not the callback's).
    pub fn list(&self) -> &[Password] {
        &self.list
    }

    /// The passwords to try on `path`, in order: the callback's, then the list.
    pub fn for_file(&self, path: &std::path::Path) -> Vec<Password> {
        let mut out: Vec<Password> = self
            .per_file
            .as_ref()
            .and_then(|f| f(path))
            .into_iter()
            .collect();
        for p in &self.list {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
        out
    }

    /// Runs `open` with no password, then with each password for `path`, until it gives
    /// anything but a wrong or missing password. With no password to try, the missing
    /// password; after the last, its wrong password. One key derivation per password
    /// tried, so the right password first costs one.
    pub fn open<T>(
        &self,
        path: &std::path::Path,
        mut open: impl FnMut(Option<&Password>) -> crate::Result<T>,
    ) -> crate::Result<T> {
        let first = open(None);
        let mut last = match first {
            Err(e @ (crate::Error::PasswordRequired(_) | crate::Error::WrongPassword(_))) => e,
            other => return other,
        };
        let mut tried = self.for_file(path);
        for p in &tried {
            match open(Some(p)) {
                Err(e @ crate::Error::WrongPassword(_)) => last = e,
                other => return other,
            }
        }
        let Some(prompt) = &self.prompt else {
            return Err(last);
        };
        // The answers that opened other files, then (one question at a time, and with
        // the answers given while this thread waited for its turn) a question.
        let remembered = |tried: &[Password]| -> Vec<Password> {
            let answers = prompt.answers.lock().unwrap_or_else(|e| e.into_inner());
            answers
                .iter()
                .filter(|a| !tried.contains(a))
                .cloned()
                .collect()
        };
        let mut try_answers = |tried: &mut Vec<Password>, last: &mut crate::Error| {
            for p in remembered(tried) {
                match open(Some(&p)) {
                    Err(e @ crate::Error::WrongPassword(_)) => *last = e,
                    other => return Some(other),
                }
                tried.push(p);
            }
            None
        };
        if let Some(done) = try_answers(&mut tried, &mut last) {
            return done;
        }
        let _turn = prompt.turn.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = try_answers(&mut tried, &mut last) {
            return done;
        }
        let Some(answer) = (prompt.ask)(path) else {
            return Err(last);
        };
        let opened = open(Some(&answer));
        if opened.is_ok() {
            let mut answers = prompt.answers.lock().unwrap_or_else(|e| e.into_inner());
            if !answers.contains(&answer) {
                answers.push(answer);
            }
        }
        opened
    }
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Passwords({} given{}{})",
            self.list.len(),
            if self.per_file.is_some() {
                ", and a callback"
            } else {
                ""
            },
            if self.prompt.is_some() {
                ", and a prompt"
            } else {
                ""
            }
        )
    }
}

impl From<Password> for Passwords {
    fn from(p: Password) -> Self {
        Passwords::new([p])
    }
}

impl From<Option<Password>> for Passwords {
    fn from(p: Option<Password>) -> Self {
        Passwords::new(p)
    }
}

impl From<Vec<Password>> for Passwords {
    fn from(v: Vec<Password>) -> Self {
        Passwords::new(v)
    }
}
