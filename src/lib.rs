//! csrkit: generate and inspect PKCS#10 certificate signing requests and inspect X.509
//! certificates, with exactly the fields the cloud certificate APIs speak (Alibaba Cloud
//! CAS `ListCsr`, `UploadCsr`, `ListCert`, `ListClientCertificate`; Huawei Cloud's private
//! CA "export CSR"). Pure Rust, no networking.
//!
//! One file per concern: [`keys`], [`names`], [`sans`], [`request`] (building, signing,
//! renewal), [`csr`] (inspecting CSRs), [`cert`] (inspecting certificates),
//! [`fingerprint`], [`signature`], [`input`] (PEM/DER), [`files`] (safe key files),
//! [`api`] (API bodies), [`error`]; with the default feature `fs` (rayon, walkdir):
//! `inventory` (`list`), `batch` and `reconcile` (a saved list response against local
//! files).
//!
//! Types of other crates in csrkit's signatures are re-exported, so a client names the
//! versions csrkit was built with: [`der`] (`der::asn1::ObjectIdentifier`), [`spki`],
//! [`x509_cert`] (`x509_cert::name::Name`, `x509_cert::ext::Extension`,
//! `x509_cert::ext::pkix::name::GeneralName`) and [`zeroize`] (`zeroize::Zeroizing`).
//!
//! ```
//! use csrkit::{csr::ParsedCsr, keys::{KeyAlgorithm, PrivateKey}, names::DistinguishedName,
//!              request::{CsrRequest, Profile}, sans::San};
//!
//! // Generate: key, subject, SANs, profile → signed CSR.
//! let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
//! let subject = DistinguishedName::builder()
//!     .country("CN").state("Zhejiang").locality("Hangzhou")
//!     .organization("Example Co").organizational_unit("IT")
//!     .common_name("example.com")
//!     .build()?;
//! let csr = CsrRequest::new(subject)
//!     .san(San::parse("www.example.com")?)
//!     .san(San::parse("192.0.2.1")?)
//!     .profile(Profile::Server)
//!     .sign(&key)?;
//!
//! // Inspect: the ListCsr fields.
//! let info = ParsedCsr::from_bytes(csr.to_pem().as_bytes())?.info(Some(&key), None)?;
//! assert_eq!(info.sans, "www.example.com,192.0.2.1");
//! assert_eq!(info.subject_dn, "C=CN,ST=Zhejiang,L=Hangzhou,O=Example Co,OU=IT,CN=example.com");
//! assert_eq!(info.sign_algorithm, "SHA256WITHECDSA");
//! assert_eq!(info.signature_valid, Some(true));
//! # Ok::<(), csrkit::Error>(())
//! ```
//!
//! An API client's round trip: generate → inspect → `UploadCsr` body → (the API's
//! responses) → reconcile the saved `ListCsr` response with the local files.
//!
//! ```
//! use csrkit::api::{ListResponse, UploadCsrRequest, UploadCsrResponse, UploadKeyFormat, from_json};
//! use csrkit::keys::{KeyAlgorithm, KeyFormat, PrivateKey};
//! use csrkit::{csr::ParsedCsr, names::DistinguishedName, request::CsrRequest};
//!
//! let dir = tempfile::tempdir()?;
//! let key = PrivateKey::generate(KeyAlgorithm::Sm2)?;
//! let subject = DistinguishedName::builder().country("CN").common_name("pay.example.com").build()?;
//! let csr = CsrRequest::new(subject).sign(&key)?;
//! use csrkit::files::{WriteOptions, write_atomic};
//! let (public, secret) = (WriteOptions { overwrite: false, secret: false, sync_dir: true },
//!                         WriteOptions { overwrite: false, secret: true, sync_dir: true });
//! write_atomic(&dir.path().join("pay.csr.pem"), csr.to_pem().as_bytes(), public)?;
//! write_atomic(&dir.path().join("pay.key.pem"), key.to_pem(KeyFormat::Pkcs8)?.as_bytes(), secret)?;
//!
//! // The checked UploadCsr body (name rule, signature, key match) ...
//! let body = UploadCsrRequest::checked(csr.der(), Some(&key), Some("pay"), UploadKeyFormat::AsThePageShows)?;
//! let json = serde_json::to_string(&body)?;
//! assert!(json.contains(r#""Name":"pay""#) && json.contains("BEGIN PRIVATE KEY"));
//! // ... what UploadCsr answers ...
//! let uploaded: UploadCsrResponse = from_json(r#"{"CsrId": 2271, "RequestId": "CBF1E9B7"}"#)?;
//! // ... and a later ListCsr response, saved (KeySha2 in upper case, one foreign entry).
//! let key_sha2 = ParsedCsr::from_bytes(csr.der())?.info(None, None)?.key_sha2;
//! let saved = format!(r#"{{"CsrList": [
//!     {{"CsrId": {}, "Name": "pay", "KeySha2": "{}"}},
//!     {{"CsrId": 9, "Name": "elsewhere", "KeySha2": "{}"}}], "TotalCount": 2}}"#,
//!     uploaded.csr_id.unwrap_or_default(), key_sha2.to_uppercase(), "ab".repeat(32));
//! # #[cfg(feature = "fs")] {
//! let r = csrkit::reconcile::reconcile(&ListResponse::from_json(&saved)?, dir.path())?;
//! assert_eq!(r.matched.len(), 1);
//! assert_eq!(r.matched[0].remote.csr_id, Some(2271));
//! assert_eq!(r.matched[0].local, std::path::Path::new("pay.csr.pem"));
//! assert_eq!(r.matched[0].key.as_deref(), Some(std::path::Path::new("pay.key.pem")));
//! assert_eq!(r.remote_only[0].name.as_deref(), Some("elsewhere"));
//! assert!(r.local_only.is_empty());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
#[cfg(feature = "fs")]
pub mod batch;
pub mod cert;
pub mod contents;
pub mod csr;
pub mod error;
pub mod files;
pub mod fingerprint;
pub mod input;
#[cfg(feature = "fs")]
pub mod inventory;
pub mod keys;
pub mod names;
pub mod oid;
pub mod problem;
#[cfg(feature = "fs")]
pub mod reconcile;
#[cfg(feature = "fs")]
pub mod renewal;
pub mod request;
pub mod sans;
pub mod signature;
mod signed;
mod tlv;
#[cfg(feature = "fs")]
pub mod upload;
pub mod usages;

pub use error::{Error, Result};

// The crates whose types appear in csrkit's public signatures, re-exported so that a
// client names the same versions csrkit was built with: `csrkit::der::asn1::ObjectIdentifier`,
// `csrkit::x509_cert::name::Name`, `csrkit::x509_cert::ext::pkix::name::GeneralName`,
// `csrkit::x509_cert::ext::Extension`, `csrkit::zeroize::Zeroizing`, `csrkit::spki`.
pub use der;
pub use spki;
pub use x509_cert;
pub use zeroize;

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
