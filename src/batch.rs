//! Bulk generation: N keys and CSRs on all cores, for people who provision many hosts.
//!
//! [`plan`] expands the template (`{i}` in the CN and the SANs becomes the 1-based
//! index), checks every subject and SAN before any key is made, and reserves a file
//! name for each item: the CN with every character outside `A–Z a–z 0–9 _ -` turned
//! into `_` (a valid UploadCsr name), cut to 44 characters, with `-2`, `-3`, … when
//! `NAME.csr.pem` or `NAME.key.pem` is already taken. [`run`] generates in parallel
//! (rayon), a group of [`GROUP`] items at a time, and writes each group as one commit
//! ([`GroupWriter`]): `NAME.key.pem` (PKCS#8, 0600) and `NAME.csr.pem` staged unnamed,
//! the group synced once, then linked to their names, never over an existing file, and
//! the folder synced once at the end. A name taken between the plan and the link (by
//! another batch writing into the same folder, say) is not an error: the pair takes the
//! next free suffix, key first, so that two writers never split a pair. Setting the stop flag (Ctrl-C in the CLI) lets the
//! group under way finish and starts no new one; an error that would repeat for every
//! item (disk full, read-only or unwritable folder) stops the run at once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::files::{GroupWriter, Staged, Staging, is_fatal_for_folder};
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
    /// File name stem as planned (`stem` or `stem-N`).
    pub name: String,
    /// The stem the name was made from, and the suffix number planned (1 for none): a
    /// name taken meanwhile is replaced by the next suffix.
    pub stem: (String, usize),
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

/// `stem` for the first item of a name, `stem-N` after it, cut so that the name stays
/// within the UploadCsr limit of 50 characters.
fn with_suffix(stem: &str, n: usize) -> String {
    if n == 1 {
        return stem.to_string();
    }
    let suffix = format!("-{n}");
    let keep = 50usize.saturating_sub(suffix.len());
    format!("{}{suffix}", &stem[..stem.len().min(keep)])
}

