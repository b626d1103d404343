//! Inventory of a folder: the `ListCsr` and `ListClientCertificate` responses made local.
//!
//! [`list`] walks a folder (recursively; symbolic links are followed, loops are
//! detected and skipped), reads every regular file up to [`crate::input::MAX_INPUT`],
//! and sorts each into CSR, certificate, private key or other. Files are read and
//! inspected in parallel (rayon) in chunks, in path order; each entry is filtered and
//! counted as it comes, and only the requested page is kept, so memory follows the page
//! and the number of key files, not the size of the folder.
//!
//! `HasPrivateKey` is true for an entry whose public key equals the public key of a
//! private-key file under the same folder (PKCS#8, PKCS#1 or SEC1, PEM or DER); the
//! entry's [`ListEntry::key_file`] names it.
//!
//! Files named `*.json` are skipped: a saved API response carries PEM inside JSON
//! strings but is not a local CSR or certificate.
//!
//! `Name` is the file name without its extension and without a `.csr`, `.crt`, `.cert`
//! or `.cer` before it (`web-01.csr.pem` → `web-01`), the way `batch` names files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::api::{
    CertificateListItem, CsrListItem, ListClientCertificateResponse, ListCsrResponse, ListResponse,
};
use crate::cert::{CertInfo, Parsed};
use crate::contents::Contents;
use crate::csr::CsrInfo;
use crate::error::Pkcs12Problem;
use crate::error::{Error, Result};
use crate::keys::Password;
use crate::keys::{KeyType, PrivateKey, PublicKey};

/// What to list and which page of it.
#[derive(Debug, Clone)]
pub struct ListOptions {
    /// Certificates (`ListClientCertificate`) instead of CSRs (`ListCsr`).
    pub certs: bool,
    /// Case-insensitive substring of CN, any SAN or the name, or a prefix of `KeySha2`.
    pub keyword: Option<String>,
    /// Only this algorithm.
    pub algorithm: Option<KeyType>,
    /// 1-based page number.
    pub page: usize,
    /// Entries per page (1 to 1000).
    pub size: usize,
    /// Check the signatures of the page's entries (CSRs: self-signature; certificates:
    /// self-signed ones). Only the page carries `SignatureValid`, and no filter needs it,
    /// so no other signature is checked.
    pub verify: bool,
    /// The password that opens encrypted keys and PKCS#12 bundles under the folder, so
    /// that they are matched; a bundle with no password opens without it.
    pub password: Option<Password>,
    /// The order of the entries: by name (natural order), or by notAfter.
    pub sort: Sort,
    /// Only the certificates whose notAfter is before now + this many days (the expired
    /// ones included), by notAfter.
    pub expiring: Option<i64>,
    /// Only the certificates past their notAfter.
    pub expired: bool,
    /// "Now", in ms since the Unix epoch ([`crate::cert::now_ms`] by default).
    pub now_ms: i64,
    /// Keep the private keys [`scan`] had to open with the password (encrypted keys,
    /// PKCS#12 bundles) in [`Scan::opened`], for a caller that signs with them: their
    /// key derivation then runs once. Off for a listing, which needs only public keys.
    pub keep_opened_keys: bool,
    /// Lint every entry of the page with this profile ([`ListEntry::lint`]).
    pub lint: Option<crate::lint::Profile>,
    /// Only the entries with an error-level lint finding (under [`ListOptions::lint`],
    /// the default profile when it is not set).
    pub lint_errors_only: bool,
}

/// The order of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By name, in natural order (`m2` before `m10`), then by path.
    #[default]
    Name,
    /// Certificates by notAfter, soonest first, then by name.
    Expiry,
}

impl std::str::FromStr for Sort {
    type Err = String;
    /// `name` or `expiry`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "name" => Ok(Sort::Name),
            "expiry" => Ok(Sort::Expiry),
            other => Err(format!("unknown order {other:?} (name, expiry)")),
        }
    }
}

