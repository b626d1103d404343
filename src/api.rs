//! Request and response bodies of the certificate APIs, with the APIs' own key names.
//!
//! Huawei Cloud private CA, "Exporting a CSR of a CA Certificate"
//! (`POST /v2/{project_id}/certmanager/private-certificate-authorities/csr`):
//!
//! ```text
//! distinguished_name   DistinguishedName  required  { common_name, country, state,
//!                                                      locality, organization,
//!                                                      organizational_unit }, all required
//! key_algorithm        String             required  RSA-2048 or RSA-3072
//! signature_algorithm  String                       SHA-256 (in the page's example)
//! transaction_id       String             required
//! ```
//!
//! csrkit accepts `RSA-4096`, `EC-P256` and `SM2` as `key_algorithm` too (an extension),
//! and does not require `transaction_id` (it is the API's, not the CSR's).
//!
//! ```
//! use csrkit::api::ExportCsrRequest;
//!
//! let body = r#"{"distinguished_name": {"common_name": "api_test", "country": "CN",
//!   "state": "GuangDong", "locality": "DongGuan", "organization": "Huawei",
//!   "organizational_unit": "Workspace"}, "key_algorithm": "RSA-3072",
//!   "signature_algorithm": "SHA-256", "transaction_id": "string"}"#;
//! let request = ExportCsrRequest::from_json(body)?;
//! let csr_request = request.to_csr_request()?;
//! assert_eq!(csr_request.subject.to_rfc4514(),
//!            "CN=api_test,OU=Workspace,O=Huawei,L=DongGuan,ST=GuangDong,C=CN");
//! assert_eq!(request.algorithm()?, csrkit::keys::KeyAlgorithm::Rsa3072);
//!
//! let missing = r#"{"distinguished_name": {"common_name": "x"}, "key_algorithm": "RSA-2048"}"#;
//! let err = ExportCsrRequest::from_json(missing).unwrap_err().to_string();
//! assert!(err.contains("missing field `country`"), "{err}");
//! # Ok::<(), csrkit::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::keys::KeyAlgorithm;
use crate::names::DistinguishedName;
use crate::request::{CsrRequest, Profile};

/// Huawei `DistinguishedName` object: all six fields are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HuaweiDistinguishedName {
    /// CA name (`CN`).
    pub common_name: String,
    /// Country or region (`C`).
    pub country: String,
    /// Province or state (`ST`).
    pub state: String,
    /// City (`L`).
    pub locality: String,
    /// Company name (`O`).
    pub organization: String,
    /// Department name (`OU`).
    pub organizational_unit: String,
}

impl HuaweiDistinguishedName {
    /// The validated subject, in csrkit's encoding order.
    pub fn to_distinguished_name(&self) -> Result<DistinguishedName> {
        DistinguishedName::builder()
            .country(&self.country)
            .state(&self.state)
            .locality(&self.locality)
            .organization(&self.organization)
            .organizational_unit(&self.organizational_unit)
            .common_name(&self.common_name)
            .build()
    }
}

/// Huawei export-CSR request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportCsrRequest {
    /// The subject.
    pub distinguished_name: HuaweiDistinguishedName,
    /// `RSA-2048`, `RSA-3072` (the page), or `RSA-4096`, `EC-P256`, `SM2` (extensions).
    pub key_algorithm: String,
    /// `SHA-256` (SM3 for SM2); absent means the algorithm's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_algorithm: Option<String>,
    /// The API's transaction ID (not used in the CSR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
}

impl ExportCsrRequest {
    /// Reads the JSON body; serde's message (which key, which line) becomes the error.
    pub fn from_json(json: &str) -> Result<Self> {
        serde_json::from_str(json).map_err(|e| Error::Request(e.to_string()))
    }

