//! Request and response bodies of the certificate APIs, with the APIs' own key names.
//!
//! Each type follows one public API reference page, named in its doc and read for its
//! example JSON: the Alibaba Cloud Certificate Management Service API reference (version
//! 2020-04-07) pages `ListCsr`, `ListCert`, `ListClientCertificate` and `UploadCsr`, and the
//! Huawei Cloud Certificate Manager private CA page "Exporting a CSR of a CA Certificate".
//! Unknown keys are ignored, and a key a page marks optional may be absent.
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
//! csrkit accepts `RSA-4096`, `EC-P256`, `EC-P384` and `SM2` as `key_algorithm` too (an extension),
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
use zeroize::Zeroizing;

use crate::cert::CertInfo;
use crate::csr::CsrInfo;
use crate::error::{Error, Result};
use crate::fingerprint::{normalize_serial, normalize_sha256};
use crate::keys::{KeyAlgorithm, KeyType};
use crate::names::DistinguishedName;
use crate::request::{CsrRequest, Profile};
use crate::sans::SanEntry;

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
    /// `RSA-2048`, `RSA-3072` (the page), or `RSA-4096`, `EC-P256`, `EC-P384`, `SM2` (extensions).
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
            "EC-P384" => KeyAlgorithm::EccP384,
            "SM2" => KeyAlgorithm::Sm2,
            other => {
                return Err(Error::Request(format!(
                    "key_algorithm {other:?} is not one of RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384, SM2"
                )));
            }
        };
        let sig_ok = match (alg, self.signature_algorithm.as_deref()) {
            (_, None) => true,
            (KeyAlgorithm::Sm2, Some(s)) => s.eq_ignore_ascii_case("SM3"),
            (KeyAlgorithm::EccP384, Some(s)) => {
                s.eq_ignore_ascii_case("SHA-384") || s.eq_ignore_ascii_case("SHA384")
            }
            (_, Some(s)) => s.eq_ignore_ascii_case("SHA-256") || s.eq_ignore_ascii_case("SHA256"),
        };
        if !sig_ok {
            return Err(Error::Request(format!(
                "signature_algorithm {:?} does not fit key_algorithm {:?} (SHA-256; SHA-384 for EC-P384; SM3 for SM2)",
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

/// An `Algorithm` as the APIs send it: `RSA`/`ECC`/`SM2` in any case; a value csrkit
/// does not know (a new algorithm, `""`) reads as absent instead of refusing the whole
/// response.
fn lenient_key_type<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<KeyType>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    Ok(s.and_then(|s| s.parse().ok()))
}

/// A value the APIs send as a string in one version and as a number in another.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// `UploadCsr` request body (Alibaba Cloud CAS): `Name` (optional, 1–50 of
/// `A–Z a–z 0–9 _ -`), `Csr` (required, PEM), `Key` (optional, the private key in PEM).
///
/// [`crate::request::csr_name_from`] makes a valid `Name` of a CN and
/// [`crate::request::unique_csr_names`] makes a set of them unique; `csrkit::upload::bodies`
/// (with the default `fs` feature) builds the bodies of every CSR of a folder with its key.
#[serde_with::skip_serializing_none]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadCsrRequest {
    /// The CSR name.
    pub name: Option<String>,
    /// The CSR, strict PEM.
    pub csr: String,
    /// The private key, PEM; zeroized when dropped, and the field can be moved out.
    pub key: Option<Zeroizing<String>>,
}

/// How [`UploadCsrRequest::checked`] writes the `Key` of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum UploadKeyFormat {
    /// As the UploadCsr page shows it: PKCS#1 `RSA PRIVATE KEY` for RSA keys, PKCS#8
    /// `PRIVATE KEY` for the other algorithms.
    #[default]
    AsThePageShows,
    /// PKCS#8 `PRIVATE KEY` for every algorithm.
    Pkcs8,
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

/// `UploadCsr` response body.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadCsrResponse {
    /// The ID of the uploaded CSR.
    pub csr_id: Option<i64>,
    /// The request ID.
    pub request_id: Option<String>,
}

impl UploadCsrRequest {
    /// Builds a checked `UploadCsr` body: the name follows the `UploadCsr` page's rule (1–50
    /// characters of `A–Z a–z 0–9 _ -`), the CSR's signature verifies, and the key (when
    /// given) is the CSR's. `key_format` says how the key is written ([`UploadKeyFormat::AsThePageShows`]: PKCS#1 for RSA).
    ///
    /// ```
    /// use csrkit::{api::{UploadCsrRequest, UploadKeyFormat}, keys::{KeyAlgorithm, PrivateKey},
    ///              names::DistinguishedName, request::CsrRequest};
    /// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    /// let csr = CsrRequest::new(DistinguishedName::builder().common_name("a.example.com").build()?)
    ///     .sign(&key)?;
    /// let body = UploadCsrRequest::checked(csr.der(), Some(&key), Some("web-01"),
    ///                                      UploadKeyFormat::AsThePageShows)?;
    /// assert!(body.csr.starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    /// // The fields move into an SDK's own request type; the key stays zeroizing.
    /// let (csr_pem, key_pem): (String, Option<csrkit::zeroize::Zeroizing<String>>) = (body.csr, body.key);
    /// assert!(key_pem.is_some_and(|k| k.starts_with("-----BEGIN PRIVATE KEY-----")));
    /// assert!(UploadCsrRequest::checked(csr.der(), None, Some("bad name!"),
    ///                                   UploadKeyFormat::default()).is_err());
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn checked(
        csr: &[u8],
        key: Option<&crate::keys::PrivateKey>,
        name: Option<&str>,
        key_format: UploadKeyFormat,
    ) -> Result<Self> {
        if let Some(n) = name {
            crate::csr::check_csr_name(n)?;
        }
        let parsed = crate::csr::ParsedCsr::from_bytes(csr)?;
        crate::request::check_key_strength(parsed.public_key())?;
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
                    return Err(Error::key_mismatch(k.public_key(), parsed.public_key()));
                }
                let format = if k.key_type() == crate::keys::KeyType::Rsa
                    && key_format == UploadKeyFormat::AsThePageShows
                {
                    crate::keys::KeyFormat::Pkcs1
                } else {
                    crate::keys::KeyFormat::Pkcs8
                };
                Some(k.to_pem(format)?)
            }
        };
        Ok(UploadCsrRequest {
            name: name.map(str::to_string),
            csr: parsed.to_pem(),
            key: key_pem,
        })
    }

    /// The body as pretty JSON in one zeroizing buffer: sized before it is written, so
    /// that no reallocation leaves a copy of the key behind, and wiped when dropped.
    /// (`serde_json::to_string` of a body with a key grows its buffer and leaves the
    /// copies it outgrew in freed memory.)
    ///
    /// ```
    /// use csrkit::{api::{UploadCsrRequest, UploadKeyFormat}, keys::{KeyAlgorithm, PrivateKey},
    ///              names::DistinguishedName, request::CsrRequest};
    /// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    /// let subject = DistinguishedName::builder().common_name("a.example.com").build()?;
    /// let csr = CsrRequest::new(subject).sign(&key)?;
    /// let body = UploadCsrRequest::checked(csr.der(), Some(&key), None, UploadKeyFormat::Pkcs8)?;
    /// let json = body.to_json_zeroizing()?;
    /// let back: serde_json::Value = serde_json::from_slice(&json)?;
    /// assert!(back["Key"].as_str().unwrap().starts_with("-----BEGIN PRIVATE KEY-----"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json_zeroizing(&self) -> Result<Zeroizing<Vec<u8>>> {
        self.json_in(self.json_capacity())
    }

    /// An upper bound of the pretty JSON's length: every byte of the values escaped as
    /// `\uXXXX` at worst (6 bytes), and the keys and layout.
    pub(crate) fn json_capacity(&self) -> usize {
        let values = self.csr.len()
            + self.key.as_ref().map_or(0, |k| k.len())
            + self.name.as_ref().map_or(0, String::len);
        values * 6 + 128
    }

    fn json_in(&self, capacity: usize) -> Result<Zeroizing<Vec<u8>>> {
        let mut buf = Zeroizing::new(Vec::with_capacity(capacity));
        serde_json::to_writer_pretty(&mut *buf, self).map_err(|e| Error::ApiBody(e.to_string()))?;
        debug_assert!(buf.capacity() == capacity, "the JSON outgrew its buffer");
        Ok(buf)
    }
}

