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
//! A certificate's signature is checked by the CA certificates (basicConstraints CA) found
//! under the folder, in any file (a `fullchain.pem`'s chain, a CA bundle): those whose
//! subject is the certificate's issuer name (RFC 5280 7.1) and, when both carry one, whose
//! subjectKeyIdentifier is its authorityKeyIdentifier. With none there, a self-signed
//! certificate is checked with its own key and any other is not checked
//! (`SignatureValid: null`).
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
use crate::cert::{CertInfo, CertificateType, Parsed, ParsedCert};
use crate::contents::Contents;
use crate::csr::CsrInfo;
use crate::error::{Error, Result};
use crate::keys::Passwords;
use crate::keys::{KeyType, PrivateKey, PublicKey};
use crate::problem::Problem;

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
    /// Entries per page; `None` (the default) is every entry on one page. The list APIs
    /// page by 1 to 1000 ([`MAX_PAGE_SIZE`]): a caller that mimics them says so.
    pub size: Option<usize>,
    /// Check the signatures of the page's entries (CSRs: self-signature; certificates: by
    /// the CA certificates under the folder, or their own key when self-signed). Only the
    /// page carries `SignatureValid`, and no filter needs it, so no other signature is
    /// checked.
    pub verify: bool,
    /// The passwords that open encrypted keys and PKCS#12 bundles under the folder, so
    /// that they are matched, each tried in turn; a file with no password opens without.
    pub passwords: Passwords,
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
    /// [`scan`] hands over CSRs and certificates alike (`certs` then says nothing about
    /// what is handed over), for a caller that matches a key against both.
    pub every_kind: bool,
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
            size: None,
            verify: true,
            passwords: Passwords::none(),
            sort: Sort::Name,
            expiring: None,
            expired: false,
            now_ms: crate::cert::now_ms(),
            keep_opened_keys: false,
            every_kind: false,
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
#[derive(Debug)]
pub struct Listing {
    /// The page's entries, in the order asked for.
    pub entries: Vec<ListEntry>,
    /// How many entries matched the filters.
    pub total_count: usize,
    /// The page number.
    pub current_page: usize,
    /// The page size.
    pub show_size: usize,
    /// Every file that was not listed or matched, with why: not readable, malformed, an
    /// unsupported algorithm, locked (no password given opens it), a key of nothing here,
    /// not a CSR, certificate or key. Files of the other kind (certificates when CSRs are
    /// listed) are not problems and are not named.
    pub problems: Vec<(PathBuf, Problem)>,
    /// Private-key files (and PKCS#12 bundles with a key) found.
    pub key_files: usize,
    /// Certificates were listed (else CSRs).
    pub certs: bool,
}

impl Listing {
    /// ⌈TotalCount / ShowSize⌉, 0 when nothing matched.
    pub fn page_count(&self) -> usize {
        self.total_count.div_ceil(self.show_size.max(1))
    }

    /// The files that stayed locked (no password given opens them).
    pub fn locked(&self) -> impl Iterator<Item = &Path> {
        self.problems
            .iter()
            .filter(|(_, p)| p.kind() == crate::problem::ProblemKind::Locked)
            .map(|(f, _)| f.as_path())
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
    /// CSRs or certificates (several for a PEM or PKCS#12 bundle) with their names; the
    /// file's private key (a PKCS#12 bundle's, a combined PEM's); the public keys of the
    /// objects of the other kind; a problem of the file's key (locked).
    Items {
        items: Vec<(Parsed, String)>,
        key: Option<PrivateKey>,
        other_keys: Vec<PublicKey>,
        key_problem: Option<Problem>,
    },
    /// A private key's public half, and the key itself when it had to be opened.
    Key(PublicKey, Option<PrivateKey>),
    /// Only objects of the other kind: their public keys.
    OtherKind(Vec<PublicKey>),
    Problem(Problem),
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
        return Found::Problem(Problem::NotCertificateOrKey);
    }
    let bytes = match read_limited(path) {
        Ok(b) => zeroize::Zeroizing::new(b),
        Err(e) => return Found::Problem(Problem::Unreadable(e)),
    };
    let pkcs12 = crate::keys::is_pkcs12(&bytes);
    // A bundle opened, or a combined PEM's key tried, with each password; a combined
    // PEM's certificates are read whatever its key does.
    let opened = Contents::open(&bytes, path, &opts.passwords);
    let contents = match opened {
        Ok(c) => c,
        Err(e) if pkcs12 => return Found::Problem(Problem::of_error(e)),
        Err(e) => return examine_key(path, &bytes, &opts.passwords, e),
    };
    let stem = entry_name(path);
    let mut items = Vec::new();
    let mut other_keys = Vec::new();
    for (i, parsed) in contents.objects.into_iter().enumerate() {
        if !opts.every_kind && matches!(parsed, Parsed::Cert(_)) != opts.certs {
            other_keys.push(parsed.public_key().clone());
            continue;
        }
        let name = if i == 0 {
            stem.clone()
        } else {
            format!("{stem}#{}", i + 1)
        };
        items.push((parsed, name));
    }
    let key_problem = contents.key_problem.map(Problem::of_error);
    if items.is_empty() && contents.key.is_none() {
        return Found::OtherKind(other_keys);
    }
    Found::Items {
        items,
        key: contents.key,
        other_keys,
        key_problem,
    }
}