/// Natural order of names: runs of digits compare as numbers (`m2` < `m10`), the rest
/// by its characters, ignoring case first; ties fall back to the plain order.
///
/// ```
/// use std::cmp::Ordering;
/// use csrkit::inventory::natural_cmp;
/// assert_eq!(natural_cmp("m2", "m10"), Ordering::Less);
/// assert_eq!(natural_cmp("host-010", "host-9"), Ordering::Greater);
/// assert_eq!(natural_cmp("Web", "api"), Ordering::Greater);
/// ```
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (m, n) = (run(x), run(y));
                let trim = |d: &'_ [u8]| -> usize { d.iter().take_while(|&&c| c == b'0').count() };
                let (dx, dy) = (&x[trim(&x[..m])..m], &y[trim(&y[..n])..n]);
                let o = dx.len().cmp(&dy.len()).then_with(|| dx.cmp(dy));
                if o != Ordering::Equal {
                    return o;
                }
                x = &x[m..];
                y = &y[n..];
            }
            (Some(p), Some(q)) => {
                let o = p.to_ascii_lowercase().cmp(&q.to_ascii_lowercase());
                if o != Ordering::Equal {
                    return o;
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

impl Default for ListOptions {
    fn default() -> Self {
        ListOptions {
            certs: false,
            keyword: None,
            algorithm: None,
            page: 1,
            size: 50,
            verify: true,
            password: None,
            sort: Sort::Name,
            expiring: None,
            expired: false,
            now_ms: crate::cert::now_ms(),
            keep_opened_keys: false,
            lint: None,
            lint_errors_only: false,
        }
    }
}

/// Largest page size.
pub const MAX_PAGE_SIZE: usize = 1000;

/// One listed CSR or certificate.
#[derive(Debug, Clone)]
pub enum ListItem {
    /// A CSR (its `Name` is set).
    Csr(CsrInfo),
    /// A certificate, with its `Name`.
    Cert(NamedCert),
}

/// A certificate entry with the file's name.
#[derive(Debug, Clone)]
pub struct NamedCert {
    /// The inspection.
    pub info: CertInfo,
    /// The file's stem.
    pub name: String,
}

/// One entry of the page, with the files it came from (its `File` and `KeyFile`).
#[derive(Debug, Clone)]
pub struct ListEntry {
    /// The API fields.
    pub item: ListItem,
    /// The CSR or certificate file.
    pub path: PathBuf,
    /// The matching private-key file, when one is under the folder.
    pub key_file: Option<PathBuf>,
    /// With [`ListOptions::lint`]: how many error-level and warning-level findings.
    pub lint: Option<(usize, usize)>,
}

/// The result of [`list`].
#[derive(Debug, Clone)]
pub struct Listing {
    /// The page's entries, in the order asked for.
    pub entries: Vec<ListEntry>,
    /// How many entries matched the filters.
    pub total_count: usize,
    /// The page number.
    pub current_page: usize,
    /// The page size.
    pub show_size: usize,
    /// Files that were neither CSR, certificate nor private key (or were of the other kind).
    pub skipped: usize,
    /// Files that could not be read (with the reason), and symlink loops.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Private-key files (and PKCS#12 bundles with a key) found.
    pub key_files: usize,
    /// Encrypted keys and PKCS#12 bundles that stayed locked (no password, or another
    /// one): not matched.
    pub locked_keys: usize,
    /// Certificates were listed (else CSRs).
    pub certs: bool,
}

impl Listing {
    /// ⌈TotalCount / ShowSize⌉, 0 when nothing matched.
    pub fn page_count(&self) -> usize {
        self.total_count.div_ceil(self.show_size)
    }

    /// The response body: `ListCsr`'s (`CsrList`, …) or `ListClientCertificate`'s
    /// (`CertificateList`, …), by what was listed, built from the API models.
    pub fn response(&self) -> ListResponse {
        let (total, page, size, pages) = (
            Some(self.total_count as u64),
            Some(self.current_page as u64),
            Some(self.show_size as u64),
            Some(self.page_count() as u64),
        );
        if self.certs {
            ListResponse::ListClientCertificate(ListClientCertificateResponse {
                certificate_list: self
                    .entries
                    .iter()
                    .filter_map(|e| match &e.item {
                        ListItem::Cert(c) => Some(
                            CertificateListItem::from_info(&c.info, Some(&c.name))
                                .located(&e.path, e.key_file.as_deref()),
                        ),
                        ListItem::Csr(_) => None,
                    })
                    .collect(),
                current_page: page,
                page_count: pages,
                show_size: size,
                total_count: total,
                request_id: None,
            })
        } else {
            ListResponse::ListCsr(ListCsrResponse {
                csr_list: self
                    .entries
                    .iter()
                    .filter_map(|e| match &e.item {
                        ListItem::Csr(c) => {
                            Some(CsrListItem::from(c).located(&e.path, e.key_file.as_deref()))
                        }
                        ListItem::Cert(_) => None,
                    })
                    .collect(),
                total_count: total,
                current_page: page,
                show_size: size,
                page_count: pages,
                request_id: None,
            })
        }
    }
}

/// What one file turned out to be.
enum Found {
    /// CSRs or certificates (several for a PEM or PKCS#12 bundle) with their names, and
    /// the private key of a PKCS#12 bundle.
    Items(Vec<(Parsed, String)>, Option<PrivateKey>),
    /// A private key's public half, and the key itself when it had to be opened.
    Key(PublicKey, Option<PrivateKey>),
    LockedKey,
    OtherKind,
    Junk,
    Unreadable(String),
}

/// The name an entry gets from its file (see the module documentation).
pub fn entry_name(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut stem = match file.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_string(),
        _ => file.clone(),
    };
    for suffix in [".csr", ".crt", ".cert", ".cer", ".req"] {
        if let Some(s) = stem.strip_suffix(suffix)
            && !s.is_empty()
        {
            stem = s.to_string();
            break;
        }
    }
    stem
}

/// Files that could not be read, with the reason.
pub type Unreadable = Vec<(PathBuf, String)>;

/// The regular files under `dir`, sorted by path; loops and walk errors are reported.
pub fn walk(dir: &Path) -> Result<(Vec<PathBuf>, Unreadable)> {
    let meta = std::fs::metadata(dir).map_err(|e| Error::io(dir, e))?;
    if !meta.is_dir() {
        return Err(Error::io(
            dir,
            std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
        ));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                problems.push((path, e.to_string()));
            }
        }
    }
    // Path order, by the paths' bytes: one comparison of bytes each, where walkdir's
    // sort by file name takes every name apart again for every comparison.
    files.sort_unstable_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    Ok((files, problems))
}