/// Huawei Cloud error body (400/401/403/404/500 of the export-CSR API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HuaweiErrorBody {
    /// Error code, e.g. `PCA.10010001`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Error message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_msg: Option<String>,
    /// Error details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_detail: Option<String>,
    /// Encrypted reason for a rejection (decoded by STS `decode-authorization-message`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoded_authorization_message: Option<String>,
}

impl std::fmt::Display for HuaweiErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            self.error_code.as_deref().unwrap_or("(no error_code)"),
            self.error_msg.as_deref().unwrap_or("(no error_msg)")
        )?;
        if let Some(d) = &self.error_detail {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Alibaba Cloud CAS list APIs
// ---------------------------------------------------------------------------------------

/// Reads a response body of type `T`; a wrong or missing key is named by its path
/// (`CsrList[0].KeySize: invalid type: string "x", expected u32 at line 5 column 22`).
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(path_error)
}

/// [`from_json`] on an already parsed value (no second parse of the text).
fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(path_error)
}

fn path_error<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> Error {
    let path = e.path().to_string();
    let inner = e.into_inner();
    if matches!(path.as_str(), "" | "." | "?") {
        Error::ApiBody(inner.to_string())
    } else {
        Error::ApiBody(format!("{path}: {inner}"))
    }
}

/// `ListCsr` request parameters (Alibaba Cloud CAS API reference, `ListCsr`). All optional.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCsrRequest {
    /// Fuzzy-search keyword, e.g. a domain name.
    pub key_word: Option<String>,
    /// `RSA`, `ECC` or `SM2`.
    #[serde(default, deserialize_with = "lenient_key_type")]
    pub algorithm: Option<KeyType>,
    /// Page number (default 1).
    pub current_page: Option<u64>,
    /// Entries per page (default 50).
    pub show_size: Option<u64>,
}