/// A file that is neither CSR nor certificate: a private key (its public half, read
/// without the secret where the format allows), an encrypted one opened with a password,
/// or a problem: locked, unsupported, malformed (the error `as_object` gave when it was
/// read as a CSR or certificate, for a file that looks like one), or none of these.
fn examine_key(path: &Path, bytes: &[u8], passwords: &Passwords, as_object: Error) -> Found {
    match crate::keys::public_key_of_private(bytes) {
        Ok(k) => Found::Key(k, None),
        Err(first) => {
            match passwords.open(path, |pw| PrivateKey::from_bytes_with_password(bytes, pw)) {
                Ok(k) => Found::Key(k.public_key().clone(), Some(k)),
                Err(e @ (Error::PasswordRequired(_) | Error::WrongPassword(_))) => {
                    Found::Problem(Problem::of_error(e))
                }
                Err(_) if is_object(bytes) => Found::Problem(Problem::of_error(as_object)),
                Err(_) if looks_like_key(bytes) => Found::Problem(Problem::of_error(first)),
                Err(_) => Found::Problem(Problem::NotCertificateOrKey),
            }
        }
    }
}

/// A CSR's or certificate's PEM label, or DER that starts as one (a SEQUENCE of a
/// SEQUENCE): a file that fails to read as one is malformed, not something else.
fn is_object(bytes: &[u8]) -> bool {
    let find = |n: &[u8]| memchr::memmem::find(bytes, n).is_some();
    find(b"-----BEGIN CERTIFICATE") || find(b"-----BEGIN NEW CERTIFICATE") || {
        let b = bytes.trim_ascii_start();
        b.len() > 4 && b[0] == 0x30 && (b[1] & 0x80 == 0 || b[1] > 0x80) && {
            let skip = if b[1] & 0x80 == 0 {
                2
            } else {
                2 + (b[1] & 0x7f) as usize
            };
            b.get(skip) == Some(&0x30) && b.get(skip + 1).is_some_and(|&l| l & 0x80 != 0)
        }
    }
}

/// A private key's PEM label.
fn looks_like_key(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"PRIVATE KEY-----").is_some()
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
    /// Every file that was not a CSR, certificate or key of use, with why; a private key
    /// of no CSR or certificate under the folder is one ([`Problem::KeyMatchesNothing`]).
    pub problems: Vec<(PathBuf, Problem)>,
    /// With [`ListOptions::keep_opened_keys`], the private keys opened with a password
    /// (encrypted keys, PKCS#12 bundles, combined PEM files), by public key.
    pub opened: HashMap<PublicKey, Arc<PrivateKey>>,
}