fn examine(path: &Path, opts: &ListOptions) -> Found {
    // Saved API responses hold PEM inside JSON strings; they are not local files of a CSR
    // or certificate (and `reconcile` keeps its response beside them).
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return Found::Junk;
    }
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(e) => return Found::Unreadable(e),
    };
    let password = opts.password.as_ref().map(Password::as_bytes);
    let pkcs12 = crate::keys::is_pkcs12(&bytes);
    let contents = match Contents::from_bytes(&bytes, if pkcs12 { password } else { None }) {
        Ok(c) => c,
        Err(Error::Pkcs12(Pkcs12Problem::PasswordRequired | Pkcs12Problem::WrongPassword)) => {
            return Found::LockedKey;
        }
        Err(_) if pkcs12 => return Found::Junk,
        Err(_) => return examine_key(&bytes, password),
    };
    let stem = entry_name(path);
    let mut items = Vec::new();
    let mut other_kind = false;
    for (i, parsed) in contents.objects.into_iter().enumerate() {
        if matches!(parsed, Parsed::Cert(_)) != opts.certs {
            other_kind = true;
            continue;
        }
        let name = if i == 0 {
            stem.clone()
        } else {
            format!("{stem}#{}", i + 1)
        };
        items.push((parsed, name));
    }
    let key = contents.key;
    if items.is_empty() && key.is_none() {
        return if other_kind {
            Found::OtherKind
        } else {
            Found::Junk
        };
    }
    Found::Items(items, key)
}

/// A file that is neither CSR nor certificate: a private key (its public half, read
/// without the secret where the format allows), an encrypted one opened with the
/// password, or junk.
fn examine_key(bytes: &[u8], password: Option<&[u8]>) -> Found {
    match crate::keys::public_key_of_private(bytes) {
        Ok(k) => Found::Key(k, None),
        Err(_) if is_encrypted_key(bytes) => match password {
            Some(pw) => match PrivateKey::from_bytes_with_password(bytes, Some(pw)) {
                Ok(k) => Found::Key(k.public_key().clone(), Some(k)),
                Err(_) => Found::LockedKey,
            },
            None => Found::LockedKey,
        },
        Err(_) => Found::Junk,
    }
}

/// An `ENCRYPTED PRIVATE KEY` (PEM or DER): a key whose public half needs the password.
fn is_encrypted_key(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"-----BEGIN ENCRYPTED PRIVATE KEY-----").is_some()
        || crate::keys::is_encrypted_pkcs8(bytes)
}

fn read_limited(path: &Path) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let limit = crate::input::MAX_INPUT as u64;
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    f.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    if buf.len() as u64 > limit {
        // Too large to be a CSR, certificate or key: junk, not an error.
        buf.clear();
    }
    Ok(buf)
}

