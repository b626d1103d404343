//! Renewing what is due in a folder. Two layers:
//!
//! - [`due`] finds, in memory, every certificate under a folder whose notAfter comes within
//!   so many days (the expired ones included), or every one: each [`DueCert`] once, however
//!   many files hold it (copies merged by `Sha2`), with every file that holds it, its key
//!   opened where the folder has it, and [`DueCert::renew`], which makes the CSR (and a new
//!   key) and writes nothing. What is not renewable is said, typed ([`Problem`]): a CA
//!   certificate, a chain certificate inside a bundle, the files that stayed locked, the
//!   files that do not read.
//! - [`plan`] and [`run`] write the renewals to another folder as `NAME.csr.pem` (and
//!   `NAME.key.pem` for a new key), NAME the certificate's CN as a safe file name
//!   ([`file_name_for`]), on all cores, in the group commits of
//!   [`crate::batch::write_pairs`].
//!
//! Every renewal carries what [`crate::request::CsrRequest::renewal`] carries: the subject
//! byte for byte, the SANs, keyUsage, extKeyUsage and basicConstraints. With a new key the
//! keyUsage keeps only what the new key can have ([`crate::usages`]), and a new key never
//! moves a certificate between SM2 and the other algorithms unless asked to.
//!
//! ```
//! use csrkit::keys::{Password, Passwords};
//! use csrkit::renewal::{Due, DueOptions, RenewKey, due};
//! let dir = tempfile::tempdir()?;
//! let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors");
//! std::fs::copy(root.join("cert/ecc-server-p256.pem"), dir.path().join("api.crt"))?;
//! std::fs::copy(root.join("key/ecc-server-p256-pkcs8.pem"), dir.path().join("api.key"))?;
//! let opts = DueOptions {
//!     due: Due::All,
//!     passwords: Passwords::new([Password::from("one"), Password::from("two")]),
//!     ..DueOptions::default()
//! };
//! let found = due(dir.path(), &opts)?;
//! assert_eq!(found.due.len(), 1);
//! let cert = &found.due[0];
//! assert!(cert.key.is_some()); // api.key, opened
//! // In memory: nothing written. What stops a renewal is a typed Problem.
//! let renewal = cert.renew(RenewKey::Same, false)
//!     .map_err(|problem| format!("{:?}: {problem}", problem.kind()))?;
//! assert!(renewal.csr.to_pem().starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
//! assert!(renewal.new_key.is_none());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use zeroize::Zeroizing;

use crate::batch::{Made, Names, write_pairs};
use crate::cert::{Parsed, ParsedCert};
use crate::error::{Error, Result};
use crate::files::Staging;
use crate::inventory::{ListOptions, scan};
use crate::keys::{
    Curve, KeyAlgorithm, KeyCipher, KeyType, Password, Passwords, PrivateKey, PublicKey,
};
use crate::problem::Problem;
use crate::request::Csr;
use crate::request::CsrRequest;

/// Which certificates are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// notAfter before now + this many days (the expired ones included).
    Within(i64),
    /// Every certificate.
    All,
}

/// The key of the renewals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewKey {
    /// The key each certificate has, found under the folder.
    Same,
    /// A new key of this algorithm for each (rekey).
    New(KeyAlgorithm),
    /// A new key of each certificate's own algorithm and size: SM2 stays SM2, P-384 stays
    /// P-384, RSA-3072 stays RSA-3072.
    NewSameFamily,
}

/// What [`due`] looks for.
#[derive(Debug, Clone)]
pub struct DueOptions {
    /// Which certificates.
    pub due: Due,
    /// Opens encrypted keys and PKCS#12 bundles under the folder.
    pub passwords: Passwords,
    /// "Now", in ms since the Unix epoch ([`crate::cert::now_ms`] by default).
    pub now_ms: i64,
    /// CA certificates (basicConstraints CA:TRUE) are due too; by default they are
    /// [`Problem::CaCertificate`].
    pub include_ca: bool,
    /// Only certificates whose CN, a SAN or file name holds this (case-insensitive), or
    /// whose `KeySha2` starts with it, as a listing filters.
    pub keyword: Option<String>,
    /// Only this algorithm.
    pub algorithm: Option<KeyType>,
}

