//! Bulk generation: N keys and CSRs on all cores, for people who provision many hosts.
//!
//! [`plan`] expands the template (`{i}` in the CN and the SANs becomes the 1-based
//! index), checks every subject and SAN before any key is made, and reserves a file
//! name for each item: the CN as a valid UploadCsr name ([`crate::request::csr_name_from`]),
//! with `-2`, `-3`, … (within 50 characters) when `NAME.csr.pem` or `NAME.key.pem` is
//! already taken. [`run`] generates in parallel
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
use crate::request::{CsrRequest, Profile, csr_name_from, with_suffix};
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

/// Reserves pair names in a folder: `stem`, then `stem-2`, `stem-3`, … past every name
/// the folder holds (read once: one `stat` per item and file cost more than the key on a
/// slow file system) and every name reserved before. A name taken after the listing is
/// still never overwritten: the link refuses it and takes the next suffix.
pub struct Names {
    existing: HashSet<std::ffi::OsString>,
    taken: HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl Names {
    /// The names of `out` (none when it does not exist yet).
    pub fn of(out: &Path) -> Result<Self> {
        let existing = match std::fs::read_dir(out) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.file_name())).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashSet::new(),
            Err(e) => return Err(Error::io(out, e)),
        };
        Ok(Names {
            existing,
            taken: HashSet::new(),
            next: std::collections::HashMap::new(),
        })
    }

    /// The first free name of `stem` and its suffix number (1 for none).
    pub fn reserve(&mut self, stem: &str) -> (String, usize) {
        let exists = |existing: &HashSet<std::ffi::OsString>, f: String| {
            existing.contains(std::ffi::OsStr::new(&f))
        };
        // The next suffix to try for this stem: one search per stem, not one per item
        // (a CN without `{i}` gives the same stem to every item).
        let n = self.next.entry(stem.to_string()).or_insert(1);
        let mut name = with_suffix(stem, *n);
        while self.taken.contains(&name)
            || exists(&self.existing, format!("{name}.csr.pem"))
            || exists(&self.existing, format!("{name}.key.pem"))
        {
            *n += 1;
            name = with_suffix(stem, *n);
        }
        let suffix = *n;
        *n += 1;
        self.taken.insert(name.clone());
        (name, suffix)
    }
}

