//! csrkit: generate and inspect PKCS#10 certificate signing requests and inspect X.509
//! certificates, with exactly the fields the cloud certificate APIs speak (Alibaba Cloud
//! CAS `ListCsr`, `UploadCsr`, `ListCert`, `ListClientCertificate`; Huawei Cloud's private
//! CA "export CSR"). Pure Rust, no networking.
//!
//! One file per concern: [`keys`], [`names`], [`sans`], [`request`] (building and signing),
//! [`csr`] (inspecting CSRs), [`cert`] (inspecting certificates), [`fingerprint`], [`signature`], [`input`] (PEM/DER), [`files`]
//! (safe key files), [`inventory`] (`list`), [`batch`], [`api`] (API bodies), [`error`].
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
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod batch;
pub mod cert;
pub mod csr;
pub mod error;
pub mod files;
pub mod fingerprint;
pub mod input;
pub mod inventory;
pub mod keys;
pub mod names;
pub mod request;
pub mod sans;
pub mod signature;

pub use error::{Error, Result};

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