/// Files inspected in parallel per chunk: enough to keep every core busy, small
/// enough that memory stays bounded.
const CHUNK: usize = 512;

/// What [`scan`] found besides the CSRs or certificates it handed over.
pub struct Scan {
    /// Private-key files by public key (the first file, in path order, for a key).
    pub keys: HashMap<PublicKey, PathBuf>,
    /// Files that were neither CSR, certificate nor private key (or of the other kind).
    pub skipped: usize,
    /// Files that could not be read (with the reason), and symlink loops.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Encrypted keys and bundles that stayed locked: counted, not matched.
    pub locked_keys: usize,
    /// With [`ListOptions::keep_opened_keys`], the private keys opened with the password,
    /// by public key.
    pub opened: HashMap<PublicKey, Arc<PrivateKey>>,
}

/// Walks `dir` and reads its files in parallel, chunk by chunk, handing every CSR (or
/// certificate, with `opts.certs`) to `on_object` in path order, with its name (`STEM`,
/// `STEM#2` for the second of a bundle) and its file. Nothing is inspected or verified
/// here: filters, pages and signature checks are the caller's.
pub fn scan(
    dir: &Path,
    opts: &ListOptions,
    progress: impl Fn(usize),
    mut on_object: impl FnMut(Parsed, String, &Path),
) -> Result<Scan> {
    let (files, mut unreadable) = walk(dir)?;
    let mut keys: HashMap<PublicKey, PathBuf> = HashMap::new();
    let mut skipped = 0usize;
    let mut locked_keys = 0usize;
    let mut opened: HashMap<PublicKey, Arc<PrivateKey>> = HashMap::new();
    let mut found_key = |public: PublicKey, private: Option<PrivateKey>, path: &PathBuf| {
        if let Some(k) = private.filter(|_| opts.keep_opened_keys) {
            opened.entry(public.clone()).or_insert_with(|| Arc::new(k));
        }
        keys.entry(public).or_insert_with(|| path.clone());
    };
    let mut done = 0usize;
    for chunk in files.chunks(CHUNK) {
        let found: Vec<Found> = chunk.par_iter().map(|p| examine(p, opts)).collect();
        for (path, f) in chunk.iter().zip(found) {
            match f {
                Found::Items(items, key) => {
                    if let Some(k) = key {
                        found_key(k.public_key().clone(), Some(k), path);
                    }
                    for (parsed, name) in items {
                        on_object(parsed, name, path);
                    }
                }
                Found::Key(public, private) => found_key(public, private, path),
                Found::LockedKey => locked_keys += 1,
                Found::OtherKind | Found::Junk => skipped += 1,
                Found::Unreadable(e) => unreadable.push((path.clone(), e)),
            }
        }
        done += chunk.len();
        progress(done);
    }
    Ok(Scan {
        keys,
        skipped,
        unreadable,
        locked_keys,
        opened,
    })
}

/// Lists the CSRs (or certificates) under `dir` as the list APIs page them.
pub fn list(dir: &Path, opts: &ListOptions) -> Result<Listing> {
    list_with_progress(dir, opts, |_| {})
}