/// Expands and checks the template for `count` items and reserves their names in `out`.
pub fn plan(template: &BatchTemplate, count: usize, out: &Path) -> Result<Vec<BatchItem>> {
    let mut names = Names::of(out)?;
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
        let stem = csr_name_from(&cn);
        let (name, suffix) = names.reserve(&stem);
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

/// What one item of a group commit is made into: a new key (PEM, zeroized on drop; none
/// for a renewal with the key it has) and a CSR (PEM).
pub type Made = (Option<zeroize::Zeroizing<String>>, String);

fn make_one(item: &BatchItem, algorithm: KeyAlgorithm) -> Result<Made> {
    let key = PrivateKey::generate(algorithm)?;
    let csr = item.request.sign(&key)?;
    Ok((Some(key.to_pkcs8_pem()?), csr.to_pem()))
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
    let pairs = write_pairs(
        items,
        |item| (&item.stem.0, item.stem.1, &item.name),
        |item| make_one(item, algorithm),
        out,
        stop,
        progress,
        staging,
    )?;
    let by_index: std::collections::HashMap<usize, &BatchItem> = items.iter().enumerate().collect();
    Ok(BatchReport {
        written: pairs.written.len(),
        renamed: pairs
            .written
            .iter()
            .filter(|(i, name)| by_index.get(i).is_some_and(|it| &it.name != name))
            .map(|(i, name)| (by_index[i].index, name.clone()))
            .collect(),
        failed: pairs
            .failed
            .into_iter()
            .map(|(i, e)| (by_index[&i].name.clone(), e))
            .collect(),
        fatal: pairs.fatal,
        stopped: pairs.stopped,
        elapsed: pairs.elapsed,
    })
}

/// A staged key (none for a renewal with the key it has) and CSR.
type StagedPair = (Option<Staged>, Staged);

/// What [`write_pairs`] did, by the position of each item in the slice given.
#[derive(Debug)]
pub struct PairsReport {
    /// The items written, with the name they got (`stem` or `stem-N`).
    pub written: Vec<(usize, String)>,
    /// The items that failed, with the error.
    pub failed: Vec<(usize, Error)>,
    /// The error that stopped the run (disk full, read-only or unwritable folder).
    pub fatal: Option<Error>,
    /// True when the stop flag ended the run early.
    pub stopped: bool,
    /// Wall time.
    pub elapsed: Duration,
}

/// The group-commit machinery of `batch` and of a folder's renewal: each item is made on
/// all cores (`make`: its new key, if any, and its CSR), staged, the group synced once,
/// then linked as `NAME.key.pem` (0600) and `NAME.csr.pem`, never over an existing file:
/// a name taken meanwhile takes the next suffix. `name` gives an item's stem, the suffix
/// number planned (1 for none) and the planned name. The first error that would repeat
/// for every item stops the run before another item is made; the stop flag lets the
/// group under way finish.
pub fn write_pairs<T: Sync>(
    items: &[T],
    name: impl Fn(&T) -> (&str, usize, &str) + Sync,
    make: impl Fn(&T) -> Result<Made> + Sync,
    out: &Path,
    stop: &AtomicBool,
    progress: impl Fn() + Sync,
    staging: Staging,
) -> Result<PairsReport> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let writer = GroupWriter::new(out, staging)?;
    let start = Instant::now();
    let mut report = PairsReport {
        written: Vec::new(),
        failed: Vec::new(),
        fatal: None,
        stopped: false,
        elapsed: Duration::ZERO,
    };
    let indexed: Vec<(usize, &T)> = items.iter().enumerate().collect();
    'groups: for group in indexed.chunks(GROUP) {
        if stop.load(Ordering::Relaxed) {
            report.stopped = true;
            break;
        }
        // Make and stage in parallel; a fatal error stops further items at once.
        let fatal = AtomicBool::new(false);
        let staged: Vec<Option<Result<StagedPair>>> = group
            .par_iter()
            .map(|(_, item)| {
                if stop.load(Ordering::Relaxed) || fatal.load(Ordering::Relaxed) {
                    return None;
                }
                let (_, _, planned) = name(item);
                let r = make(item).and_then(|(key, csr)| {
                    let k = match key {
                        Some(key) => Some(writer.stage(
                            format!("{planned}.key.pem").as_ref(),
                            key.as_bytes(),
                            true,
                        )?),
                        None => None,
                    };
                    let c = writer.stage(
                        format!("{planned}.csr.pem").as_ref(),
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
        for ((i, item), s) in group.iter().zip(staged) {
            match s {
                None => report.stopped |= !fatal.load(Ordering::Relaxed),
                Some(Ok(pair)) => ready.push((*i, *item, pair)),
                Some(Err(e)) if is_fatal_for_folder(&e) => {
                    report.fatal.get_or_insert(e);
                }
                Some(Err(e)) => report.failed.push((*i, e)),
            }
        }
        // After a fatal error, the items already staged whole are still committed (no
        // new one is made); the failed ones' staged files are gone with them.
        if let Err(e) = writer.sync() {
            report.fatal.get_or_insert(e);
            break 'groups;
        }
        for (i, item, (key, csr)) in ready {
            let (stem, first, planned) = name(item);
            match link_pair(&writer, stem, first, planned, key.as_ref(), &csr) {
                Ok(written) => {
                    report.written.push((i, written));
                    progress();
                }
                Err(e) if is_fatal_for_folder(&e) => {
                    report.fatal.get_or_insert(e);
                    break 'groups;
                }
                Err(e) => report.failed.push((i, e)),
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

/// Links a staged key (when there is one) and CSR as a pair under the planned name, or,
/// when another writer took it meanwhile, under the next free suffix: the key first (a
/// writer that holds `NAME.key.pem` is the only one that links `NAME.csr.pem`), the key
/// unlinked again when the CSR's name is taken. A pair without a key needs both names
/// free all the same, so that a renewal's CSR never sits beside another's key. Returns
/// the name.
fn link_pair(
    writer: &GroupWriter,
    stem: &str,
    first: usize,
    planned: &str,
    key: Option<&Staged>,
    csr: &Staged,
) -> Result<String> {
    let mut last = None;
    for n in first..first.saturating_add(MAX_RETRIES) {
        let name = if n == first {
            planned.to_string()
        } else {
            with_suffix(stem, n)
        };
        let key_name = format!("{name}.key.pem");
        match key {
            Some(key) => match writer.link_as(key, key_name.as_ref()) {
                Err(e @ Error::Exists(_)) => {
                    last = Some(e);
                    continue;
                }
                Err(e) => return Err(e),
                Ok(()) => {}
            },
            None if writer.path().join(&key_name).symlink_metadata().is_ok() => {
                last = Some(Error::Exists(writer.path().join(&key_name)));
                continue;
            }
            None => {}
        }
        match writer.link_as(csr, format!("{name}.csr.pem").as_ref()) {
            Ok(()) => return Ok(name),
            Err(e) => {
                if key.is_some() {
                    writer.unlink(key_name.as_ref());
                }
                if !matches!(e, Error::Exists(_)) {
                    return Err(e);
                }
                last = Some(e);
            }
        }
    }
    Err(last.unwrap_or_else(|| Error::Exists(item_paths(writer.path(), planned).1)))
}
