//! Building and signing certificate signing requests (RFC 2986).
//!
//! ```text
//! CertificationRequestInfo ::= SEQUENCE {
//!      version       INTEGER { v1(0) } (v1,...),
//!      subject       Name,
//!      subjectPKInfo SubjectPublicKeyInfo{{ PKInfoAlgorithms }},
//!      attributes    [0] Attributes{{ CRIAttributes }}
//! }
//! CertificationRequest ::= SEQUENCE {
//!      certificationRequestInfo CertificationRequestInfo,
//!      signatureAlgorithm AlgorithmIdentifier{{ SignatureAlgorithms }},
//!      signature          BIT STRING
//! }
//! ```
//!
//! What [`CsrRequest::sign`] reads, as Go's `CreateCertificateRequest` documents it:
//! - `subject`: encoded as is (see [`crate::names`]);
//! - `sans`: one `subjectAltName` extension, in the given order; critical only when the
//!   subject is empty (RFC 5280 4.2.1.6); left out when there are none;
//! - `profile`: the other extensions, in one `extensionRequest` attribute:
//!   - `server`: keyUsage (critical) digitalSignature, plus keyEncipherment for RSA;
//!     extKeyUsage serverAuth;
//!   - `client`: keyUsage (critical) digitalSignature; extKeyUsage clientAuth;
//!   - `ca`: basicConstraints (critical) CA:TRUE; keyUsage (critical) keyCertSign, cRLSign.
//!
//! Nothing else is written (no challengePassword, no other attribute). The signature
//! is the key's algorithm from SPEC's table. In debug builds the new CSR is verified
//! with its own public key before it is returned, as Go's crypto/x509 re-verifies.
//!
//! ```
//! use csrkit::{keys::{KeyAlgorithm, PrivateKey}, names::DistinguishedName,
//!              request::{CsrRequest, Profile}, sans::San};
//!
//! let key = PrivateKey::generate(KeyAlgorithm::Sm2)?;
//! let subject = DistinguishedName::builder().country("CN").common_name("example.com").build()?;
//! let csr = CsrRequest::new(subject)
//!     .san(San::parse("www.example.com")?)
//!     .profile(Profile::Server)
//!     .sign(&key)?;
//! assert!(csr.to_pem().starts_with("-----BEGIN CERTIFICATE REQUEST-----\n"));
//! # Ok::<(), csrkit::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use const_oid::AssociatedOid;
use const_oid::db::rfc5280;
use der::Encode;
use der::asn1::{OctetString, SetOfVec};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{
    BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName,
};
use x509_cert::request::{CertReq, CertReqInfo, ExtensionReq, Version};

use crate::error::Result;
use crate::input::{self, Label};
use crate::keys::{KeyType, PrivateKey};
use crate::names::DistinguishedName;
use crate::sans::{self, San};

/// The extension profile of a CSR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// A TLS server certificate.
    #[default]
    Server,
    /// A TLS client certificate.
    Client,
    /// A CA certificate (Huawei's "CSR of a CA certificate").
    Ca,
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Profile::Server => "server",
            Profile::Client => "client",
            Profile::Ca => "ca",
        })
    }
}

impl FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "server" => Ok(Profile::Server),
            "client" => Ok(Profile::Client),
            "ca" => Ok(Profile::Ca),
            _ => Err(format!("unknown profile {s:?} (server, client, ca)")),
        }
    }
}

/// What a CSR asks for: subject, SANs and profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrRequest {
    /// The subject.
    pub subject: DistinguishedName,
    /// The subject alternative names, in order.
    pub sans: Vec<San>,
    /// The extension profile.
    pub profile: Profile,
}

impl CsrRequest {
    /// A request for `subject` with no SAN and the `server` profile.
    pub fn new(subject: DistinguishedName) -> Self {
        CsrRequest {
            subject,
            sans: Vec::new(),
            profile: Profile::Server,
        }
    }

    /// Adds a SAN.
    pub fn san(mut self, san: San) -> Self {
        self.sans.push(san);
        self
    }

