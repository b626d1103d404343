//! Renewing what is due in a folder: for every certificate under it whose notAfter comes
//! within so many days (the expired ones included), or for every one, a CSR that carries
//! what [`crate::request::CsrRequest::renewal`] carries — the subject byte for byte, the
//! SANs, keyUsage, extKeyUsage and basicConstraints — written to another folder as
//! `STEM.csr.pem` (and `STEM.key.pem` for a new key), on all cores, in the group commits
//! of [`crate::batch::write_pairs`].
//!
//! With the same key, a certificate's key is the private key under the folder whose
//! public key is the certificate's (a key file, an encrypted one opened with the password,
//! or a PKCS#12 bundle); a certificate without one is skipped, with the reason. With a
//! new key, the keyUsage keeps only what the new key can have ([`crate::usages`]). The
//! certificates after the first of a bundle (a `fullchain.pem`'s CAs) are the chain, not
//! the bundle's own, and are skipped.
//!
//! ```
//! use csrkit::renewal::{Due, RenewKey, RenewOptions, renew_folder};
//! # let dir = tempfile::tempdir()?;
//! # let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors");
//! # std::fs::copy(root.join("cert/ecc-server-p256.pem"), dir.path().join("api.crt"))?;
//! # std::fs::copy(root.join("key/ecc-server-p256-pkcs8.pem"), dir.path().join("api.key"))?;
//! let out = dir.path().join("renewed");
//! let opts = RenewOptions { due: Due::All, key: RenewKey::Same, ..RenewOptions::default() };
//! let (report, skipped) = renew_folder(dir.path(), &out, &opts, &Default::default(), || {})?;
//! assert_eq!(report.renewed.len(), 1);
//! assert!(skipped.is_empty());
//! assert!(out.join("api.csr.pem").exists() && !out.join("api.key.pem").exists());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
use crate::keys::{KeyAlgorithm, KeyCipher, Password, PrivateKey};
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
}

/// What to renew and how.
#[derive(Debug, Clone)]
pub struct RenewOptions {
    /// Which certificates.
    pub due: Due,
    /// With which key.
    pub key: RenewKey,
    /// Opens encrypted keys and PKCS#12 bundles under the folder; new keys are encrypted
    /// with it ([`RenewOptions::key_cipher`]) when it is given.
    pub password: Option<Password>,
    /// How new keys are encrypted when there is a password.
    pub key_cipher: KeyCipher,
    /// "Now", in ms since the Unix epoch (a test's clock; [`crate::cert::now_ms`] by
    /// default).
    pub now_ms: i64,
}

impl Default for RenewOptions {
    fn default() -> Self {
        RenewOptions {
            due: Due::Within(30),
            key: RenewKey::Same,
            password: None,
            key_cipher: KeyCipher::default(),
            now_ms: crate::cert::now_ms(),
        }
    }
}

/// A due certificate, its key and the name its renewal gets.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The certificate's file.
    pub certificate: PathBuf,
    /// The certificate.
    pub cert: ParsedCert,
    /// Its key's file (with [`RenewKey::Same`]).
    pub key_file: Option<PathBuf>,
    /// Its days left.
    pub days_left: i64,
    /// The keyUsage a new key cannot have, left out.
    pub dropped_usages: Vec<&'static str>,
    /// The key, when the scan opened it already (an encrypted key, a PKCS#12 bundle):
    /// its key derivation is not run again.
    opened: Option<Arc<PrivateKey>>,
    name: String,
    stem: (String, usize),
}

/// A due certificate that is not renewed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The certificate (`FILE`, or `FILE#2` for the second of a bundle).
    pub certificate: String,
    /// Why.
    pub reason: String,
}

/// A renewal written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewed {
    /// The certificate's file.
    pub certificate: PathBuf,
    /// The new CSR.
    pub csr: PathBuf,
    /// The new key (with a new key).
    pub key: Option<PathBuf>,
    /// The certificate's days left.
    pub days_left: i64,
    /// The certificate's notAfter, in ms since the Unix epoch.
    pub not_after: i64,
    /// The keyUsage the new key cannot have, left out.
    pub dropped_usages: Vec<&'static str>,
}

/// What [`run`] did.
#[derive(Debug)]
pub struct RenewReport {
    /// The renewals written, in the certificates' order.
    pub renewed: Vec<Renewed>,
    /// The certificates whose renewal failed, with the error (a key that does not open).
    pub failed: Vec<(PathBuf, Error)>,
    /// The error that stopped the run (disk full, read-only or unwritable folder).
    pub fatal: Option<Error>,
    /// True when the stop flag ended the run early.
    pub stopped: bool,
    /// Wall time.
    pub elapsed: Duration,
}