impl Default for DueOptions {
    fn default() -> Self {
        DueOptions {
            due: Due::Within(30),
            passwords: Passwords::none(),
            now_ms: crate::cert::now_ms(),
            include_ca: false,
            keyword: None,
            algorithm: None,
        }
    }
}

/// A due certificate, once, with every file that holds it and its key.
#[derive(Debug, Clone)]
pub struct DueCert {
    /// The certificate.
    pub cert: ParsedCert,
    /// Every file that holds it, in path order (`cert.pem`, the leaf of `fullchain.pem`, a
    /// `.pfx`).
    pub files: Vec<PathBuf>,
    /// Its private key, opened, where the folder has it (a key file, an encrypted key opened
    /// with a password, a PKCS#12 bundle, a combined PEM file).
    pub key: Option<Arc<PrivateKey>>,
    /// The file of that key.
    pub key_file: Option<PathBuf>,
    /// Days left until notAfter (negative once expired).
    pub days_left: i64,
}

/// A certificate that is due and is not renewed, and why.
#[derive(Debug)]
pub struct SkippedCert {
    /// The certificate.
    pub cert: ParsedCert,
    /// Every file that holds it.
    pub files: Vec<PathBuf>,
    /// Why.
    pub problem: Problem,
}

/// What [`due`] found.
#[derive(Debug)]
pub struct DueReport {
    /// The due certificates, in natural order of their first file's name.
    pub due: Vec<DueCert>,
    /// Due certificates that are not for renewal (a CA, a chain certificate in a bundle).
    pub skipped: Vec<SkippedCert>,
    /// The folder's files that were not used, with why: locked (no password given opens
    /// them), malformed, unsupported, not a certificate or key, a key of nothing here.
    pub problems: Vec<(PathBuf, Problem)>,
}

impl DueReport {
    /// The files that stayed locked: one of them may hold a due certificate.
    pub fn locked(&self) -> impl Iterator<Item = &Path> {
        self.problems
            .iter()
            .filter(|(_, p)| p.kind() == crate::problem::ProblemKind::Locked)
            .map(|(f, _)| f.as_path())
    }
}

/// A renewal made in memory.
#[derive(Debug)]
pub struct Renewal {
    /// The new CSR.
    pub csr: Csr,
    /// The new key (a rekey), for the caller to keep.
    pub new_key: Option<PrivateKey>,
    /// The keyUsage the new key cannot have, left out.
    pub dropped_usages: Vec<&'static str>,
    /// The change of key kind a rekey made (`("SM2", "ECC P-256")`), if any.
    pub change: Option<(String, String)>,
}

/// `RSA 2048`, `ECC P-256`, `ECC P-384`, `SM2`: a key's kind and size, as renewals name it.
pub fn key_label(k: &PublicKey) -> String {
    match (k.key_type(), k.curve()) {
        (KeyType::Sm2, _) => "SM2".to_string(),
        (KeyType::Rsa, _) => format!("RSA {}", k.key_size()),
        (KeyType::Ecc, _) => format!("ECC P-{}", k.key_size()),
    }
}

fn algorithm_label(a: KeyAlgorithm) -> &'static str {
    match a {
        KeyAlgorithm::Rsa2048 => "RSA 2048",
        KeyAlgorithm::Rsa3072 => "RSA 3072",
        KeyAlgorithm::Rsa4096 => "RSA 4096",
        KeyAlgorithm::EccP256 => "ECC P-256",
        KeyAlgorithm::EccP384 => "ECC P-384",
        KeyAlgorithm::Sm2 => "SM2",
    }
}

/// The algorithm of a new key of `k`'s own family and size; `None` for a kind csrkit does
/// not generate (P-521, an RSA size other than 2048, 3072 or 4096).
pub fn same_family(k: &PublicKey) -> Option<KeyAlgorithm> {
    match (k.key_type(), k.curve(), k.key_size()) {
        (KeyType::Sm2, _, _) => Some(KeyAlgorithm::Sm2),
        (KeyType::Rsa, _, 2048) => Some(KeyAlgorithm::Rsa2048),
        (KeyType::Rsa, _, 3072) => Some(KeyAlgorithm::Rsa3072),
        (KeyType::Rsa, _, 4096) => Some(KeyAlgorithm::Rsa4096),
        (KeyType::Ecc, Some(Curve::P256), _) => Some(KeyAlgorithm::EccP256),
        (KeyType::Ecc, Some(Curve::P384), _) => Some(KeyAlgorithm::EccP384),
        _ => None,
    }
}