    /// Sets the profile.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// When no SAN was given and the CN is a valid DNS name or IP address, adds the CN
    /// as the one SAN (browsers ignore the CN). The CLI's rule for `generate`.
    pub fn with_cn_as_default_san(mut self) -> Self {
        if self.sans.is_empty()
            && let Some(cn) = self.subject.common_name()
            && sans::is_dns_or_ip(cn)
            && let Ok(san) = San::parse(cn)
        {
            self.sans.push(san);
        }
        self
    }

    /// The extensions the request carries, in the order they are written.
    pub fn extensions(&self, key_type: KeyType) -> Result<Vec<Extension>> {
        let mut exts = Vec::with_capacity(4);
        match self.profile {
            Profile::Server => {
                let mut usage = KeyUsages::DigitalSignature.into();
                if key_type == KeyType::Rsa {
                    usage |= KeyUsages::KeyEncipherment;
                }
                exts.push(extension(&KeyUsage(usage), true)?);
                exts.push(extension(
                    &ExtendedKeyUsage(vec![rfc5280::ID_KP_SERVER_AUTH]),
                    false,
                )?);
            }
            Profile::Client => {
                exts.push(extension(
                    &KeyUsage(KeyUsages::DigitalSignature.into()),
                    true,
                )?);
                exts.push(extension(
                    &ExtendedKeyUsage(vec![rfc5280::ID_KP_CLIENT_AUTH]),
                    false,
                )?);
            }
            Profile::Ca => {
                exts.push(extension(
                    &BasicConstraints {
                        ca: true,
                        path_len_constraint: None,
                    },
                    true,
                )?);
                exts.push(extension(
                    &KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign),
                    true,
                )?);
            }
        }
        if !self.sans.is_empty() {
            let names = self
                .sans
                .iter()
                .map(San::to_general_name)
                .collect::<Result<Vec<_>>>()?;
            exts.push(extension(&SubjectAltName(names), self.subject.is_empty())?);
        }
        Ok(exts)
    }

    /// Builds the CSR for `key` and signs it.
    pub fn sign(&self, key: &PrivateKey) -> Result<Csr> {
        for san in &self.sans {
            san.validate()?;
        }
        let mut attributes = SetOfVec::new();
        attributes.insert(ExtensionReq(self.extensions(key.key_type())?).try_into()?)?;
        let info = CertReqInfo {
            version: Version::V1,
            subject: self.subject.to_name()?,
            public_key: <spki::SubjectPublicKeyInfoOwned as der::Decode>::from_der(key.spki_der())?,
            attributes,
        };
        let tbs = info.to_der()?;
        let (algorithm, signature) = key.sign(&tbs)?;

        #[cfg(debug_assertions)]
        {
            let check = crate::signature::verify(
                key.public_key(),
                crate::signature::SignAlgorithm::from_oid(algorithm.oid),
                &tbs,
                signature.raw_bytes(),
            );
            if check != crate::signature::Verification::Valid {
                return Err(crate::error::Error::SelfCheck);
            }
        }

        let der = CertReq {
            info,
            algorithm,
            signature,
        }
        .to_der()?;
        Ok(Csr { der })
    }
}

fn extension<T: Encode + AssociatedOid>(value: &T, critical: bool) -> Result<Extension> {
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(value.to_der()?)?,
    })
}

/// A signed CSR, as DER.
#[derive(Clone, PartialEq, Eq)]
pub struct Csr {
    der: Vec<u8>,
}

impl fmt::Debug for Csr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Csr")
            .field("der_len", &self.der.len())
            .finish()
    }
}

impl Csr {
    /// The DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Strict RFC 7468 PEM (`CERTIFICATE REQUEST`).
    pub fn to_pem(&self) -> String {
        input::to_pem(Label::CertificateRequest, &self.der)
    }

    /// Consumes the CSR, giving its DER.
    pub fn into_der(self) -> Vec<u8> {
        self.der
    }
}
