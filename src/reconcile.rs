//! Reconciling a saved list response (`ListCsr`, `ListCert`, `ListClientCertificate`,
//! `ListUserCertificateOrder`) with the files under a folder.
//!
//! The folder is inspected as [`crate::inventory::list`] does (signatures are not
//! checked: matching needs fingerprints only). Entries are matched:
//!
//! - `ListCsr`: on `KeySha2` (SHA-256 of the public key's SubjectPublicKeyInfo) against
//!   local CSRs, certificates and private keys alike; [`Matched::local_kind`] says which
//!   kind of file matched. A key file is a match of its own only when no CSR or
//!   certificate under the folder holds its key (else it is that file's `Key`);
//! - `ListClientCertificate`: on `Sha2` (SHA-256 of the certificate), or, when the
//!   entry has no usable `Sha2`, on `SerialNumber`, against local certificates;
//! - `ListCert`: on `SerialNumber` against local certificates;
//! - `ListUserCertificateOrder`: on `SerialNo` against local certificates (an order,
//!   which has no serial, matches nothing).
//!
//! Hex is compared case-insensitively (colons allowed, as OpenSSL prints fingerprints);
//! serials compare as numbers (`065C` = `65c`). A masked value (`14dc…****`) or any
//! value that is not hex matches nothing. An entry may match several local files (two
//! CSRs of one key) and a file several entries (the same CSR uploaded twice): each pair
//! is one `Matched` record.
//!
//! The local files of the response's kind (CSRs for `ListCsr`, certificates for the
//! others) that no entry matches are `LocalOnly`, except CA certificates
//! (basicConstraints `cA` TRUE: the chain copies of a folder of leaves), which are
//! `LocalCa`. Key files are never `LocalOnly`; they are named in `Key` beside the CSR or
//! certificate they belong to.
//!
//! ```
//! use csrkit::{api::ListResponse, reconcile::reconcile};
//! let dir = tempfile::tempdir()?;
//! let r = reconcile(&ListResponse::from_json(r#"{"CsrList": [{"CsrId": 1, "KeySha2": "****"}]}"#)?, dir.path())?;
//! assert_eq!((r.matched.len(), r.remote_only.len(), r.local_only.len()), (0, 1, 0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::api::ListResponse;
use crate::cert::Parsed;
use crate::error::Result;
use crate::inventory::{ListOptions, scan};

/// The id fields of a remote entry (those it has).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RemoteRef {
    /// The page it came from (1-based: the first response given is page 1).
    #[serde(rename = "Page")]
    pub page: usize,
    /// Position in its page's list (0-based).
    #[serde(rename = "Index")]
    pub index: usize,
    /// `ListCsr`'s `CsrId`.
    #[serde(rename = "CsrId", skip_serializing_if = "Option::is_none")]
    pub csr_id: Option<i64>,
    /// `ListCert`'s `Id`.
    #[serde(rename = "Id", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Identifier` of the certificate APIs.
    #[serde(rename = "Identifier", skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// `Name` (`ListCsr`, `ListUserCertificateOrder`) or `AliasName` (`ListCert`).
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `CommonName`.
    #[serde(rename = "CommonName", skip_serializing_if = "Option::is_none")]
    pub common_name: Option<String>,
    /// `KeySha2` (`ListCsr`).
    #[serde(rename = "KeySha2", skip_serializing_if = "Option::is_none")]
    pub key_sha2: Option<String>,
    /// `Sha2` (`ListClientCertificate`, `ListUserCertificateOrder`).
    #[serde(rename = "Sha2", skip_serializing_if = "Option::is_none")]
    pub sha2: Option<String>,
    /// `SerialNumber` (`ListCert`, `ListClientCertificate`).
    #[serde(rename = "SerialNumber", skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// `CertificateId` (`ListUserCertificateOrder`).
    #[serde(rename = "CertificateId", skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<i64>,
    /// `OrderId` (`ListUserCertificateOrder`).
    #[serde(rename = "OrderId", skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
    /// `InstanceId` (`ListUserCertificateOrder`).
    #[serde(rename = "InstanceId", skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// `SerialNo` (`ListUserCertificateOrder`).
    #[serde(rename = "SerialNo", skip_serializing_if = "Option::is_none")]
    pub serial_no: Option<String>,
}

