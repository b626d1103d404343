//! The UploadCsr bodies of a folder: every CSR under it with its private key, ready to
//! send to Alibaba Cloud CAS `UploadCsr` one by one.
//!
//! [`bodies`] walks the folder as [`crate::inventory::list`] does (the same files, the
//! same passwords, the same problems) and pairs each CSR with the private key found
//! there by public key: a key file (PKCS#8, PKCS#1, SEC1, PEM or DER, encrypted or not),
//! a PKCS#12 bundle or a combined PEM file. Each body is built by
//! [`UploadCsrRequest::checked`] (the CSR's signature verifies, its key matches), and its
//! `Name` is the CSR's CN by the UploadCsr rule ([`crate::request::csr_name_from`]; the
//! file's name without a CN), made unique over the folder
//! ([`crate::request::unique_csr_names`]). Bodies come in path order.
//!
//! A CSR with no key under the folder, or one the API would refuse, gets no body and is
//! named in [`UploadBodies::skipped`] with why; a copy of a CSR already found (the same
//! DER in another file) is skipped as [`Problem::Duplicate`].
//!
//! ```
//! use csrkit::{keys::{KeyAlgorithm, KeyFormat, Passwords, PrivateKey},
//!              names::DistinguishedName, request::CsrRequest};
//! let dir = tempfile::tempdir()?;
//! for (file, cn, with_key) in [("a", "web.example.com", true), ("b", "web.example.com", true),
//!                              ("c", "mail.example.com", false)] {
//!     let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
//!     let csr = CsrRequest::new(DistinguishedName::builder().common_name(cn).build()?)
//!         .sign(&key)?;
//!     std::fs::write(dir.path().join(format!("{file}.csr")), csr.to_pem())?;
//!     if with_key {
//!         std::fs::write(dir.path().join(format!("{file}.key")),
//!                        key.to_pem(KeyFormat::Pkcs8)?.as_bytes())?;
//!     }
//! }
//! let found = csrkit::upload::bodies(dir.path(), &Passwords::none(), Default::default())?;
//! let names: Vec<_> = found.bodies.iter().map(|b| b.request.name.clone().unwrap()).collect();
//! assert_eq!(names, ["web_example_com", "web_example_com-2"]);
//! assert!(found.bodies.iter().all(|b| b.request.key.is_some()));
//! assert_eq!(found.skipped.len(), 1); // c.csr: no private key for it
//! assert!(found.skipped[0].0.ends_with("c.csr"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::api::{UploadCsrRequest, UploadKeyFormat};
use crate::cert::Parsed;
use crate::csr::ParsedCsr;
use crate::error::Result;
use crate::inventory::{ListOptions, scan};
use crate::keys::{Passwords, PrivateKey, PublicKey};
use crate::problem::{Problem, ProblemKind};
use crate::renewal::open_key;

/// One CSR's body, with the files it came from.
#[derive(Debug)]
pub struct UploadBody {
    /// The body: `Name`, `Csr` and `Key`.
    pub request: UploadCsrRequest,
    /// The CSR's file.
    pub csr_file: PathBuf,
    /// The file its key came from (a key file, a bundle or a combined PEM file).
    pub key_file: PathBuf,
}

/// What [`bodies`] found.
#[derive(Debug)]
pub struct UploadBodies {
    /// A body for each CSR with its key, in path order.
    pub bodies: Vec<UploadBody>,
    /// Each CSR that has no body, with why: [`Problem::NoKey`] (with how many files stayed
    /// locked), [`Problem::Refused`] (the API would refuse it), [`Problem::Duplicate`].
    pub skipped: Vec<(PathBuf, Problem)>,
    /// Every other file not used, with why, as [`crate::inventory::Listing::problems`]
    /// says it (not readable, malformed, locked, a key of nothing here, …).
    pub problems: Vec<(PathBuf, Problem)>,
}

impl UploadBodies {
    /// The bodies as a pretty JSON array in one zeroizing buffer, sized before it is
    /// written (as [`UploadCsrRequest::to_json_zeroizing`] does for one body): the keys
    /// leave no copy behind in memory the buffer outgrew.
    pub fn to_json_zeroizing(&self) -> Result<Zeroizing<Vec<u8>>> {
        let requests: Vec<&UploadCsrRequest> = self.bodies.iter().map(|b| &b.request).collect();
        // Each body's bound, and its indentation and separators in the array.
        let capacity = requests
            .iter()
            .map(|r| r.json_capacity() + 64)
            .sum::<usize>()
            + 8;
        let mut buf = Zeroizing::new(Vec::with_capacity(capacity));
        serde_json::to_writer_pretty(&mut *buf, &requests)
            .map_err(|e| crate::Error::ApiBody(e.to_string()))?;
        debug_assert!(buf.capacity() == capacity, "the JSON outgrew its buffer");
        Ok(buf)
    }
}

/// The UploadCsr bodies of every CSR under `dir` with its key there (see the module
/// documentation). `passwords` open encrypted keys and bundles; `key_format` says how each
/// `Key` is written. Only a folder that cannot be walked is an error.
pub fn bodies(
    dir: &Path,
    passwords: &Passwords,
    key_format: UploadKeyFormat,
) -> Result<UploadBodies> {
    bodies_with_keys(dir, &[], passwords, key_format)
}