impl DueCert {
    /// The certificate's first file.
    pub fn file(&self) -> &Path {
        self.files
            .first()
            .map(PathBuf::as_path)
            .unwrap_or(Path::new(""))
    }

    /// The renewal of this certificate, in memory: with [`RenewKey::Same`] its key (a
    /// [`Problem::NoKey`] without one), else a new key. A new key that moves the
    /// certificate between SM2 and the other algorithms is a [`Problem::AlgorithmChange`]
    /// unless `allow_algorithm_change`.
    pub fn renew(
        &self,
        key: RenewKey,
        allow_algorithm_change: bool,
    ) -> std::result::Result<Renewal, Problem> {
        let old = Parsed::Cert(self.cert.clone());
        let alg = match key {
            RenewKey::Same => {
                let Some(k) = &self.key else {
                    return Err(Problem::NoKey { locked: 0 });
                };
                let csr = CsrRequest::renewal(&old, k)
                    .and_then(|r| r.sign(k))
                    .map_err(|e| {
                        Problem::Failed(
                            e.with_key_files(self.key_file.as_deref(), Some(self.file())),
                        )
                    })?;
                return Ok(Renewal {
                    csr,
                    new_key: None,
                    dropped_usages: Vec::new(),
                    change: None,
                });
            }
            RenewKey::New(alg) => alg,
            RenewKey::NewSameFamily => {
                same_family(self.cert.public_key()).ok_or_else(|| Problem::NoSameFamily {
                    key: key_label(self.cert.public_key()),
                })?
            }
        };
        let from = key_label(self.cert.public_key());
        let to = algorithm_label(alg).to_string();
        let sm2_moves =
            (self.cert.public_key().key_type() == KeyType::Sm2) != (alg == KeyAlgorithm::Sm2);
        if sm2_moves && !allow_algorithm_change {
            return Err(Problem::AlgorithmChange { from, to });
        }
        let new_key = PrivateKey::generate(alg).map_err(Problem::Failed)?;
        let request = CsrRequest::rekey(&old, &new_key).map_err(Problem::Failed)?;
        let dropped_usages = self
            .cert
            .extensions()
            .iter()
            .filter(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_KEY_USAGE)
            .flat_map(|e| crate::usages::for_key(e, alg.key_type()).1)
            .collect();
        let csr = request.sign(&new_key).map_err(Problem::Failed)?;
        Ok(Renewal {
            csr,
            new_key: Some(new_key),
            dropped_usages,
            change: (from != to).then_some((from, to)),
        })
    }
}