/// `ListCsr` response (Alibaba Cloud CAS API reference, `ListCsr`). `PageCount` is not on
/// that page; csrkit's folder listing adds it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCsrResponse {
    /// The CSRs of the page.
    #[serde(default)]
    pub csr_list: Vec<CsrListItem>,
    /// Entries that matched.
    pub total_count: Option<u64>,
    /// Page number.
    pub current_page: Option<u64>,
    /// Page size.
    pub show_size: Option<u64>,
    /// ⌈TotalCount / ShowSize⌉ (csrkit's; not in the API's example).
    pub page_count: Option<u64>,
    /// Request ID.
    pub request_id: Option<String>,
}

impl ListCsrResponse {
    /// The entry for this `KeySha2`, compared as the API's values come: hex in either
    /// case, with or without `:`; a masked value (`14dc…****`) matches nothing.
    ///
    /// ```
    /// use csrkit::api::ListCsrResponse;
    /// use csrkit::keys::{KeyAlgorithm, PrivateKey};
    /// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    /// let saved = format!(r#"{{"CsrList": [{{"CsrId": 7, "KeySha2": "{}"}},
    ///                                      {{"CsrId": 8, "KeySha2": "****"}}]}}"#,
    ///                     key.public_key().key_sha2().to_uppercase());
    /// let list: ListCsrResponse = csrkit::api::from_json(&saved)?;
    /// assert_eq!(list.find_by_key(key.public_key()).and_then(|e| e.csr_id), Some(7));
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn find_by_key_sha2(&self, key_sha2: &str) -> Option<&CsrListItem> {
        find_normalized(&self.csr_list, key_sha2, normalize_sha256, |e| {
            e.key_sha2.as_deref()
        })
    }

    /// The entry whose `KeySha2` is this public key's (a private key's:
    /// `key.public_key()`).
    pub fn find_by_key(&self, key: &crate::keys::PublicKey) -> Option<&CsrListItem> {
        self.find_by_key_sha2(&key.key_sha2())
    }
}

/// One `CsrList` element of `ListCsr`. The API's fields are `Option` (absent keys stay
/// absent when serialized back); [`CsrListItem::local`] holds what csrkit adds for a
/// local file (never read from a response).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CsrListItem {
    /// The CSR's ID in CAS.
    pub csr_id: Option<i64>,
    /// The name.
    pub name: Option<String>,
    /// `RSA`, `ECC` or `SM2`.
    #[serde(default, deserialize_with = "lenient_key_type")]
    pub algorithm: Option<KeyType>,
    /// Key size in bits.
    pub key_size: Option<u32>,
    /// SHA-256 of the public key (SubjectPublicKeyInfo), hex.
    pub key_sha2: Option<String>,
    /// Subject CN.
    pub common_name: Option<String>,
    /// SAN values joined by `,`.
    pub sans: Option<String>,
    /// Subject C.
    pub country_code: Option<String>,
    /// Subject ST.
    pub province: Option<String>,
    /// Subject L.
    pub locality: Option<String>,
    /// Subject O.
    pub corp_name: Option<String>,
    /// Subject OU.
    pub department: Option<String>,
    /// The private key is held (remote: by CAS; local: a key file under the folder).
    pub has_private_key: Option<bool>,
    /// csrkit's local fields (`Kind`, `SubjectDN`, `SanEntries`, `SignAlgorithm`,
    /// `SignatureValid`, `SignatureNote`, `Sha2`, `Md5`).
    #[serde(flatten, skip_deserializing)]
    pub local: Option<LocalCsrFields>,
}

/// Subject fields a local file lacks, each serialized as `"Key": null`: an inspection
/// says `null` where the API models (like the APIs) leave an absent key out. Flattened
/// into the local fields, so a local entry carries `null` for each absent subject field and a remote one nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NullFields(pub Vec<&'static str>);

impl NullFields {
    /// The keys whose value is `None`.
    fn of(fields: &[(&'static str, &Option<String>)]) -> Self {
        NullFields(
            fields
                .iter()
                .filter(|(_, v)| v.is_none())
                .map(|(k, _)| *k)
                .collect(),
        )
    }
}

impl Serialize for NullFields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for k in &self.0 {
            m.serialize_entry(k, &())?;
        }
        m.end()
    }
}