/// [`bodies`], with each CSR's key looked for under `key_dirs` too (after `dir`): the
/// folder a same-key renewal renewed, whose keys stay where they were. Of those folders'
/// problems, only the keys and bundles no password opened are reported.
///
/// ```
/// use csrkit::keys::{KeyAlgorithm, KeyFormat, Passwords, PrivateKey};
/// use csrkit::{names::DistinguishedName, request::CsrRequest};
/// let (csrs, keys) = (tempfile::tempdir()?, tempfile::tempdir()?);
/// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
/// let csr = CsrRequest::new(DistinguishedName::builder().common_name("www.example.com").build()?)
///     .sign(&key)?;
/// std::fs::write(csrs.path().join("www.csr.pem"), csr.to_pem())?;
/// std::fs::write(keys.path().join("www.key"), key.to_pem(KeyFormat::Pkcs8)?.as_bytes())?;
/// let alone = csrkit::upload::bodies(csrs.path(), &Passwords::none(), Default::default())?;
/// assert_eq!((alone.bodies.len(), alone.skipped.len()), (0, 1));
/// let found = csrkit::upload::bodies_with_keys(csrs.path(), &[keys.path()], &Passwords::none(),
///                                              Default::default())?;
/// assert_eq!(found.bodies.len(), 1);
/// assert!(found.bodies[0].key_file.starts_with(keys.path()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn bodies_with_keys(
    dir: &Path,
    key_dirs: &[&Path],
    passwords: &Passwords,
    key_format: UploadKeyFormat,
) -> Result<UploadBodies> {
    let opts = ListOptions {
        certs: false,
        verify: false,
        passwords: passwords.clone(),
        keep_opened_keys: true,
        ..ListOptions::default()
    };
    let mut csrs: Vec<(ParsedCsr, String, PathBuf)> = Vec::new();
    let mut found = scan(
        dir,
        &opts,
        |_| {},
        |parsed, name, path| {
            if let Parsed::Csr(csr) = parsed {
                csrs.push((csr, name, path.to_path_buf()));
            }
        },
    )?;
    for key_dir in key_dirs {
        let more = scan(key_dir, &opts, |_| {}, |_, _, _| {})?;
        for (public, file) in more.keys {
            found.keys.entry(public).or_insert(file);
        }
        for (public, key) in more.opened {
            found.opened.entry(public).or_insert(key);
        }
        found.problems.extend(
            more.problems
                .into_iter()
                .filter(|(_, p)| p.kind() == ProblemKind::Locked),
        );
    }
    let locked = found
        .problems
        .iter()
        .filter(|(_, p)| p.kind() == ProblemKind::Locked)
        .count();
    let mut skipped = Vec::new();
    let mut first_file: HashMap<Vec<u8>, PathBuf> = HashMap::new();
    // Keys opened here (files read for their public half only), each once.
    let mut opened: HashMap<PublicKey, Arc<PrivateKey>> = HashMap::new();
    // Each CSR checked with its key first, so that a refused one takes no name.
    let mut ready: Vec<(UploadBody, String)> = Vec::new();
    for (csr, entry_name, file) in csrs {
        if let Some(of) = first_file.get(csr.der()) {
            skipped.push((file, Problem::Duplicate { of: of.clone() }));
            continue;
        }
        first_file.insert(csr.der().to_vec(), file.clone());
        let public = csr.public_key();
        let Some(key_file) = found.keys.get(public).cloned() else {
            skipped.push((file, Problem::NoKey { locked }));
            continue;
        };
        let key = match found.opened.get(public).or_else(|| opened.get(public)) {
            Some(k) => k.clone(),
            None => match open_key(&key_file, passwords) {
                Ok(k) => {
                    let k = Arc::new(k);
                    opened.insert(public.clone(), k.clone());
                    k
                }
                Err(e) => {
                    skipped.push((file, Problem::of_error(e)));
                    continue;
                }
            },
        };
        let request = match UploadCsrRequest::checked(csr.der(), Some(&key), None, key_format) {
            Ok(r) => r,
            Err(e) => {
                skipped.push((file, Problem::Refused(e)));
                continue;
            }
        };
        let cn = crate::names::joined(csr.subject(), crate::names::Attribute::CommonName)
            .filter(|c| !c.trim().is_empty())
            .unwrap_or(entry_name);
        ready.push((
            UploadBody {
                request,
                csr_file: file,
                key_file,
            },
            cn,
        ));
    }
    let names = crate::request::unique_csr_names(
        ready
            .iter()
            .map(|(_, cn)| crate::request::csr_name_from(cn)),
    );
    let bodies = ready
        .into_iter()
        .zip(names)
        .map(|((mut body, _), name)| {
            debug_assert!(crate::csr::check_csr_name(&name).is_ok());
            body.request.name = Some(name);
            body
        })
        .collect();
    skipped.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(UploadBodies {
        bodies,
        skipped,
        problems: found.problems,
    })
}