/// Finds what is due under `dir` (see the module documentation).
pub fn due(dir: &Path, opts: &DueOptions) -> Result<DueReport> {
    let list = ListOptions {
        certs: true,
        verify: false,
        passwords: opts.passwords.clone(),
        keep_opened_keys: true,
        ..ListOptions::default()
    };
    let horizon = match opts.due {
        Due::Within(days) => Some(opts.now_ms.saturating_add(days.saturating_mul(86_400_000))),
        Due::All => None,
    };
    let keyword = opts.keyword.as_ref().map(|k| k.to_lowercase());
    // By Sha2: the certificate, its files, whether it stood first in one of them.
    struct Seen {
        cert: ParsedCert,
        name: String,
        files: Vec<PathBuf>,
        leaf_somewhere: bool,
    }
    let mut by_sha2: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut seen: Vec<Seen> = Vec::new();
    let found = scan(
        dir,
        &list,
        |_| {},
        |parsed, name, path| {
            let Parsed::Cert(cert) = parsed else { return };
            if horizon.is_some_and(|h| cert.validity_ms().1 >= h) {
                return;
            }
            if opts
                .algorithm
                .is_some_and(|a| a != cert.public_key().key_type())
            {
                return;
            }
            let first_of_file = !name.contains('#');
            if let Some(k) = &keyword {
                let has = |s: &str| s.to_lowercase().contains(k.as_str());
                let cn = crate::names::joined(cert.subject(), crate::names::Attribute::CommonName);
                if !(cn.is_some_and(|c| has(&c))
                    || cert.sans().iter().any(|e| has(&e.value))
                    || has(&name)
                    || cert.public_key().key_sha2().starts_with(k.as_str()))
                {
                    return;
                }
            }
            let sha2 = crate::fingerprint::sha256_hex(cert.der()).into_bytes();
            match by_sha2.get(&sha2) {
                Some(&i) => {
                    let s = &mut seen[i];
                    if !s.files.iter().any(|f| f == path) {
                        s.files.push(path.to_path_buf());
                    }
                    s.leaf_somewhere |= first_of_file;
                }
                None => {
                    by_sha2.insert(sha2, seen.len());
                    seen.push(Seen {
                        cert,
                        name,
                        files: vec![path.to_path_buf()],
                        leaf_somewhere: first_of_file,
                    });
                }
            }
        },
    )?;
    seen.sort_by(|a, b| {
        crate::inventory::natural_cmp(&a.name, &b.name).then_with(|| a.files.cmp(&b.files))
    });
    let mut report = DueReport {
        due: Vec::new(),
        skipped: Vec::new(),
        problems: Vec::new(),
    };
    for s in seen {
        let problem = if s.cert.is_ca() && !opts.include_ca {
            Some(Problem::CaCertificate)
        } else if !s.leaf_somewhere {
            Some(Problem::ChainCertificate)
        } else {
            None
        };
        if let Some(problem) = problem {
            report.skipped.push(SkippedCert {
                cert: s.cert,
                files: s.files,
                problem,
            });
            continue;
        }
        let public = s.cert.public_key();
        let key_file = found.keys.get(public).cloned();
        let key = match found.opened.get(public) {
            Some(k) => Some(k.clone()),
            None => match &key_file {
                // A key file read for its public half only: opened now, once.
                Some(f) => open_key(f, &opts.passwords).ok().map(Arc::new),
                None => None,
            },
        };
        report.due.push(DueCert {
            days_left: crate::cert::days_left(s.cert.validity_ms().1, opts.now_ms),
            cert: s.cert,
            files: s.files,
            key,
            key_file,
        });
    }
    report.problems = found.problems;
    Ok(report)
}

/// A key file read for its public half only, opened with the passwords.
pub(crate) fn open_key(file: &Path, passwords: &Passwords) -> Result<PrivateKey> {
    let bytes = Zeroizing::new(std::fs::read(file).map_err(|e| Error::io(file, e))?);
    passwords.open(file, |pw| PrivateKey::from_bytes_with_password(&bytes, pw))
}

/// The file name (without `.csr.pem`) of a certificate's renewal: its CN as a safe file
/// name (`*` as `_wildcard`, path separators, control characters and `:` as `_`,
/// non-ASCII kept, at most 44 characters), or `fallback` (the file's name) without a CN.
///
/// ```
/// use csrkit::renewal::file_name_for;
/// assert_eq!(file_name_for(Some("*.example.com"), "x"), "_wildcard.example.com");
/// assert_eq!(file_name_for(Some("客户门户"), "x"), "客户门户");
/// assert_eq!(file_name_for(Some("a/b\\c\u{1b}d"), "x"), "a_b_c_d");
/// assert_eq!(file_name_for(None, "site"), "site");
/// ```
pub fn file_name_for(cn: Option<&str>, fallback: &str) -> String {
    let cn = cn.map(str::trim).filter(|c| !c.is_empty());
    let Some(cn) = cn else {
        return fallback.to_string();
    };
    let replaced = cn.replace('*', "_wildcard");
    let safe: String = replaced
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '\0' => '_',
            c if c.is_control() => '_',
            c if ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c) =>
            {
                '_'
            }
            c => c,
        })
        .take(44)
        .collect();
    let safe = safe.trim_start_matches('.').to_string();
    if safe.is_empty() {
        fallback.to_string()
    } else {
        safe
    }
}

/// What to renew and how, for [`plan`] and [`run`].
#[derive(Debug, Clone)]
pub struct RenewOptions {
    /// Which certificates, opened how ([`due`]'s options).
    pub find: DueOptions,
    /// With which key.
    pub key: RenewKey,
    /// A new key may move a certificate between SM2 and the other algorithms.
    pub allow_algorithm_change: bool,
    /// The password new keys are encrypted with, `None` for none.
    pub new_key_password: Option<Password>,
    /// How new keys are encrypted when there is a password.
    pub key_cipher: KeyCipher,
    /// Each CSR is linted before it is written ([`Renewed::findings`]); one the gate
    /// refuses is not written, and is among [`RenewReport::failed`] with
    /// [`Error::LintRefused`].
    pub lint: crate::lint::Gate,
}

