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
use crate::keys::{KeyType, PublicKey};

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

/// One entry of the page, with the files it came from.
#[derive(Debug, Clone)]
pub struct ListEntry {
    /// The API fields.
    pub item: ListItem,
    /// The CSR or certificate file.
    pub path: PathBuf,
    /// The matching private-key file, when one is under the folder.
    pub key_file: Option<PathBuf>,
}

/// The result of [`list`].
#[derive(Debug, Clone)]
pub struct Listing {
    /// The page's entries, in path order.
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
                        ListItem::Cert(c) => {
                            Some(CertificateListItem::from_info(&c.info, Some(&c.name)))
                        }
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
                        ListItem::Csr(c) => Some(CsrListItem::from(c)),
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
    /// CSRs or certificates (several for a PEM or PKCS#12 bundle), and the private key
    /// of a PKCS#12 bundle.
    Items(Vec<(ListItem, Parsed)>, Option<PublicKey>),
    Key(PublicKey),
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

/// The regular files under `dir`, sorted by path; loops and walk errors are reported.
pub fn walk(dir: &Path) -> Result<(Vec<PathBuf>, Vec<(PathBuf, String)>)> {
    let meta = std::fs::metadata(dir).map_err(|e| Error::io(dir, e))?;
    if !meta.is_dir() {
        return Err(Error::io(
            dir,
            std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
        ));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                problems.push((path, e.to_string()));
            }
        }
    }
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
    // Signatures are not checked here: only the page's entries need it (see `list`).
    let unchecked = crate::signature::Verification::NotChecked("not checked".into());
    let mut items = Vec::new();
    let mut other_kind = false;
    for (i, parsed) in contents.objects.into_iter().enumerate() {
        let name = if i == 0 {
            stem.clone()
        } else {
            format!("{stem}#{}", i + 1)
        };
        let item = match &parsed {
            Parsed::Csr(c) if !opts.certs => {
                c.info_with(&unchecked, false, None).map(|mut info| {
                    info.name = Some(name);
                    ListItem::Csr(info)
                })
            }
            Parsed::Cert(c) if opts.certs => c
                .info_with(&unchecked, false)
                .map(|info| ListItem::Cert(NamedCert { info, name })),
            _ => {
                other_kind = true;
                continue;
            }
        };
        match item {
            Ok(item) => items.push((item, parsed)),
            Err(_) => return Found::Junk,
        }
    }
    let key = contents.key.map(|k| k.public_key().clone());
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
        Ok(k) => Found::Key(k),
        Err(_) if is_encrypted_key(bytes) => match password {
            Some(pw) => match crate::keys::PrivateKey::from_bytes_with_password(bytes, Some(pw)) {
                Ok(k) => Found::Key(k.public_key().clone()),
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

impl ListItem {
    fn key_type(&self) -> KeyType {
        match self {
            ListItem::Csr(c) => c.algorithm,
            ListItem::Cert(c) => c.info.algorithm,
        }
    }

    fn matches_keyword(&self, keyword_lower: &str) -> bool {
        let (cn, sans, name, sha) = match self {
            ListItem::Csr(c) => (
                c.common_name.as_deref(),
                &c.san_entries,
                c.name.as_deref().unwrap_or(""),
                &c.key_sha2,
            ),
            ListItem::Cert(c) => (
                c.info.common_name.as_deref(),
                &c.info.san_entries,
                c.name.as_str(),
                &c.info.key_sha2,
            ),
        };
        let has = |s: &str| s.to_lowercase().contains(keyword_lower);
        cn.is_some_and(has)
            || sans.iter().any(|e| has(&e.value))
            || has(name)
            || sha.starts_with(keyword_lower)
    }

    fn set_verification(&mut self, v: &crate::signature::Verification) {
        let (valid, note) = match self {
            ListItem::Csr(c) => (&mut c.signature_valid, &mut c.signature_note),
            ListItem::Cert(c) => (&mut c.info.signature_valid, &mut c.info.signature_note),
        };
        *valid = v.signature_valid();
        *note = v.note();
    }

    fn set_has_private_key(&mut self, v: bool) {
        match self {
            ListItem::Csr(c) => c.has_private_key = v,
            ListItem::Cert(c) => c.info.has_private_key = v,
        }
    }
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
}

/// Walks `dir` and inspects its files in parallel, chunk by chunk, handing every CSR
/// (or certificate, with `opts.certs`) to `on_item` in path order, unverified
/// (`SignatureValid` null), with the parsed file. Filters, pages and signature checks
/// are the caller's.
pub fn scan(
    dir: &Path,
    opts: &ListOptions,
    progress: impl Fn(usize),
    mut on_item: impl FnMut(ListItem, Parsed, &Path),
) -> Result<Scan> {
    let (files, mut unreadable) = walk(dir)?;
    let mut keys: HashMap<PublicKey, PathBuf> = HashMap::new();
    let mut skipped = 0usize;
    let mut locked_keys = 0usize;
    let mut done = 0usize;
    for chunk in files.chunks(CHUNK) {
        let found: Vec<Found> = chunk.par_iter().map(|p| examine(p, opts)).collect();
        for (path, f) in chunk.iter().zip(found) {
            match f {
                Found::Items(items, key) => {
                    if let Some(k) = key {
                        keys.entry(k).or_insert_with(|| path.clone());
                    }
                    for (item, parsed) in items {
                        on_item(item, parsed, path);
                    }
                }
                Found::Key(k) => {
                    keys.entry(k).or_insert_with(|| path.clone());
                }
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
    let keyword = opts.keyword.as_ref().map(|k| k.to_lowercase());
    let first = (opts.page - 1).saturating_mul(opts.size);
    let last = first.saturating_add(opts.size);
    let mut page: Vec<(ListItem, Parsed, PathBuf)> = Vec::new();
    let mut total = 0usize;
    let Scan {
        keys,
        skipped,
        unreadable,
        locked_keys,
    } = scan(dir, opts, progress, |item, parsed, path| {
        if opts.algorithm.is_some_and(|a| a != item.key_type()) {
            return;
        }
        if let Some(k) = &keyword
            && !item.matches_keyword(k)
        {
            return;
        }
        if (first..last).contains(&total) {
            page.push((item, parsed, path.to_path_buf()));
        }
        total += 1;
    })?;
    let key_files = keys.len();
    // The signatures of the page, and only of the page, in parallel.
    if opts.verify {
        page.par_iter_mut()
            .for_each(|(item, parsed, _)| item.set_verification(&parsed.verify()));
    }
    let entries = page
        .into_iter()
        .map(|(mut item, parsed, path)| {
            let key_file = keys.get(parsed.public_key()).cloned();
            item.set_has_private_key(key_file.is_some());
            ListEntry {
                item,
                path,
                key_file,
            }
        })
        .collect();
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