/// The fields of an inspected CSR that `ListCsr` does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LocalCsrFields {
    /// `"CSR"`.
    pub kind: String,
    /// Subject in encoding order.
    #[serde(rename = "SubjectDN")]
    pub subject_dn: String,
    /// SANs as `{Type, Value}`.
    pub san_entries: Vec<SanEntry>,
    /// `SHA256WITHRSA`, …
    pub sign_algorithm: String,
    /// The self-signature verifies (`null`: not checked).
    pub signature_valid: Option<bool>,
    /// A sentence when the result needs one.
    pub signature_note: Option<String>,
    /// SHA-256 of the DER.
    pub sha2: String,
    /// MD5 of the DER.
    pub md5: String,
    /// `null` for each subject field the CSR lacks.
    #[serde(flatten)]
    pub nulls: NullFields,
    /// The local file (`csrkit list`), `null` otherwise.
    pub file: Option<String>,
    /// The matching private key's file, `null` when there is none.
    pub key_file: Option<String>,
}

/// A path as the JSON carries it (bytes that are not UTF-8 as U+FFFD).
fn path_text(p: &std::path::Path) -> String {
    p.to_string_lossy().into_owned()
}

impl CsrListItem {
    /// The entry with its local files: `File` and `KeyFile` (what `csrkit list` adds).
    pub fn located(mut self, file: &std::path::Path, key_file: Option<&std::path::Path>) -> Self {
        if let Some(l) = &mut self.local {
            l.file = Some(path_text(file));
            l.key_file = key_file.map(path_text);
        }
        self
    }
}

impl From<&CsrInfo> for CsrListItem {
    /// The `CsrList` element of a local CSR (`CsrId` is the API's, so absent).
    fn from(c: &CsrInfo) -> Self {
        CsrListItem {
            csr_id: None,
            name: c.name.clone(),
            algorithm: Some(c.algorithm),
            key_size: Some(c.key_size),
            key_sha2: Some(c.key_sha2.clone()),
            common_name: c.common_name.clone(),
            sans: Some(c.sans.clone()),
            country_code: c.country_code.clone(),
            province: c.province.clone(),
            locality: c.locality.clone(),
            corp_name: c.corp_name.clone(),
            department: c.department.clone(),
            has_private_key: Some(c.has_private_key),
            local: Some(LocalCsrFields {
                kind: c.kind.clone(),
                subject_dn: c.subject_dn.clone(),
                san_entries: c.san_entries.clone(),
                sign_algorithm: c.sign_algorithm.clone(),
                signature_valid: c.signature_valid,
                signature_note: c.signature_note.clone(),
                sha2: c.sha2.clone(),
                md5: c.md5.clone(),
                nulls: NullFields::of(&[
                    ("CommonName", &c.common_name),
                    ("CountryCode", &c.country_code),
                    ("Province", &c.province),
                    ("Locality", &c.locality),
                    ("CorpName", &c.corp_name),
                    ("Department", &c.department),
                ]),
                file: None,
                key_file: None,
            }),
        }
    }
}

/// `ListCert` request parameters (Alibaba Cloud CAS API reference, `ListCert`). All
/// optional; dates as that page shows them
/// (`2025-09-04`, `2024-05-13 12:59:45`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCertRequest {
    /// Instance UUID.
    pub instance_uuid: Option<String>,
    /// Date filter, as a string.
    pub before_date: Option<String>,
    /// Date filter, as a string.
    pub after_date: Option<String>,
    /// `ISSUE` or `REVOKE`.
    pub status: Option<String>,
    /// `SERVER`, `CLIENT` or `END_ENTITY`.
    #[serde(rename = "Type")]
    pub cert_type: Option<String>,
    /// Page number.
    pub current_page: Option<u64>,
    /// Page size.
    pub show_size: Option<u64>,
    /// Entries per call (token paging).
    pub max_results: Option<u64>,
    /// Token of the next page.
    pub next_token: Option<String>,
}

/// `ListCert` response (Alibaba Cloud CAS API reference, `ListCert`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCertResponse {
    /// Total number of certificates.
    pub total_count: Option<u64>,
    /// Number of pages.
    pub page_count: Option<u64>,
    /// Page number.
    pub current_page: Option<u64>,
    /// Page size.
    pub show_size: Option<u64>,
    /// The certificates (`CertList` in a response the Python SDK saved).
    #[serde(default, alias = "CertList")]
    pub list: Vec<CertListItem>,
    /// Request ID.
    pub request_id: Option<String>,
    /// Token of the next page (empty or absent: no more).
    pub next_token: Option<String>,
    /// Entries per call.
    pub max_results: Option<u64>,
}