impl Default for RenewOptions {
    fn default() -> Self {
        RenewOptions {
            find: DueOptions::default(),
            key: RenewKey::Same,
            allow_algorithm_change: false,
            new_key_password: None,
            key_cipher: KeyCipher::default(),
            lint: crate::lint::Gate::default(),
        }
    }
}

/// A due certificate with the name its renewal gets in the output folder.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The certificate, its files and key.
    pub due: DueCert,
    /// The file name (without `.csr.pem`).
    pub name: String,
    stem: (String, usize),
}

/// What [`plan`] found: the renewals to make, and every due certificate and file that is
/// not among them, with why.
#[derive(Debug)]
pub struct Plan {
    /// The renewals to make, in order.
    pub planned: Vec<Planned>,
    /// Due certificates not renewed (a CA, a chain certificate, no key, a refused
    /// algorithm change).
    pub skipped: Vec<SkippedCert>,
    /// The folder's files that were not used (locked, malformed, ...).
    pub problems: Vec<(PathBuf, Problem)>,
}

/// Finds what is due under `dir` ([`due`]) and reserves the names of its renewals in `out`.
pub fn plan(dir: &Path, out: &Path, opts: &RenewOptions) -> Result<Plan> {
    let found = due(dir, &opts.find)?;
    let locked = found.locked().count();
    let mut names = Names::of(out)?;
    let mut planned = Vec::new();
    let mut skipped = found.skipped;
    for d in found.due {
        let refusal = match opts.key {
            RenewKey::Same if d.key.is_none() => Some(Problem::NoKey { locked }),
            RenewKey::New(alg)
                if !opts.allow_algorithm_change
                    && (d.cert.public_key().key_type() == KeyType::Sm2)
                        != (alg == KeyAlgorithm::Sm2) =>
            {
                Some(Problem::AlgorithmChange {
                    from: key_label(d.cert.public_key()),
                    to: algorithm_label(alg).to_string(),
                })
            }
            RenewKey::NewSameFamily if same_family(d.cert.public_key()).is_none() => {
                Some(Problem::NoSameFamily {
                    key: key_label(d.cert.public_key()),
                })
            }
            _ => None,
        };
        if let Some(problem) = refusal {
            skipped.push(SkippedCert {
                cert: d.cert,
                files: d.files,
                problem,
            });
            continue;
        }
        let cn = crate::names::joined(d.cert.subject(), crate::names::Attribute::CommonName);
        let stem = file_name_for(cn.as_deref(), &crate::inventory::entry_name(d.file()));
        let (file_name, suffix) = names.reserve(&stem);
        planned.push(Planned {
            due: d,
            name: file_name,
            stem: (stem, suffix),
        });
    }
    Ok(Plan {
        planned,
        skipped,
        problems: found.problems,
    })
}

/// A renewal written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewed {
    /// Every file that holds the certificate.
    pub files: Vec<PathBuf>,
    /// The new CSR.
    pub csr: PathBuf,
    /// The key used: the key found (same key) or the new key's file.
    pub key: Option<PathBuf>,
    /// True when `key` is a new key.
    pub new_key: bool,
    /// The certificate's days left.
    pub days_left: i64,
    /// The certificate's notAfter, in ms since the Unix epoch.
    pub not_after: i64,
    /// The keyUsage the new key cannot have, left out.
    pub dropped_usages: Vec<&'static str>,
    /// The change of key kind (`("SM2", "ECC P-256")`), if any.
    pub change: Option<(String, String)>,
    /// The new CSR's lint findings under [`RenewOptions::lint`]'s profile.
    pub findings: Vec<crate::lint::Finding>,
}