/// What kind of local file a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum LocalKind {
    /// A CSR (`"csr"`).
    #[serde(rename = "csr")]
    Csr,
    /// A certificate (`"certificate"`), alone, in a bundle or in a PKCS#12 file.
    #[serde(rename = "certificate")]
    Certificate,
    /// A private key (`"key"`) with no CSR or certificate of its own under the folder.
    #[serde(rename = "key")]
    Key,
}

impl LocalKind {
    /// `csr`, `certificate` or `key`, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            LocalKind::Csr => "csr",
            LocalKind::Certificate => "certificate",
            LocalKind::Key => "key",
        }
    }
}

impl std::fmt::Display for LocalKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A local CSR, certificate or key file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalRef {
    /// The file, relative to the folder.
    #[serde(rename = "File", serialize_with = "lossy")]
    pub file: PathBuf,
    /// What the file (or the object in it) is.
    #[serde(rename = "Kind")]
    pub kind: LocalKind,
    /// The matching private-key file, relative to the folder.
    #[serde(rename = "Key", serialize_with = "lossy_opt")]
    pub key: Option<PathBuf>,
    /// Subject CN.
    #[serde(rename = "CommonName")]
    pub common_name: Option<String>,
    /// `KeySha2` for a CSR or key, `Sha2` for a certificate.
    #[serde(rename = "Fingerprint")]
    pub fingerprint: String,
    /// The certificate's serial (absent for a CSR).
    #[serde(rename = "SerialNumber", skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
}

/// One remote entry matched with one local file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matched {
    /// The remote entry.
    #[serde(rename = "Remote")]
    pub remote: RemoteRef,
    /// The local file.
    #[serde(rename = "Local", serialize_with = "lossy")]
    pub local: PathBuf,
    /// The local private-key file, when one matches (the key file itself for a key).
    #[serde(rename = "Key", serialize_with = "lossy_opt")]
    pub key: Option<PathBuf>,
    /// The remote field matched on: `KeySha2`, `Sha2`, `SerialNumber` or `SerialNo`.
    #[serde(rename = "MatchedOn")]
    pub matched_on: &'static str,
    /// What `local` is: a CSR, a certificate or a key (only `ListCsr` matches keys and
    /// certificates by `KeySha2`; the certificate APIs match certificates).
    #[serde(rename = "LocalKind")]
    pub local_kind: LocalKind,
}

/// The answer of [`reconcile`].
#[derive(Debug, Serialize)]
pub struct Reconciliation {
    /// `ListCsr`, `ListCert`, `ListClientCertificate` or `ListUserCertificateOrder`.
    #[serde(rename = "Api")]
    pub api: &'static str,
    /// Remote entries with their local files.
    #[serde(rename = "Matched")]
    pub matched: Vec<Matched>,
    /// Remote entries no local file matches.
    #[serde(rename = "RemoteOnly")]
    pub remote_only: Vec<RemoteRef>,
    /// Local files of the response's kind (CSRs for `ListCsr`, else certificates) that no
    /// remote entry matches, CA certificates aside.
    #[serde(rename = "LocalOnly")]
    pub local_only: Vec<LocalRef>,
    /// Local CA certificates (basicConstraints `cA` TRUE) that no remote entry matches:
    /// the issuers and roots a folder keeps beside its leaves, one record per file that
    /// holds one (several files may hold copies of one CA: same `Fingerprint`). Empty
    /// for `ListCsr`.
    #[serde(rename = "LocalCa")]
    pub local_ca: Vec<LocalRef>,
    /// Set when the pages given hold fewer entries than their `TotalCount`: the response
    /// is a page of several and the others were not given (`LocalOnly` may then hold what
    /// they list).
    #[serde(rename = "Partial", skip_serializing_if = "Option::is_none")]
    pub partial: Option<Partial>,
    /// Files under the folder that were not used, with why (not text: the caller prints
    /// them).
    #[serde(skip)]
    pub problems: Vec<(PathBuf, crate::problem::Problem)>,
}