/// One `List` element of `ListCert`. `BeforeDate`/`AfterDate` are date strings here
/// (`2026-05-19`), `BeforeTime`/`AfterTime` milliseconds, as the API sends them.
///
/// A response saved from the Python SDK's `alibabacloud_cas20200407` model (an older
/// `ListCert`: `CertList`, `SerialNo`, dates in milliseconds) reads too: `SerialNo` is
/// the serial and a date in milliseconds reads as its number.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CertListItem {
    /// Status (`ISSUE`, `REVOKE`; the example says `complete`).
    pub status: Option<String>,
    /// Expiry, as a string.
    #[serde(default, deserialize_with = "string_or_number")]
    pub after_date: Option<String>,
    /// Subject O.
    pub organization: Option<String>,
    /// The private key can be exported.
    pub key_exportable: Option<bool>,
    /// Subject DN.
    pub subject_dn: Option<String>,
    /// `RSA`, `ECC`, `SM2`.
    #[serde(default, deserialize_with = "lenient_key_type")]
    pub algorithm: Option<KeyType>,
    /// Certificate type as the API names it (`Server`, `free`, `cas`, `upload`, …).
    pub certificate_type: Option<String>,
    /// Identifier.
    pub identifier: Option<String>,
    /// Serial number, hex.
    #[serde(alias = "SerialNo")]
    pub serial_number: Option<String>,
    /// Extension field (a JSON string).
    pub extra: Option<String>,
    /// Subject OU.
    pub organization_unit: Option<String>,
    /// Issuance, ms since the Unix epoch.
    pub before_time: Option<i64>,
    /// Name of the certificate.
    pub alias_name: Option<String>,
    /// Expiry, ms since the Unix epoch.
    pub after_time: Option<i64>,
    /// Order data-source ID (a string in the example).
    pub id: Option<String>,
    /// Tags (each a JSON string in the example).
    pub tags: Option<Vec<String>>,
    /// Subject CN.
    pub common_name: Option<String>,
    /// Issuance, as a string.
    #[serde(default, deserialize_with = "string_or_number")]
    pub before_date: Option<String>,
    /// Custom identifier.
    pub custom_identifier: Option<String>,
}

/// `ListClientCertificate` request parameters (Alibaba Cloud CAS API reference,
/// `ListClientCertificate`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListClientCertificateRequest {
    /// Page number (default 1).
    pub current_page: Option<u64>,
    /// Page size (default 20).
    pub show_size: Option<u64>,
    /// Identifier of one certificate.
    pub identifier: Option<String>,
    /// Resource group.
    pub resource_group_id: Option<String>,
}

/// `ListClientCertificate` response (Alibaba Cloud CAS API reference,
/// `ListClientCertificate`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListClientCertificateResponse {
    /// The certificates of the page.
    #[serde(default)]
    pub certificate_list: Vec<CertificateListItem>,
    /// Page number.
    pub current_page: Option<u64>,
    /// Number of pages.
    pub page_count: Option<u64>,
    /// Page size.
    pub show_size: Option<u64>,
    /// Entries that matched.
    pub total_count: Option<u64>,
    /// Request ID.
    pub request_id: Option<String>,
}

/// `Sans` of `ListClientCertificate`: a string holding a JSON array of `{Type, Value}`.
/// Kept byte for byte (so a response serializes back unchanged); [`SanList::entries`]
/// reads it leniently (the page's own example has a trailing comma).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SanList(pub String);

impl SanList {
    /// The entries; trailing commas before `]` or `}` are tolerated.
    ///
    /// ```
    /// use csrkit::api::SanList;
    /// let s = SanList(r#"[ {"Type": 7, "Value": "192.0.XX.XX"}, {"Type": 2, "Value": "www.aliyundoc.com"}, ]"#.into());
    /// let e = s.entries()?;
    /// assert_eq!((e[1].kind, e[1].value.as_str()), (2, "www.aliyundoc.com"));
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn entries(&self) -> Result<Vec<SanEntry>> {
        let text = self.0.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        serde_json::from_str(text)
            .or_else(|_| serde_json::from_str(&without_trailing_commas(text)))
            .map_err(|e| Error::ApiBody(format!("Sans: {e}")))
    }
}

/// `text` with every `,` that is followed (after white space) by `]` or `}` removed,
/// outside JSON strings.
fn without_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ','
            && chars[i + 1..]
                .iter()
                .find(|c| !c.is_whitespace())
                .is_some_and(|&n| n == ']' || n == '}')
        {
            continue;
        }
        out.push(c);
    }
    out
}

impl ListClientCertificateResponse {
    /// The entry with this certificate fingerprint (`Sha2`), compared as
    /// [`ListCsrResponse::find_by_key_sha2`] compares: case, `:`, masks.
    pub fn find_by_sha2(&self, sha2: &str) -> Option<&CertificateListItem> {
        find_normalized(&self.certificate_list, sha2, normalize_sha256, |e| {
            e.sha2.as_deref()
        })
    }

    /// The entry with this serial number, compared as a number (`065C` = `65c`).
    pub fn find_by_serial(&self, serial: &str) -> Option<&CertificateListItem> {
        find_normalized(&self.certificate_list, serial, normalize_serial, |e| {
            e.serial_number.as_deref()
        })
    }
}

/// The first item whose `field`, normalized, equals `want` normalized (a masked or
/// malformed value on either side matches nothing).
fn find_normalized<'a, T>(
    items: &'a [T],
    want: &str,
    normalize: fn(&str) -> Option<String>,
    field: impl Fn(&T) -> Option<&str>,
) -> Option<&'a T> {
    let want = normalize(want)?;
    items
        .iter()
        .find(|e| field(e).and_then(normalize).is_some_and(|v| v == want))
}