/// What [`run`] did.
#[derive(Debug)]
pub struct RenewReport {
    /// The renewals written, in the certificates' order.
    pub renewed: Vec<Renewed>,
    /// The certificates whose renewal failed, with the error.
    pub failed: Vec<(PathBuf, Error)>,
    /// The error that stopped the run (disk full, read-only or unwritable folder).
    pub fatal: Option<Error>,
    /// True when the stop flag ended the run early.
    pub stopped: bool,
    /// Wall time.
    pub elapsed: Duration,
}

/// What a renewal leaves beside its files: the key change and the lint findings.
type Notes = (Option<(String, String)>, Vec<crate::lint::Finding>);

fn make(item: &Planned, opts: &RenewOptions) -> Result<(Made, Notes)> {
    let r = item
        .due
        .renew(opts.key, opts.allow_algorithm_change)
        .map_err(|p| match p {
            Problem::Failed(e) => e,
            other => Error::Request(other.to_string()),
        })?;
    let (findings, refusing) = opts.lint.judge_new(&r.csr, crate::cert::now_ms())?;
    if !refusing.is_empty() {
        return Err(Error::LintRefused(
            refusing.into_iter().map(str::to_string).collect(),
        ));
    }
    let key_pem = match &r.new_key {
        Some(k) => Some(k.to_pem_with(opts.new_key_password.as_ref(), opts.key_cipher)?),
        None => None,
    };
    Ok(((key_pem, r.csr.to_pem()), (r.change, findings)))
}

/// Writes the renewals of `planned` into `out` (see the module documentation).
pub fn run(
    planned: &[Planned],
    out: &Path,
    opts: &RenewOptions,
    stop: &AtomicBool,
    progress: impl Fn() + Sync,
    staging: Staging,
) -> Result<RenewReport> {
    let notes: std::sync::Mutex<HashMap<usize, Notes>> = Default::default();
    let index = |p: &Planned| planned.iter().position(|q| std::ptr::eq(p, q)).unwrap_or(0);
    let pairs = write_pairs(
        planned,
        |p| (&p.stem.0, p.stem.1, &p.name),
        |p| {
            let (made, note) = make(p, opts)?;
            if let Ok(mut m) = notes.lock() {
                m.insert(index(p), note);
            }
            Ok(made)
        },
        out,
        stop,
        progress,
        staging,
    )?;
    let mut notes = notes.into_inner().unwrap_or_default();
    let new_key = !matches!(opts.key, RenewKey::Same);
    let mut renewed: Vec<(usize, Renewed)> = pairs
        .written
        .into_iter()
        .map(|(i, name)| {
            let p = &planned[i];
            let (key, csr) = crate::batch::item_paths(out, &name);
            let (change, findings) = notes.remove(&i).unwrap_or_default();
            let dropped_usages = match opts.key {
                RenewKey::Same => Vec::new(),
                _ => p
                    .due
                    .cert
                    .extensions()
                    .iter()
                    .filter(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_KEY_USAGE)
                    .flat_map(|e| {
                        let alg = match opts.key {
                            RenewKey::New(a) => Some(a),
                            _ => same_family(p.due.cert.public_key()),
                        };
                        alg.map(|a| crate::usages::for_key(e, a.key_type()).1)
                            .unwrap_or_default()
                    })
                    .collect(),
            };
            (
                i,
                Renewed {
                    files: p.due.files.clone(),
                    csr,
                    key: if new_key {
                        Some(key)
                    } else {
                        p.due.key_file.clone()
                    },
                    new_key,
                    days_left: p.due.days_left,
                    not_after: p.due.cert.validity_ms().1,
                    dropped_usages,
                    change,
                    findings,
                },
            )
        })
        .collect();
    renewed.sort_by_key(|(i, _)| *i);
    Ok(RenewReport {
        renewed: renewed.into_iter().map(|(_, r)| r).collect(),
        failed: pairs
            .failed
            .into_iter()
            .map(|(i, e)| (planned[i].due.file().to_path_buf(), e))
            .collect(),
        fatal: pairs.fatal,
        stopped: pairs.stopped,
        elapsed: pairs.elapsed,
    })
}

/// [`plan`] and [`run`] in one call.
pub fn renew_folder(
    dir: &Path,
    out: &Path,
    opts: &RenewOptions,
    stop: &AtomicBool,
    progress: impl Fn() + Sync,
) -> Result<(RenewReport, Plan)> {
    let mut plan = plan(dir, out, opts)?;
    let report = run(&plan.planned, out, opts, stop, progress, Staging::Auto)?;
    plan.planned.clear();
    Ok((report, plan))
}