impl Scan {
    /// How many files stayed locked.
    pub fn locked(&self) -> usize {
        self.problems
            .iter()
            .filter(|(_, p)| p.kind() == crate::problem::ProblemKind::Locked)
            .count()
    }
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
    let (files, unreadable) = walk(dir)?;
    let mut problems: Vec<(PathBuf, Problem)> = unreadable
        .into_iter()
        .map(|(p, e)| (p, Problem::Unreadable(e)))
        .collect();
    let mut keys: HashMap<PublicKey, PathBuf> = HashMap::new();
    // Every public key of a CSR or certificate seen (of either kind).
    let mut objects: std::collections::HashSet<PublicKey> = std::collections::HashSet::new();
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
                Found::Items {
                    items,
                    key,
                    other_keys,
                    key_problem,
                } => {
                    if let Some(k) = key {
                        found_key(k.public_key().clone(), Some(k), path);
                    }
                    if let Some(p) = key_problem {
                        problems.push((path.clone(), p));
                    }
                    objects.extend(other_keys);
                    for (parsed, name) in items {
                        objects.insert(parsed.public_key().clone());
                        on_object(parsed, name, path);
                    }
                }
                Found::Key(public, private) => found_key(public, private, path),
                Found::OtherKind(other_keys) => objects.extend(other_keys),
                Found::Problem(p) => problems.push((path.clone(), p)),
            }
        }
        done += chunk.len();
        progress(done);
    }
    for (public, path) in &keys {
        if !objects.contains(public) {
            problems.push((
                path.clone(),
                Problem::KeyMatchesNothing {
                    key_sha2: public.key_sha2(),
                },
            ));
        }
    }
    problems.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Scan {
        keys,
        problems,
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
    if opts.page == 0 || opts.size == Some(0) {
        return Err(Error::Request(
            "the page is 1 or more, and the page size 1 or more".to_string(),
        ));
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
    let mut authorities = Authorities::default();
    let Scan { keys, problems, .. } = scan(dir, opts, progress, |parsed, name, path| {
        if opts.verify
            && let Parsed::Cert(c) = &parsed
        {
            authorities.add(c);
        }
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
    // Without a page size, every entry is on the one page.
    let size = opts.size.unwrap_or(total.max(1));
    let first = (opts.page - 1).saturating_mul(size).min(total);
    let last = first.saturating_add(size).min(total);
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
                match &c.parsed {
                    Parsed::Cert(cert) => authorities.verify(cert, opts.now_ms),
                    Parsed::Csr(_) => c.parsed.verify(),
                }
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
        show_size: size,
        problems,
        key_files,
        certs: opts.certs,
    })
}

/// The CA certificates found under a folder, each once, by their subject name folded as
/// RFC 5280 7.1 compares names ([`crate::names::same_name`]: case and white space).
#[derive(Default)]
struct Authorities {
    by_name: HashMap<String, Vec<ParsedCert>>,
    seen: std::collections::HashSet<Vec<u8>>,
}

impl Authorities {
    /// Keeps `cert` when it is a CA certificate not seen yet.
    fn add(&mut self, cert: &ParsedCert) {
        if cert.certificate_type() == CertificateType::Ca && self.seen.insert(cert.der().to_vec()) {
            self.by_name
                .entry(name_key(cert.subject()))
                .or_default()
                .push(cert.clone());
        }
    }

    /// `cert`'s signature checked by the CA certificates named as its issuer
    /// ([`crate::verdict::Verdict::of_certificate`] picks the one whose key identifier is
    /// its authority key identifier).
    fn verify(&self, cert: &ParsedCert, now_ms: i64) -> crate::signature::Verification {
        let candidates: Vec<&ParsedCert> = self
            .by_name
            .get(&name_key(cert.issuer()))
            .into_iter()
            .flatten()
            .collect();
        crate::verdict::Verdict::of_certificate(
            cert,
            crate::verdict::Issuers::AtHand(&candidates),
            None,
            now_ms,
        )
        .signature
    }
}

/// A name's attributes with their values folded (case, runs of white space), so that two
/// names [`crate::names::same_name`] finds the same have the same key.
fn name_key(entries: &[crate::names::NameEntry]) -> String {
    let mut key = String::new();
    for e in entries {
        let folded = e
            .value
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        key.push_str(&format!("{}\u{0}{}\u{0}{folded}\u{1}", e.oid, e.rdn));
    }
    key
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