/// Expands and checks the template for `count` items and reserves their names in `out`.
pub fn plan(template: &BatchTemplate, count: usize, out: &Path) -> Result<Vec<BatchItem>> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
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
        // The next suffix to try for this stem: one search per stem, not one per item
        // (a CN without `{i}` gives the same stem to every item).
        let n = next.entry(stem.clone()).or_insert(1);
        let mut name = with_suffix(&stem, *n);
        while taken.contains(&name)
            || exists(format!("{name}.csr.pem"))
            || exists(format!("{name}.key.pem"))
        {
            *n += 1;
            name = with_suffix(&stem, *n);
        }
        let suffix = *n;
        *n += 1;
        taken.insert(name.clone());
        items.push(BatchItem {
            index,
            name,
            stem: (stem, suffix),
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
    /// The names written, by item index, where one differs from the plan (taken
    /// meanwhile: the next suffix).
    pub renamed: Vec<(usize, String)>,
    /// Items that failed, with the error (a name taken meanwhile, say).
    pub failed: Vec<(String, Error)>,
    /// The error that stopped the run because it would repeat for every item (disk
    /// full, read-only or unwritable folder): no key was generated after it.
    pub fatal: Option<Error>,
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

/// Items per group commit: generated in parallel, staged, synced once, then linked.
pub const GROUP: usize = 256;

/// The key and CSR of one item, as PEM (the key zeroized on drop).
type Made = (zeroize::Zeroizing<String>, String);

fn make_one(item: &BatchItem, algorithm: KeyAlgorithm) -> Result<Made> {
    let key = PrivateKey::generate(algorithm)?;
    let csr = item.request.sign(&key)?;
    Ok((key.to_pkcs8_pem()?, csr.to_pem()))
}

/// Generates and writes the planned items on all cores, in group commits
/// ([`GroupWriter`]): a key and its CSR appear only with their whole, durable content,
/// nothing temporary survives the process, and the first error that would repeat for
/// every item stops the run before another key is generated.
pub fn run(
    items: &[BatchItem],
    algorithm: KeyAlgorithm,
    out: &Path,
    stop: &AtomicBool,
    progress: impl Fn() + Sync,
) -> Result<BatchReport> {
    run_with(items, algorithm, out, stop, progress, Staging::Auto)
}

/// [`run`] with the staging chosen (the named-temporary-file fallback, say).
pub fn run_with(
    items: &[BatchItem],
    algorithm: KeyAlgorithm,
    out: &Path,
    stop: &AtomicBool,
    progress: impl Fn() + Sync,
    staging: Staging,
) -> Result<BatchReport> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let writer = GroupWriter::new(out, staging)?;
    let start = Instant::now();
    let mut report = BatchReport {
        written: 0,
        renamed: Vec::new(),
        failed: Vec::new(),
        fatal: None,
        stopped: false,
        elapsed: Duration::ZERO,
    };
    'groups: for group in items.chunks(GROUP) {
        if stop.load(Ordering::Relaxed) {
            report.stopped = true;
            break;
        }
        // Generate and stage in parallel; a fatal error stops further items at once.
        let fatal = AtomicBool::new(false);
        let staged: Vec<Option<Result<(Staged, Staged)>>> = group
            .par_iter()
            .map(|item| {
                if stop.load(Ordering::Relaxed) || fatal.load(Ordering::Relaxed) {
                    return None;
                }
                let r = make_one(item, algorithm).and_then(|(key, csr)| {
                    let k = writer.stage(
                        format!("{}.key.pem", item.name).as_ref(),
                        key.as_bytes(),
                        true,
                    )?;
                    let c = writer.stage(
                        format!("{}.csr.pem", item.name).as_ref(),
                        csr.as_bytes(),
                        false,
                    )?;
                    Ok((k, c))
                });
                if let Err(e) = &r
                    && is_fatal_for_folder(e)
                {
                    fatal.store(true, Ordering::Relaxed);
                }
                Some(r)
            })
            .collect();
        let mut ready = Vec::with_capacity(group.len());
        for (item, s) in group.iter().zip(staged) {
            match s {
                None => report.stopped |= !fatal.load(Ordering::Relaxed),
                Some(Ok(pair)) => ready.push((item, pair)),
                Some(Err(e)) if is_fatal_for_folder(&e) => {
                    report.fatal.get_or_insert(e);
                }
                Some(Err(e)) => report.failed.push((item.name.clone(), e)),
            }
        }
        // After a fatal error, the items already staged whole are still committed (no
        // new key is made); the failed ones' staged files are gone with them.
        if let Err(e) = writer.sync() {
            report.fatal.get_or_insert(e);
            break 'groups;
        }
        for (item, (key, csr)) in ready {
            match link_pair(&writer, item, &key, &csr) {
                Ok(name) => {
                    if name != item.name {
                        report.renamed.push((item.index, name));
                    }
                    report.written += 1;
                    progress();
                }
                Err(e) if is_fatal_for_folder(&e) => {
                    report.fatal.get_or_insert(e);
                    break 'groups;
                }
                Err(e) => report.failed.push((item.name.clone(), e)),
            }
        }
        if report.fatal.is_some() {
            break 'groups;
        }
    }
    // The folder once, at the end: every linked name is durable when the run returns.
    let synced = writer.finish();
    report.elapsed = start.elapsed();
    if report.fatal.is_none() {
        synced?;
    }
    Ok(report)
}

/// How many further suffixes a pair tries when its names are taken meanwhile.
const MAX_RETRIES: usize = 100_000;

/// Links a staged key and CSR as a pair under the item's planned name, or, when another
/// writer took it meanwhile, under the next free suffix: the key first (a writer that
/// holds `NAME.key.pem` is the only one that links `NAME.csr.pem`), the key unlinked
/// again when the CSR's name is taken. Returns the name.
fn link_pair(writer: &GroupWriter, item: &BatchItem, key: &Staged, csr: &Staged) -> Result<String> {
    let (stem, first) = &item.stem;
    let mut last = None;
    for n in *first..first.saturating_add(MAX_RETRIES) {
        let name = if n == *first {
            item.name.clone()
        } else {
            with_suffix(stem, n)
        };
        let key_name = format!("{name}.key.pem");
        match writer.link_as(key, key_name.as_ref()) {
            Err(e @ Error::Exists(_)) => {
                last = Some(e);
                continue;
            }
            Err(e) => return Err(e),
            Ok(()) => {}
        }
        match writer.link_as(csr, format!("{name}.csr.pem").as_ref()) {
            Ok(()) => return Ok(name),
            Err(e) => {
                writer.unlink(key_name.as_ref());
                if !matches!(e, Error::Exists(_)) {
                    return Err(e);
                }
                last = Some(e);
            }
        }
    }
    Err(last.unwrap_or_else(|| Error::Exists(item_paths(writer.path(), &item.name).1)))
}