/// How much of a paged response the pages given hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Partial {
    /// The entries of the pages given.
    #[serde(rename = "Entries")]
    pub entries: usize,
    /// The response's `TotalCount`.
    #[serde(rename = "TotalCount")]
    pub total_count: u64,
}

/// A path as JSON text: a name that is not UTF-8 gets U+FFFD where its bad bytes are,
/// rather than failing the whole answer.
fn lossy<S: serde::Serializer>(p: &Path, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

fn lossy_opt<S: serde::Serializer>(
    p: &Option<PathBuf>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match p {
        Some(p) => lossy(p, s),
        None => s.serialize_none(),
    }
}

pub use crate::fingerprint::{normalize_serial, normalize_sha256};

struct Local {
    file: LocalRef,
    /// `Sha2` of a certificate (normalized), `None` for a CSR or key.
    sha: Option<String>,
    /// `KeySha2`.
    key_sha: String,
    serial: Option<String>,
    ca: bool,
    hit: bool,
}

/// Holds a saved list response against the CSRs, certificates and keys under `dir`.
pub fn reconcile(response: &ListResponse, dir: &Path) -> Result<Reconciliation> {
    reconcile_with(response, dir, &crate::keys::Passwords::none())
}

/// [`reconcile`], opening encrypted keys and PKCS#12 bundles under `dir` with `passwords`
/// (a bundle's certificates are local certificates, its key their key file).
pub fn reconcile_with(
    response: &ListResponse,
    dir: &Path,
    passwords: &crate::keys::Passwords,
) -> Result<Reconciliation> {
    reconcile_pages(std::slice::from_ref(response), dir, passwords)
}

/// [`reconcile_with`] for a response saved page by page: the entries of every page held
/// against the files under `dir` together. The pages must be of one API. When they hold
/// fewer entries than their `TotalCount`, [`Reconciliation::partial`] says so.
pub fn reconcile_pages(
    pages: &[ListResponse],
    dir: &Path,
    passwords: &crate::keys::Passwords,
) -> Result<Reconciliation> {
    let Some(response) = pages.first() else {
        return Err(crate::Error::ApiBody("no response given".into()));
    };
    for (i, p) in pages.iter().enumerate() {
        if p.api() != response.api() {
            return Err(crate::Error::ApiBody(format!(
                "page {} is a {} response and page 1 a {} one: give pages of one list",
                i + 1,
                p.api(),
                response.api()
            )));
        }
    }
    let by_key = matches!(response, ListResponse::ListCsr(_));
    let opts = ListOptions {
        certs: !by_key,
        // ListCsr matches CSRs and certificates alike by key.
        every_kind: by_key,
        verify: false,
        passwords: passwords.clone(),
        ..ListOptions::default()
    };
    let rel = |p: &Path| p.strip_prefix(dir).unwrap_or(p).to_path_buf();
    let mut locals: Vec<(Local, crate::keys::PublicKey)> = Vec::new();
    let found = scan(
        dir,
        &opts,
        |_| {},
        |parsed, _name, path| {
            let key_sha = parsed.public_key().key_sha2();
            let (kind, subject, sha, serial, ca) = match &parsed {
                Parsed::Csr(c) => (LocalKind::Csr, c.subject(), None, None, false),
                Parsed::Cert(c) => (
                    LocalKind::Certificate,
                    c.subject(),
                    Some(crate::fingerprint::sha256_hex(c.der())),
                    Some(c.serial_hex().to_string()),
                    c.is_ca(),
                ),
            };
            let cn = crate::names::joined(subject, crate::names::Attribute::CommonName);
            locals.push((
                Local {
                    file: LocalRef {
                        file: rel(path),
                        kind,
                        key: None,
                        common_name: cn,
                        // A CSR is known by its key, a certificate by its own hash.
                        fingerprint: sha.clone().unwrap_or_else(|| key_sha.clone()),
                        serial_number: serial.clone(),
                    },
                    sha,
                    key_sha,
                    serial: serial.as_deref().and_then(normalize_serial),
                    ca,
                    hit: false,
                },
                parsed.public_key().clone(),
            ));
        },
    )?;
    let mut held: std::collections::HashSet<crate::keys::PublicKey> =
        std::collections::HashSet::new();
    let mut locals: Vec<Local> = locals
        .into_iter()
        .map(|(mut l, public)| {
            l.file.key = found.keys.get(&public).map(|k| rel(k));
            held.insert(public);
            l
        })
        .collect();
    if by_key {
        // Keys with no CSR or certificate of their own are matches of their own.
        let mut alone: Vec<(&crate::keys::PublicKey, &PathBuf)> = found
            .keys
            .iter()
            .filter(|(public, _)| !held.contains(*public))
            .collect();
        alone.sort_by(|a, b| a.1.cmp(b.1));
        for (public, path) in alone {
            let key_sha = public.key_sha2();
            locals.push(Local {
                file: LocalRef {
                    file: rel(path),
                    kind: LocalKind::Key,
                    key: Some(rel(path)),
                    common_name: None,
                    fingerprint: key_sha.clone(),
                    serial_number: None,
                },
                sha: None,
                key_sha,
                serial: None,
                ca: false,
                hit: false,
            });
        }
    }
    let mut by_key_sha: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_sha: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_serial: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, l) in locals.iter().enumerate() {
        by_key_sha.entry(l.key_sha.clone()).or_default().push(i);
        if let Some(s) = &l.sha {
            by_sha.entry(s.clone()).or_default().push(i);
        }
        if let Some(s) = &l.serial {
            by_serial.entry(s.clone()).or_default().push(i);
        }
    }

    let remotes: Vec<RemoteRef> = pages
        .iter()
        .enumerate()
        .flat_map(|(page, r)| {
            remote_refs(r).into_iter().map(move |mut rr| {
                rr.page = page + 1;
                rr
            })
        })
        .collect();
    let total_count = pages.iter().filter_map(total_count).max();
    let partial = total_count
        .filter(|&t| (remotes.len() as u64) < t)
        .map(|t| Partial {
            entries: remotes.len(),
            total_count: t,
        });
    let serial = |v: &Option<String>| v.as_deref().and_then(normalize_serial);
    let mut matched = Vec::new();
    let mut remote_only = Vec::new();
    for r in remotes {
        let (on, hits): (&'static str, &[usize]) = match response {
            ListResponse::ListCsr(_) => (
                "KeySha2",
                lookup(
                    &by_key_sha,
                    r.key_sha2.as_deref().and_then(normalize_sha256),
                ),
            ),
            ListResponse::ListClientCertificate(_) => {
                match r.sha2.as_deref().and_then(normalize_sha256) {
                    Some(sha) => ("Sha2", lookup(&by_sha, Some(sha))),
                    None => ("SerialNumber", lookup(&by_serial, serial(&r.serial_number))),
                }
            }
            ListResponse::ListCert(_) => {
                ("SerialNumber", lookup(&by_serial, serial(&r.serial_number)))
            }
            ListResponse::ListUserCertificateOrder(_) => {
                ("SerialNo", lookup(&by_serial, serial(&r.serial_no)))
            }
        };
        if hits.is_empty() {
            remote_only.push(r);
            continue;
        }
        for &i in hits {
            locals[i].hit = true;
            matched.push(Matched {
                remote: r.clone(),
                local: locals[i].file.file.clone(),
                key: locals[i].file.key.clone(),
                matched_on: on,
                local_kind: locals[i].file.kind,
            });
        }
    }
    let listed = if by_key {
        LocalKind::Csr
    } else {
        LocalKind::Certificate
    };
    let (local_ca, local_only): (Vec<Local>, Vec<Local>) = locals
        .into_iter()
        .filter(|l| !l.hit && l.file.kind == listed)
        .partition(|l| l.ca);
    Ok(Reconciliation {
        api: response.api(),
        matched,
        remote_only,
        local_only: local_only.into_iter().map(|l| l.file).collect(),
        local_ca: local_ca.into_iter().map(|l| l.file).collect(),
        partial,
        problems: found.problems,
    })
}