/// One `CertificateList` element of `ListClientCertificate`. Dates are milliseconds here.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CertificateListItem {
    /// The certificate, PEM.
    pub x509_certificate: Option<String>,
    /// Identifier.
    pub identifier: Option<String>,
    /// Serial number, hex.
    pub serial_number: Option<String>,
    /// Subject DN.
    #[serde(rename = "SubjectDN")]
    pub subject_dn: Option<String>,
    /// Subject CN.
    pub common_name: Option<String>,
    /// Subject OU.
    pub organization_unit: Option<String>,
    /// Subject O.
    pub organization: Option<String>,
    /// Subject L.
    pub locality: Option<String>,
    /// Subject ST.
    pub state: Option<String>,
    /// Subject C.
    pub country_code: Option<String>,
    /// SANs, a JSON array in a string.
    pub sans: Option<SanList>,
    /// `ISSUE` or `REVOKE`.
    pub status: Option<String>,
    /// notBefore, ms since the Unix epoch.
    pub before_date: Option<i64>,
    /// notAfter, ms since the Unix epoch.
    pub after_date: Option<i64>,
    /// `RSA`, `ECC`, `SM2`.
    #[serde(default, deserialize_with = "lenient_key_type")]
    pub algorithm: Option<KeyType>,
    /// Key size in bits.
    pub key_size: Option<u32>,
    /// `SHA256WITHRSA`, …
    pub sign_algorithm: Option<String>,
    /// `CLIENT`, `SERVER` (csrkit also says `CA`, `END_ENTITY`).
    pub certificate_type: Option<String>,
    /// Identifier of the issuing CA.
    pub parent_identifier: Option<String>,
    /// SHA-256 of the DER, hex.
    pub sha2: Option<String>,
    /// MD5 of the DER, hex.
    pub md5: Option<String>,
    /// Validity in days.
    pub days: Option<i64>,
    /// Resource group.
    pub resource_group_id: Option<String>,
    /// csrkit's local fields (`Kind`, `SanEntries`, `KeySha2`, `IssuerDN`,
    /// `SignatureValid`, `SignatureNote`, `HasPrivateKey`, `Name`).
    #[serde(flatten, skip_deserializing)]
    pub local: Option<LocalCertFields>,
}

/// The fields of an inspected certificate that `ListClientCertificate` does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LocalCertFields {
    /// `"CERTIFICATE"`.
    pub kind: String,
    /// SANs as an array.
    pub san_entries: Vec<SanEntry>,
    /// SHA-256 of the public key.
    pub key_sha2: String,
    /// Issuer DN.
    #[serde(rename = "IssuerDN")]
    pub issuer_dn: String,
    /// `true`/`false` when the issuer's key is known, else `null`.
    pub signature_valid: Option<bool>,
    /// A sentence when the result needs one.
    pub signature_note: Option<String>,
    /// A key file under the folder (or a given key) matches.
    pub has_private_key: bool,
    /// The file's stem, when listed.
    pub name: Option<String>,
    /// `null` for each subject field the certificate lacks.
    #[serde(flatten)]
    pub nulls: NullFields,
    /// ⌊(AfterDate − now) / 86 400 000⌋: 0 on the last day, negative once expired.
    pub days_left: i64,
    /// The local file (`csrkit list`), `null` otherwise.
    pub file: Option<String>,
    /// The matching private key's file (or PKCS#12 bundle), `null` when there is none.
    pub key_file: Option<String>,
}

impl CertificateListItem {
    /// The entry with its local files: `File` and `KeyFile` (what `csrkit list` adds).
    pub fn located(mut self, file: &std::path::Path, key_file: Option<&std::path::Path>) -> Self {
        if let Some(l) = &mut self.local {
            l.file = Some(path_text(file));
            l.key_file = key_file.map(path_text);
        }
        self
    }

    /// The `CertificateList` element of a local certificate; `name` is the file's stem.
    pub fn from_info(c: &CertInfo, name: Option<&str>) -> Self {
        CertificateListItem {
            x509_certificate: Some(c.x509_certificate.clone()),
            identifier: None,
            serial_number: Some(c.serial_number.clone()),
            subject_dn: Some(c.subject_dn.clone()),
            common_name: c.common_name.clone(),
            organization_unit: c.organization_unit.clone(),
            organization: c.organization.clone(),
            locality: c.locality.clone(),
            state: c.state.clone(),
            country_code: c.country_code.clone(),
            sans: Some(SanList(c.sans.clone())),
            status: None,
            before_date: Some(c.before_date),
            after_date: Some(c.after_date),
            algorithm: Some(c.algorithm),
            key_size: Some(c.key_size),
            sign_algorithm: Some(c.sign_algorithm.clone()),
            certificate_type: Some(c.certificate_type.as_str().to_string()),
            parent_identifier: None,
            sha2: Some(c.sha2.clone()),
            md5: Some(c.md5.clone()),
            days: Some(c.days),
            resource_group_id: None,
            local: Some(LocalCertFields {
                kind: c.kind.clone(),
                san_entries: c.san_entries.clone(),
                key_sha2: c.key_sha2.clone(),
                issuer_dn: c.issuer_dn.clone(),
                signature_valid: c.signature_valid,
                signature_note: c.signature_note.clone(),
                has_private_key: c.has_private_key,
                name: name.map(str::to_string),
                nulls: NullFields::of(&[
                    ("CommonName", &c.common_name),
                    ("Organization", &c.organization),
                    ("OrganizationUnit", &c.organization_unit),
                    ("Locality", &c.locality),
                    ("State", &c.state),
                    ("CountryCode", &c.country_code),
                ]),
                days_left: c.days_left,
                file: None,
                key_file: None,
            }),
        }
    }
}