/// Finds what is due under `dir`, with its key, and reserves its names in `out`.
pub fn plan(dir: &Path, out: &Path, opts: &RenewOptions) -> Result<(Vec<Planned>, Vec<Skipped>)> {
    let list = ListOptions {
        certs: true,
        verify: false,
        password: opts.password.clone(),
        keep_opened_keys: opts.key == RenewKey::Same,
        ..ListOptions::default()
    };
    let horizon = match opts.due {
        Due::Within(days) => Some(opts.now_ms.saturating_add(days.saturating_mul(86_400_000))),
        Due::All => None,
    };
    let mut due: Vec<(ParsedCert, String, PathBuf)> = Vec::new();
    let found = scan(
        dir,
        &list,
        |_| {},
        |parsed, name, path| {
            if let Parsed::Cert(cert) = parsed
                && horizon.is_none_or(|h| cert.validity_ms().1 < h)
            {
                due.push((cert, name, path.to_path_buf()));
            }
        },
    )?;
    // In natural order of their names, as `list` shows them.
    due.sort_by(|a, b| crate::inventory::natural_cmp(&a.1, &b.1).then_with(|| a.2.cmp(&b.2)));
    let mut names = Names::of(out)?;
    let mut planned = Vec::new();
    let mut skipped = Vec::new();
    let shown = |path: &Path, name: &str| match name.rsplit_once('#') {
        Some((_, n)) => format!("{}#{n}", path.display()),
        None => path.display().to_string(),
    };
    for (cert, name, path) in due {
        if name.contains('#') {
            skipped.push(Skipped {
                certificate: shown(&path, &name),
                reason: format!(
                    "a chain certificate in {}, not the bundle's own: renew it where it is issued",
                    path.display()
                ),
            });
            continue;
        }
        let key_file = found.keys.get(cert.public_key()).cloned();
        let dropped_usages = match opts.key {
            RenewKey::Same if key_file.is_none() => {
                skipped.push(Skipped {
                    certificate: shown(&path, &name),
                    reason: if found.locked_keys > 0 {
                        format!(
                            "no private key for it under {} ({} key(s) stayed locked: give their password)",
                            dir.display(),
                            found.locked_keys
                        )
                    } else {
                        format!("no private key for it under {}", dir.display())
                    },
                });
                continue;
            }
            RenewKey::Same => Vec::new(),
            RenewKey::New(alg) => cert
                .extensions()
                .iter()
                .filter(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_KEY_USAGE)
                .flat_map(|e| crate::usages::for_key(e, alg.key_type()).1)
                .collect(),
        };
        let (file_name, suffix) = names.reserve(&name);
        let opened = found.opened.get(cert.public_key()).cloned();
        planned.push(Planned {
            opened,
            certificate: path,
            days_left: crate::cert::days_left(cert.validity_ms().1, opts.now_ms),
            cert,
            key_file: key_file.filter(|_| opts.key == RenewKey::Same),
            dropped_usages,
            name: file_name,
            stem: (name, suffix),
        });
    }
    Ok((planned, skipped))
}

/// Makes one renewal: the key (read, or new), the request, the CSR.
fn make(item: &Planned, opts: &RenewOptions) -> Result<Made> {
    let old = Parsed::Cert(item.cert.clone());
    let password = opts.password.as_ref().map(Password::as_bytes);
    match opts.key {
        RenewKey::Same => {
            let read;
            let key: &PrivateKey = match (&item.opened, &item.key_file) {
                (Some(key), _) => key,
                (None, Some(file)) => {
                    let bytes =
                        Zeroizing::new(std::fs::read(file).map_err(|e| Error::io(file, e))?);
                    read = PrivateKey::from_bytes_with_password(&bytes, password)?;
                    &read
                }
                (None, None) => return Err(Error::KeyMismatch),
            };
            let csr = CsrRequest::renewal(&old, key)?.sign(key)?;
            Ok((None, csr.to_pem()))
        }
        RenewKey::New(alg) => {
            let key = PrivateKey::generate(alg)?;
            let csr = CsrRequest::rekey(&old, &key)?.sign(&key)?;
            let pem = key.to_pem_with(password, opts.key_cipher)?;
            Ok((Some(pem), csr.to_pem()))
        }
    }
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
    let pairs = write_pairs(
        planned,
        |p| (&p.stem.0, p.stem.1, &p.name),
        |p| make(p, opts),
        out,
        stop,
        progress,
        staging,
    )?;
    let mut renewed: Vec<(usize, Renewed)> = pairs
        .written
        .into_iter()
        .map(|(i, name)| {
            let p = &planned[i];
            let (key, csr) = crate::batch::item_paths(out, &name);
            (
                i,
                Renewed {
                    certificate: p.certificate.clone(),
                    csr,
                    key: matches!(opts.key, RenewKey::New(_)).then_some(key),
                    days_left: p.days_left,
                    not_after: p.cert.validity_ms().1,
                    dropped_usages: p.dropped_usages.clone(),
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
            .map(|(i, e)| (planned[i].certificate.clone(), e))
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
) -> Result<(RenewReport, Vec<Skipped>)> {
    let (planned, skipped) = plan(dir, out, opts)?;
    let report = run(&planned, out, opts, stop, progress, Staging::Auto)?;
    Ok((report, skipped))
}
