//! Bulk generation: N keys and CSRs on all cores, for people who provision many hosts.
//!
//! [`plan`] expands the template (`{i}` in the CN and the SANs becomes the 1-based
//! index), checks every subject and SAN before any key is made, and reserves a file
//! name for each item: the CN with every character outside `A–Z a–z 0–9 _ -` turned
//! into `_` (a valid UploadCsr name), cut to 44 characters, with `-2`, `-3`, … when
//! `NAME.csr.pem` or `NAME.key.pem` is already taken. [`run`] generates in parallel
//! (rayon) and writes `NAME.key.pem` (PKCS#8, 0600) then `NAME.csr.pem`, each atomically
//! and never over an existing file. Setting the stop flag (Ctrl-C in the CLI) lets the
//! items under way finish and starts no new one, so only whole files are left.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::files::{WriteOptions, write_atomic};
use crate::keys::{KeyAlgorithm, PrivateKey};
use crate::names::DnBuilder;
use crate::request::{CsrRequest, Profile};
use crate::sans::San;

/// What every item of a batch is made from.
#[derive(Debug, Clone)]
pub struct BatchTemplate {
    /// Key algorithm.
    pub algorithm: KeyAlgorithm,
    /// The subject without its CN (C, ST, L, O, OU).
    pub subject: DnBuilder,
    /// CN pattern; `{i}` becomes the index.
    pub cn: String,
    /// SAN patterns; `{i}` becomes the index. None: the CN is the SAN when it can be.
    pub sans: Vec<String>,
    /// Extension profile.
    pub profile: Profile,
}

/// One planned item.
#[derive(Debug, Clone)]
pub struct BatchItem {
    /// 1-based index.
    pub index: usize,
    /// File name stem.
    pub name: String,
    /// The CSR request.
    pub request: CsrRequest,
}

/// Longest stem before a `-N` suffix, so names stay within the UploadCsr limit of 50.
const MAX_STEM: usize = 44;

/// The file stem for a CN.
pub fn file_stem(cn: &str) -> String {
    let s: String = cn
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_STEM)
        .collect();
    if s.is_empty() { "csr".to_string() } else { s }
}

/// Expands and checks the template for `count` items and reserves their names in `out`.
pub fn plan(template: &BatchTemplate, count: usize, out: &Path) -> Result<Vec<BatchItem>> {
    let mut taken: HashSet<String> = HashSet::new();
    // The folder's names, read once (one `stat` per item and file cost more than the key
    // on a slow file system). A name taken after this is still never overwritten: the
    // write refuses it.
    let existing: HashSet<std::ffi::OsString> = match std::fs::read_dir(out) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.file_name())).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashSet::new(),
        Err(e) => return Err(Error::io(out, e)),
    };
    let exists = |f: String| existing.contains(std::ffi::OsStr::new(&f));
    let mut items = Vec::with_capacity(count);
    for index in 1..=count {
        let expand = |s: &str| s.replace("{i}", &index.to_string());
        let cn = expand(&template.cn);
        let subject = template.subject.clone().common_name(cn.clone()).build()?;
        let mut request = CsrRequest::new(subject).profile(template.profile);
        for s in &template.sans {
            request = request.san(San::parse(&expand(s))?);
        }
        let request = request.with_cn_as_default_san();
        let stem = file_stem(&cn);
        let mut name = stem.clone();
        let mut n = 1;
        while taken.contains(&name)
            || exists(format!("{name}.csr.pem"))
            || exists(format!("{name}.key.pem"))
        {
            n += 1;
            name = format!("{stem}-{n}");
        }
        taken.insert(name.clone());
        items.push(BatchItem {
            index,
            name,
            request,
        });
    }
    Ok(items)
}

/// What a run did.
#[derive(Debug)]
pub struct BatchReport {
    /// Items whose key and CSR were written.
    pub written: usize,
    /// Items that failed, with the error.
    pub failed: Vec<(String, Error)>,
    /// True when the stop flag ended the run early.
    pub stopped: bool,
    /// Wall time.
    pub elapsed: Duration,
}

impl BatchReport {
    /// Keys and CSRs per second.
    pub fn per_second(&self) -> f64 {
        self.written as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// The files of one item.
pub fn item_paths(out: &Path, name: &str) -> (PathBuf, PathBuf) {
    (
        out.join(format!("{name}.key.pem")),
        out.join(format!("{name}.csr.pem")),
    )
}

fn make_one(item: &BatchItem, algorithm: KeyAlgorithm, out: &Path) -> Result<()> {
    let key = PrivateKey::generate(algorithm)?;
    let csr = item.request.sign(&key)?;
    let (key_path, csr_path) = item_paths(out, &item.name);
    // Each file is synced before it is linked into place; the folder once, at the end.
    let no_overwrite = |secret| WriteOptions {
        overwrite: false,
        secret,
        sync_dir: false,
    };
    write_atomic(
        &key_path,
        key.to_pkcs8_pem()?.as_bytes(),
        no_overwrite(true),
    )?;
    if let Err(e) = write_atomic(&csr_path, csr.to_pem().as_bytes(), no_overwrite(false)) {
        let _ = std::fs::remove_file(&key_path);
        return Err(e);
    }
    Ok(())
}

/// Generates and writes the planned items on all cores.
pub fn run(
    items: &[BatchItem],
    algorithm: KeyAlgorithm,
    out: &Path,
    stop: &AtomicBool,
    progress: impl Fn() + Sync,
) -> Result<BatchReport> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let start = Instant::now();
    let results: Vec<Option<(String, Result<()>)>> = items
        .par_iter()
        .map(|item| {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let r = make_one(item, algorithm, out);
            progress();
            Some((item.name.clone(), r))
        })
        .collect();
    // Best effort, as for `generate`: every file is already synced and in place, and
    // some file systems cannot sync a folder.
    let _ = crate::files::sync_dir(out);
    let elapsed = start.elapsed();
    let mut written = 0;
    let mut failed = Vec::new();
    let mut skipped = 0;
    for r in results {
        match r {
            Some((_, Ok(()))) => written += 1,
            Some((name, Err(e))) => failed.push((name, e)),
            None => skipped += 1,
        }
    }
    Ok(BatchReport {
        written,
        failed,
        stopped: skipped > 0,
        elapsed,
    })
}