impl From<&CertInfo> for CertificateListItem {
    fn from(c: &CertInfo) -> Self {
        CertificateListItem::from_info(c, None)
    }
}

/// `ListUserCertificateOrder` response: the certificates and orders of an account, one
/// page. The shape is the vendor SDK model's (`alibabacloud-cas20200407`
/// `ListUserCertificateOrderResponseBody`):
///
/// ```text
/// CertificateOrderList  array    the certificates and orders
/// CurrentPage           integer  page number
/// RequestId             string   request ID
/// ShowSize              integer  entries per page
/// TotalCount            integer  entries in all
/// ```
///
/// A certificate (`OrderType` `CERT` or `UPLOAD` in the request) carries `SerialNo` and
/// `Sha2`; an order (`CPACK`, `BUY`) carries order fields and no serial.
///
/// ```
/// use csrkit::api::ListResponse;
/// let r = ListResponse::from_json(r#"{"CertificateOrderList": [{"CertificateId": 14,
///     "SerialNo": "065c", "Upload": true}], "TotalCount": 1}"#)?;
/// let ListResponse::ListUserCertificateOrder(l) = r else { panic!("{r:?}") };
/// assert_eq!(l.certificate_order_list[0].serial_no.as_deref(), Some("065c"));
/// # Ok::<(), csrkit::Error>(())
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserCertificateOrderResponse {
    /// The certificates and orders of the page.
    #[serde(default)]
    pub certificate_order_list: Vec<CertificateOrderListItem>,
    /// Page number.
    pub current_page: Option<u64>,
    /// Request ID.
    pub request_id: Option<String>,
    /// Entries per page.
    pub show_size: Option<u64>,
    /// Entries in all.
    pub total_count: Option<u64>,
}

/// One `CertificateOrderList` element of `ListUserCertificateOrder`, field for field the
/// SDK model's `ListUserCertificateOrderResponseBodyCertificateOrderList`. Times are
/// milliseconds since the Unix epoch, dates `YYYY-MM-DD`. "Certificate" fields come
/// with `OrderType` `CERT` or `UPLOAD`, "order" fields with `CPACK` or `BUY`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CertificateOrderListItem {
    /// Key algorithm (order).
    pub algorithm: Option<String>,
    /// Alibaba Cloud order ID (order).
    pub aliyun_order_id: Option<i64>,
    /// Purchase time, ms (order).
    pub buy_date: Option<i64>,
    /// Certificate notAfter, ms (order).
    pub cert_end_time: Option<i64>,
    /// Certificate notBefore, ms (order).
    pub cert_start_time: Option<i64>,
    /// `DV`, `OV`, `EV` or `FREE` (order).
    pub cert_type: Option<String>,
    /// Certificate ID (certificate).
    pub certificate_id: Option<i64>,
    /// Subject L (certificate).
    pub city: Option<String>,
    /// Subject CN (certificate).
    pub common_name: Option<String>,
    /// Subject C (certificate).
    pub country: Option<String>,
    /// Domain name (order).
    pub domain: Option<String>,
    /// Domain names bought (order).
    pub domain_count: Option<i64>,
    /// `ONE`, `MULTIPLE`, `WILDCARD`, `M_WILDCARD` or `MIX` (order).
    pub domain_type: Option<String>,
    /// notAfter, `YYYY-MM-DD` (certificate).
    pub end_date: Option<String>,
    /// The certificate has expired (certificate).
    pub expired: Option<bool>,
    /// Fingerprint (certificate).
    pub fingerprint: Option<String>,
    /// Resource ID.
    pub instance_id: Option<String>,
    /// Issuer (certificate).
    pub issuer: Option<String>,
    /// Certificate name (certificate).
    pub name: Option<String>,
    /// Order ID (order).
    pub order_id: Option<i64>,
    /// Subject O (certificate).
    pub org_name: Option<String>,
    /// The CA's order ID (order).
    pub partner_order_id: Option<String>,
    /// Order specification ID (order).
    pub product_code: Option<String>,
    /// Order specification name (order).
    pub product_name: Option<String>,
    /// Subject ST (certificate).
    pub province: Option<String>,
    /// Resource group (certificate).
    pub resource_group_id: Option<String>,
    /// Brand: WoSign, CFCA, DigiCert, vTrus, … (order).
    pub root_brand: Option<String>,
    /// Every domain name of the certificate, joined by `,` (certificate).
    pub sans: Option<String>,
    /// Serial number, hex (certificate): what [`crate::reconcile`] matches on.
    pub serial_no: Option<String>,
    /// SHA-256 of the certificate, hex (certificate).
    pub sha2: Option<String>,
    /// `cpack` or `buy` (order).
    pub source_type: Option<String>,
    /// notBefore, `YYYY-MM-DD` (certificate).
    pub start_date: Option<String>,
    /// `PAYED`, `CHECKING`, `CHECKED_FAIL`, `ISSUED`, `WILLEXPIRED`, `EXPIRED`,
    /// `NOTACTIVATED`, `REVOKED` (order).
    pub status: Option<String>,
    /// `unTrustee` or `trustee` (order).
    pub trustee_status: Option<String>,
    /// The certificate was uploaded (certificate).
    pub upload: Option<bool>,
    /// Wildcard domain names bought (order).
    pub wild_domain_count: Option<i64>,
}