fn lookup(map: &HashMap<String, Vec<usize>>, key: Option<String>) -> &[usize] {
    key.and_then(|k| map.get(&k))
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A response's `TotalCount`.
fn total_count(response: &ListResponse) -> Option<u64> {
    match response {
        ListResponse::ListCsr(r) => r.total_count,
        ListResponse::ListCert(r) => r.total_count,
        ListResponse::ListClientCertificate(r) => r.total_count,
        ListResponse::ListUserCertificateOrder(r) => r.total_count,
    }
}

fn remote_refs(response: &ListResponse) -> Vec<RemoteRef> {
    match response {
        ListResponse::ListCsr(r) => r
            .csr_list
            .iter()
            .enumerate()
            .map(|(index, e)| RemoteRef {
                index,
                csr_id: e.csr_id,
                name: e.name.clone(),
                common_name: e.common_name.clone(),
                key_sha2: e.key_sha2.clone(),
                ..RemoteRef::default()
            })
            .collect(),
        ListResponse::ListCert(r) => r
            .list
            .iter()
            .enumerate()
            .map(|(index, e)| RemoteRef {
                index,
                id: e.id.clone(),
                identifier: e.identifier.clone(),
                name: e.alias_name.clone(),
                common_name: e.common_name.clone(),
                serial_number: e.serial_number.clone(),
                ..RemoteRef::default()
            })
            .collect(),
        ListResponse::ListClientCertificate(r) => r
            .certificate_list
            .iter()
            .enumerate()
            .map(|(index, e)| RemoteRef {
                index,
                identifier: e.identifier.clone(),
                common_name: e.common_name.clone(),
                sha2: e.sha2.clone(),
                serial_number: e.serial_number.clone(),
                ..RemoteRef::default()
            })
            .collect(),
        ListResponse::ListUserCertificateOrder(r) => r
            .certificate_order_list
            .iter()
            .enumerate()
            .map(|(index, e)| RemoteRef {
                index,
                certificate_id: e.certificate_id,
                order_id: e.order_id,
                instance_id: e.instance_id.clone(),
                name: e.name.clone(),
                common_name: e.common_name.clone(),
                sha2: e.sha2.clone(),
                serial_no: e.serial_no.clone(),
                ..RemoteRef::default()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_normalize_case_and_colons_and_refuse_masks() {
        let lower = "14dcc8afc7578e1fcec36d658f7e20de18f6957bbac42b373a66bc9de4e90a1b";
        assert_eq!(
            normalize_sha256(&lower.to_uppercase()).as_deref(),
            Some(lower)
        );
        let colons: Vec<String> = lower
            .as_bytes()
            .chunks(2)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        assert_eq!(normalize_sha256(&colons.join(":")).as_deref(), Some(lower));
        assert_eq!(
            normalize_sha256("14dcc8afc7578e1fcec36d658f7e20de18f6957bbac42b373a66bc9de4e9****"),
            None
        );
        assert_eq!(normalize_sha256("1234"), None);
    }

    #[test]
    fn serials_compare_as_numbers() {
        assert_eq!(normalize_serial("065C").as_deref(), Some("65c"));
        assert_eq!(normalize_serial("65c"), normalize_serial("00:06:5c"));
        assert_eq!(normalize_serial("0x65C").as_deref(), Some("65c"));
        assert_eq!(normalize_serial("00").as_deref(), Some("0"));
        assert_eq!(
            normalize_serial("62b2b943a32d96883a6650e672ea0276****"),
            None
        );
        assert_eq!(normalize_serial(""), None);
    }
}