/// Every due certificate of a renewal run in exactly one list, and the files that may
/// hold more but stayed locked: what `csrkit renew DIR` prints, and its JSON
/// (`{"Renewed": [...], "Skipped": [...], "Locked": [...]}`).
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Outcome {
    /// The renewals written.
    pub renewed: Vec<Renewed>,
    /// The due certificates not renewed, and the files that may hold one csrkit cannot
    /// read (malformed, unsupported, unreadable), each with why.
    pub skipped: Vec<NotRenewed>,
    /// The encrypted keys and bundles no password given opened.
    #[serde(serialize_with = "locked_json")]
    pub locked: Vec<(PathBuf, Problem)>,
    /// The renewals planned.
    #[serde(skip)]
    pub planned: usize,
    /// The error that stopped the run (disk full, read-only or unwritable folder).
    #[serde(skip)]
    pub fatal: Option<Error>,
    /// True when the stop flag ended the run early.
    #[serde(skip)]
    pub stopped: bool,
}

/// A due certificate not renewed (or a file that may hold one), with why.
#[derive(Debug)]
pub struct NotRenewed {
    /// Every file that holds it.
    pub files: Vec<PathBuf>,
    /// Why: the plan's reason, the failure of its renewal ([`Problem::Failed`]), or the
    /// lint gate's refusal ([`Problem::Refused`] with [`Error::LintRefused`]).
    pub problem: Problem,
}

impl Outcome {
    /// The outcome of `plan` run into `report`.
    pub fn of(plan: Plan, report: RenewReport) -> Self {
        let mut skipped: Vec<NotRenewed> = plan
            .skipped
            .into_iter()
            .map(|s| NotRenewed {
                files: s.files,
                problem: s.problem,
            })
            .collect();
        skipped.extend(report.failed.into_iter().map(|(cert, e)| NotRenewed {
            files: vec![cert],
            problem: match e {
                e @ Error::LintRefused(_) => Problem::Refused(e),
                e => Problem::Failed(e),
            },
        }));
        let mut locked = Vec::new();
        for (file, problem) in plan.problems {
            use crate::problem::ProblemKind as K;
            match problem.kind() {
                K::Unsupported | K::Malformed | K::Unreadable => skipped.push(NotRenewed {
                    files: vec![file],
                    problem,
                }),
                K::Locked => locked.push((file, problem)),
                _ => {}
            }
        }
        Outcome {
            renewed: report.renewed,
            skipped,
            locked,
            planned: plan.planned.len(),
            fatal: report.fatal,
            stopped: report.stopped,
        }
    }

    /// True when every due certificate found was renewed and no file stayed locked.
    pub fn complete(&self) -> bool {
        self.skipped.is_empty() && self.locked.is_empty() && !self.stopped && self.fatal.is_none()
    }
}

fn path_text(p: &Path) -> String {
    p.display().to_string()
}

fn locked_json<S: serde::Serializer>(
    locked: &[(PathBuf, Problem)],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(locked.len()))?;
    for (file, problem) in locked {
        seq.serialize_element(&serde_json::json!({
            "File": path_text(file),
            "Reason": problem.to_string(),
        }))?;
    }
    seq.end()
}

impl serde::Serialize for NotRenewed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        serde_json::json!({
            "Certificate": self.files.first().map(|f| path_text(f)),
            "Files": self.files.iter().map(|f| path_text(f)).collect::<Vec<_>>(),
            "Reason": self.problem.to_string(),
            "Kind": self.problem.kind(),
        })
        .serialize(s)
    }
}

impl serde::Serialize for Renewed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        serde_json::json!({
            "Certificate": self.files.first().map(|f| path_text(f)),
            "Files": self.files.iter().map(|f| path_text(f)).collect::<Vec<_>>(),
            "Csr": path_text(&self.csr),
            "Key": self.key.as_deref().map(path_text),
            "NewKey": self.new_key,
            "DaysLeft": self.days_left,
            "DroppedUsages": self.dropped_usages,
            "KeyChange": self.change.as_ref().map(|(f, t)| format!("{f} → {t}")),
            "Findings": self.findings,
        })
        .serialize(s)
    }
}