/// A response of one of the list APIs, recognised by its list key (serialized as
/// the inner body).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ListResponse {
    /// Has `CsrList`.
    ListCsr(ListCsrResponse),
    /// Has `List`.
    ListCert(ListCertResponse),
    /// Has `CertificateList`.
    ListClientCertificate(ListClientCertificateResponse),
    /// Has `CertificateOrderList`.
    ListUserCertificateOrder(ListUserCertificateOrderResponse),
}

impl ListResponse {
    /// Reads a saved response: the top-level `CsrList`, `List`, `CertificateList` or
    /// `CertificateOrderList` says which API it came from; a wrong key is named in the
    /// error.
    ///
    /// ```
    /// use csrkit::api::ListResponse;
    /// let r = ListResponse::from_json(r#"{"CsrList": [{"KeySha2": "AB12", "CsrId": 7}], "TotalCount": 1}"#)?;
    /// assert!(matches!(r, ListResponse::ListCsr(ref l) if l.csr_list[0].csr_id == Some(7)));
    /// let err = ListResponse::from_json(r#"{"CsrList": [{"CsrId": "seven"}]}"#).unwrap_err();
    /// assert!(err.to_string().contains("CsrList[0].CsrId"), "{err}");
    /// # Ok::<(), csrkit::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        // Parsed once; the list key says which type the value becomes.
        let value: serde_json::Value = from_json(json)?;
        let Some(obj) = value.as_object() else {
            return Err(Error::ApiBody(
                "the response is not a JSON object".to_string(),
            ));
        };
        if obj.contains_key("CsrList") {
            Ok(ListResponse::ListCsr(from_value(value)?))
        } else if obj.contains_key("CertificateList") {
            Ok(ListResponse::ListClientCertificate(from_value(value)?))
        } else if obj.contains_key("CertificateOrderList") {
            Ok(ListResponse::ListUserCertificateOrder(from_value(value)?))
        } else if obj.contains_key("List") || obj.contains_key("CertList") {
            Ok(ListResponse::ListCert(from_value(value)?))
        } else {
            Err(Error::ApiBody(
                "the response has none of CsrList (ListCsr), List (ListCert), CertificateList \
                 (ListClientCertificate) or CertificateOrderList (ListUserCertificateOrder)"
                    .to_string(),
            ))
        }
    }

    /// The API's name.
    pub fn api(&self) -> &'static str {
        match self {
            ListResponse::ListCsr(_) => "ListCsr",
            ListResponse::ListCert(_) => "ListCert",
            ListResponse::ListClientCertificate(_) => "ListClientCertificate",
            ListResponse::ListUserCertificateOrder(_) => "ListUserCertificateOrder",
        }
    }
}

#[cfg(test)]
mod zeroizing_json_tests {
    use super::*;

    /// The body's JSON is written into the buffer it was given, without growing it (a
    /// reallocation would leave a copy of the key in freed memory).
    #[test]
    fn the_key_json_never_outgrows_its_buffer() {
        use crate::keys::{KeyAlgorithm, PrivateKey};
        for alg in [
            KeyAlgorithm::EccP256,
            KeyAlgorithm::Rsa2048,
            KeyAlgorithm::Sm2,
        ] {
            let key = PrivateKey::generate(alg).unwrap();
            let dn = crate::names::DistinguishedName::builder()
                .common_name("a.example.com")
                .build()
                .unwrap();
            let csr = crate::request::CsrRequest::new(dn).sign(&key).unwrap();
            let body = UploadCsrRequest::checked(
                csr.der(),
                Some(&key),
                Some("n-1"),
                UploadKeyFormat::AsThePageShows,
            )
            .unwrap();
            let capacity = body.json_capacity();
            let json = body.json_in(capacity).unwrap();
            assert_eq!(json.capacity(), capacity, "{alg:?}");
            assert_eq!(serde_json::to_vec_pretty(&body).unwrap(), *json);
        }
    }
}