/// [`list`], calling `progress(files_done)` after each chunk.
pub fn list_with_progress(
    dir: &Path,
    opts: &ListOptions,
    progress: impl Fn(usize),
) -> Result<Listing> {
    if opts.page == 0 || !(1..=MAX_PAGE_SIZE).contains(&opts.size) {
        return Err(Error::Request(format!(
            "page must be 1 or more and size 1 to {MAX_PAGE_SIZE}"
        )));
    }
    if !opts.certs && (opts.sort == Sort::Expiry || opts.expiring.is_some() || opts.expired) {
        return Err(Error::Request(
            "the order by expiry and the expiring and expired filters are for certificates: \
             list certificates"
                .to_string(),
        ));
    }
    let keyword = opts.keyword.as_ref().map(|k| k.to_lowercase());
    let horizon = match (opts.expired, opts.expiring) {
        (true, _) => Some(opts.now_ms),
        (false, Some(days)) => Some(opts.now_ms.saturating_add(days.saturating_mul(86_400_000))),
        (false, None) => None,
    };
    // Every match, with what filters and orders it; inspected only when on the page.
    struct Candidate {
        parsed: Parsed,
        name: String,
        path: PathBuf,
        not_after: i64,
    }
    let mut matches: Vec<Candidate> = Vec::new();
    let Scan {
        keys,
        skipped,
        unreadable,
        locked_keys,
        ..
    } = scan(dir, opts, progress, |parsed, name, path| {
        if opts
            .algorithm
            .is_some_and(|a| a != parsed.public_key().key_type())
        {
            return;
        }
        let not_after = match &parsed {
            Parsed::Cert(c) => c.validity_ms().1,
            Parsed::Csr(_) => i64::MAX,
        };
        if horizon.is_some_and(|h| not_after >= h) {
            return;
        }
        if let Some(k) = &keyword
            && !matches_keyword(&parsed, &name, k)
        {
            return;
        }
        if opts.lint_errors_only {
            let profile = opts.lint.unwrap_or_default();
            let findings = crate::lint::lint(&parsed, &profile, opts.now_ms);
            if crate::lint::worst(&findings) != Some(crate::lint::Severity::Error) {
                return;
            }
        }
        matches.push(Candidate {
            parsed,
            name,
            path: path.to_path_buf(),
            not_after,
        });
    })?;
    let by_expiry = opts.sort == Sort::Expiry || horizon.is_some();
    let by_name = |a: &Candidate, b: &Candidate| {
        natural_cmp(&a.name, &b.name).then_with(|| a.path.cmp(&b.path))
    };
    // The order is found on indices: a candidate holds its parsed file, too big to move
    // about in a sort.
    let mut order: Vec<usize> = (0..matches.len()).collect();
    if by_expiry {
        order.sort_by(|&i, &j| {
            let (a, b) = (&matches[i], &matches[j]);
            a.not_after.cmp(&b.not_after).then_with(|| by_name(a, b))
        });
    } else {
        order.sort_by(|&i, &j| by_name(&matches[i], &matches[j]));
    }
    let total = matches.len();
    let first = (opts.page - 1).saturating_mul(opts.size).min(total);
    let last = first.saturating_add(opts.size).min(total);
    let mut slots: Vec<Option<Candidate>> = matches.into_iter().map(Some).collect();
    let page: Vec<Candidate> = order[first..last]
        .iter()
        .filter_map(|&i| slots[i].take())
        .collect();
    let key_files = keys.len();
    // The page, and only the page, is inspected, and its signatures checked, in parallel.
    let unchecked = crate::signature::Verification::NotChecked("not checked".into());
    let entries = page
        .into_par_iter()
        .map(|c| {
            let key_file = keys.get(c.parsed.public_key()).cloned();
            let verification = if opts.verify {
                c.parsed.verify()
            } else {
                unchecked.clone()
            };
            let has_key = key_file.is_some();
            let item = match &c.parsed {
                Parsed::Csr(csr) => csr.info_with(&verification, has_key, None).map(|mut info| {
                    info.name = Some(c.name);
                    ListItem::Csr(info)
                }),
                Parsed::Cert(cert) => cert.info_with(&verification, has_key).map(|mut info| {
                    info.days_left = crate::cert::days_left(info.after_date, opts.now_ms);
                    ListItem::Cert(NamedCert { info, name: c.name })
                }),
            }?;
            let lint = opts.lint.map(|profile| {
                let findings = crate::lint::lint(&c.parsed, &profile, opts.now_ms);
                let count = |s| findings.iter().filter(|f| f.severity == s).count();
                (
                    count(crate::lint::Severity::Error),
                    count(crate::lint::Severity::Warning),
                )
            });
            Ok(ListEntry {
                item,
                path: c.path,
                key_file,
                lint,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Listing {
        entries,
        total_count: total,
        current_page: opts.page,
        show_size: opts.size,
        skipped,
        unreadable,
        key_files,
        locked_keys,
        certs: opts.certs,
    })
}

/// The keyword filter: a case-insensitive substring of the CN, of a SAN or of the name,
/// or a prefix of `KeySha2`.
fn matches_keyword(parsed: &Parsed, name: &str, keyword_lower: &str) -> bool {
    let (subject, sans) = match parsed {
        Parsed::Csr(c) => (c.subject(), c.sans()),
        Parsed::Cert(c) => (c.subject(), c.sans()),
    };
    let has = |s: &str| s.to_lowercase().contains(keyword_lower);
    crate::names::joined(subject, crate::names::Attribute::CommonName).is_some_and(|cn| has(&cn))
        || sans.iter().any(|e| has(&e.value))
        || has(name)
        || parsed.public_key().key_sha2().starts_with(keyword_lower)
}