    /// The key algorithm.
    pub fn algorithm(&self) -> Result<KeyAlgorithm> {
        let alg = match self.key_algorithm.as_str() {
            "RSA-2048" => KeyAlgorithm::Rsa2048,
            "RSA-3072" => KeyAlgorithm::Rsa3072,
            "RSA-4096" => KeyAlgorithm::Rsa4096,
            "EC-P256" => KeyAlgorithm::EccP256,
            "SM2" => KeyAlgorithm::Sm2,
            other => {
                return Err(Error::Request(format!(
                    "key_algorithm {other:?} is not one of RSA-2048, RSA-3072, RSA-4096, EC-P256, SM2"
                )));
            }
        };
        let sig_ok = match (alg, self.signature_algorithm.as_deref()) {
            (_, None) => true,
            (KeyAlgorithm::Sm2, Some(s)) => s.eq_ignore_ascii_case("SM3"),
            (_, Some(s)) => s.eq_ignore_ascii_case("SHA-256") || s.eq_ignore_ascii_case("SHA256"),
        };
        if !sig_ok {
            return Err(Error::Request(format!(
                "signature_algorithm {:?} does not fit key_algorithm {:?} (SHA-256; SM3 for SM2)",
                self.signature_algorithm.as_deref().unwrap_or_default(),
                self.key_algorithm
            )));
        }
        Ok(alg)
    }

    /// The CSR request: the validated subject and the `ca` profile (Huawei's CSR of a CA
    /// certificate), no SAN.
    pub fn to_csr_request(&self) -> Result<CsrRequest> {
        self.algorithm()?;
        Ok(CsrRequest::new(self.distinguished_name.to_distinguished_name()?).profile(Profile::Ca))
    }
}

/// `UploadCsr` request body (Alibaba Cloud CAS): `Name` (optional, 1–50 of
/// `A–Z a–z 0–9 _ -`), `Csr` (required, PEM), `Key` (optional, the private key in PEM).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadCsrRequest {
    /// The CSR name.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The CSR, strict PEM.
    #[serde(rename = "Csr")]
    pub csr: String,
    /// The private key, PEM.
    #[serde(rename = "Key", default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl std::fmt::Debug for UploadCsrRequest {
    /// The key is secret: shown as present or absent only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadCsrRequest")
            .field("name", &self.name)
            .field("csr_len", &self.csr.len())
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Drop for UploadCsrRequest {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        if let Some(k) = self.key.as_mut() {
            k.zeroize();
        }
    }
}

/// `UploadCsr` response body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadCsrResponse {
    /// The ID of the uploaded CSR.
    #[serde(rename = "CsrId", default, skip_serializing_if = "Option::is_none")]
    pub csr_id: Option<i64>,
    /// The request ID.
    #[serde(rename = "RequestId", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl UploadCsrRequest {
    /// Builds a checked `UploadCsr` body: the name follows the page's rule, the CSR's
    /// signature verifies, and the key (when given) is the CSR's. The key is written as
    /// PKCS#1 `RSA PRIVATE KEY` for RSA (as the page's example shows) unless `pkcs8` is
    /// asked for, and as PKCS#8 for the other algorithms.
    ///
    /// ```
    /// use csrkit::{api::UploadCsrRequest, keys::{KeyAlgorithm, PrivateKey},
    ///              names::DistinguishedName, request::CsrRequest};
    /// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    /// let csr = CsrRequest::new(DistinguishedName::builder().common_name("a.example.com").build()?)
    ///     .sign(&key)?;
    /// let body = UploadCsrRequest::checked(csr.der(), Some(&key), Some("web-01"), false)?;
    /// assert!(body.csr.starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    /// assert!(UploadCsrRequest::checked(csr.der(), None, Some("bad name!"), false).is_err());
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn checked(
        csr: &[u8],
        key: Option<&crate::keys::PrivateKey>,
        name: Option<&str>,
        pkcs8: bool,
    ) -> Result<Self> {
        if let Some(n) = name {
            crate::csr::check_csr_name(n)?;
        }
        let parsed = crate::csr::ParsedCsr::from_bytes(csr)?;
        let v = parsed.verify();
        if v != crate::signature::Verification::Valid {
            return Err(Error::BadSignature(
                v.note()
                    .unwrap_or_else(|| "the signature does not verify".to_string()),
            ));
        }
        let key_pem = match key {
            None => None,
            Some(k) => {
                if !parsed.matches_key(k) {
                    return Err(Error::KeyMismatch);
                }
                let format = if k.key_type() == crate::keys::KeyType::Rsa && !pkcs8 {
                    crate::keys::KeyFormat::Pkcs1
                } else {
                    crate::keys::KeyFormat::Pkcs8
                };
                Some(k.to_pem(format)?.to_string())
            }
        };
        Ok(UploadCsrRequest {
            name: name.map(str::to_string),
            csr: parsed.to_pem(),
            key: key_pem,
        })
    }
}
