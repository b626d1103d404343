//! Linting files and folders: every CSR and certificate of a file (a bundle or a chain
//! certificate by certificate), a folder's files on all cores.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{Finding, Profile, lint};
use crate::cert::Parsed;
use crate::contents::Contents;
use crate::error::Result;
use crate::names::{self, Attribute};

/// The findings of one CSR or certificate: `{"File", "Kind", "CommonName", "Findings"}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Linted {
    /// The file (`FILE#2` for the second object of a bundle).
    pub file: String,
    /// `CSR` or `CERTIFICATE`.
    pub kind: &'static str,
    /// The subject's CN (several joined by `,`).
    pub common_name: Option<String>,
    /// What the rules found.
    pub findings: Vec<Finding>,
}

/// Lints every object of `contents`, naming them after `file`.
pub fn lint_contents(contents: &Contents, file: &str, profile: &Profile, now: i64) -> Vec<Linted> {
    contents
        .objects
        .iter()
        .enumerate()
        .map(|(i, object)| {
            let (kind, subject) = match object {
                Parsed::Csr(c) => ("CSR", c.subject()),
                Parsed::Cert(c) => ("CERTIFICATE", c.subject()),
            };
            Linted {
                file: if i == 0 {
                    file.to_string()
                } else {
                    format!("{file}#{}", i + 1)
                },
                kind,
                common_name: names::joined(subject, Attribute::CommonName),
                findings: lint(object, profile, now),
            }
        })
        .collect()
}

/// Reads and lints one file (PEM, DER, a PEM bundle, or a PKCS#12 bundle without a
/// password).
pub fn lint_file(path: &Path, profile: &Profile, now: i64) -> Result<Vec<Linted>> {
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
    let contents = Contents::from_bytes(&bytes, None)?;
    Ok(lint_contents(
        &contents,
        &path.display().to_string(),
        profile,
        now,
    ))
}

/// What [`lint_dir`] found.
#[derive(Debug, Default)]
pub struct DirLint {
    /// The CSRs and certificates, in path order.
    pub linted: Vec<Linted>,
    /// Files that hold no CSR or certificate csrkit reads (keys, other files).
    pub skipped: usize,
    /// Files and folders that could not be read, with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Lints every CSR and certificate under `dir`, the files read and linted on all cores.
pub fn lint_dir(dir: &Path, profile: &Profile, now: i64) -> Result<DirLint> {
    let (files, unreadable) = crate::inventory::walk(dir)?;
    let results: Vec<std::result::Result<Vec<Linted>, Option<String>>> = files
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).map_err(|e| Some(e.to_string()))?;
            if bytes.len() > crate::input::MAX_INPUT {
                return Err(None);
            }
            match Contents::from_bytes(&bytes, None) {
                Ok(c) => Ok(lint_contents(&c, &p.display().to_string(), profile, now)),
                Err(_) => Err(None),
            }
        })
        .collect();
    let mut out = DirLint {
        unreadable,
        ..DirLint::default()
    };
    for (path, r) in files.into_iter().zip(results) {
        match r {
            Ok(l) => out.linted.extend(l),
            Err(None) => out.skipped += 1,
            Err(Some(why)) => out.unreadable.push((path, why)),
        }
    }
    Ok(out)
}

/// The findings of CSRs about to be made, each request signed for the purpose with one
/// throwaway key of `algorithm` (the key rules see a key of that algorithm; the real keys
/// are generated later): what `batch` checks before it writes anything. On all cores.
pub fn lint_requests(
    requests: &[&crate::request::CsrRequest],
    algorithm: crate::keys::KeyAlgorithm,
    profile: &Profile,
    now: i64,
) -> Result<Vec<Vec<Finding>>> {
    let key = crate::keys::PrivateKey::generate(algorithm)?;
    requests
        .par_iter()
        .map(|r| {
            let csr = r.sign(&key)?;
            let parsed = crate::csr::ParsedCsr::from_der(csr.der())?;
            // Signed here: its own signature is not checked again.
            Ok(super::lint_checked_csr(
                &parsed,
                crate::signature::Verification::Valid,
                profile,
                now,
            ))
        })
        .collect()
}
