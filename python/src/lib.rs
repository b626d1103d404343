//! `csrkit` for Python: glue over the csrkit library, as thin as the command line. Every
//! decision is the library's; this file turns Python arguments into its calls and its
//! answers into `str`, `bytes` and `dict`, releases the GIL around the work, and maps its
//! errors to exceptions in one table (`to_py`).
#![forbid(unsafe_code)]

use std::path::PathBuf;

use csrkit::api::{ListResponse, UploadCsrRequest, UploadKeyFormat};
use csrkit::contents::Contents;
use csrkit::error::Pkcs12Problem;
use csrkit::inventory::{ListOptions, Sort};
use csrkit::keys::{KeyAlgorithm, KeyCipher, Password, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;
use pyo3::create_exception;
use pyo3::exceptions::{PyFileExistsError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use zeroize::Zeroizing;

create_exception!(
    csrkit,
    Error,
    PyValueError,
    "Every csrkit error: a `ValueError`."
);
create_exception!(
    csrkit,
    MalformedInput,
    Error,
    "Input that does not parse: bad PEM or DER, a truncated or oversized file, a bundle without what is asked of it."
);
create_exception!(
    csrkit,
    UnsupportedAlgorithm,
    Error,
    "A key or signature algorithm csrkit does not support (its OID in the message)."
);
create_exception!(
    csrkit,
    WeakKey,
    Error,
    "An RSA key under 2048 bits, where a CA needs one (signing, uploading)."
);
create_exception!(
    csrkit,
    KeyMismatch,
    Error,
    "A private key that is not the key of the CSR or certificate."
);
create_exception!(
    csrkit,
    WrongPassword,
    Error,
    "A password that is missing or wrong for an encrypted key or a PKCS#12 bundle."
);
create_exception!(
    csrkit,
    InvalidName,
    Error,
    "A subject (DN) value, a SAN or a CSR name the rules refuse."
);

/// The library's error kinds as Python exceptions: the one table.
fn to_py(e: csrkit::Error) -> PyErr {
    use csrkit::Error as E;
    let message = e.to_string();
    match e {
        E::Exists(_) => PyFileExistsError::new_err(message),
        E::Io { source, .. } => PyOSError::new_err((source.raw_os_error().unwrap_or(0), message)),
        E::UnsupportedAlgorithm { .. } => UnsupportedAlgorithm::new_err(message),
        E::WeakKey { .. } => WeakKey::new_err(message),
        E::KeyMismatch | E::Pkcs12(Pkcs12Problem::KeyMatchesNoCertificate { .. }) => {
            KeyMismatch::new_err(message)
        }
        E::PasswordRequired
        | E::Decrypt
        | E::Pkcs12(Pkcs12Problem::WrongPassword | Pkcs12Problem::PasswordRequired) => {
            WrongPassword::new_err(message)
        }
        E::InvalidName { .. } | E::Rfc4514(_) | E::InvalidSan { .. } | E::InvalidCsrName(_) => {
            InvalidName::new_err(message)
        }
        E::Rng | E::Sign | E::SelfCheck | E::EmptyRequest | E::Request(_) => {
            Error::new_err(message)
        }
        _ => MalformedInput::new_err(message),
    }
}

/// `bytes` or `str` holding PEM or DER, or an `os.PathLike` naming a file.
fn content(obj: &Bound<'_, PyAny>) -> PyResult<Zeroizing<Vec<u8>>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Zeroizing::new(b.as_bytes().to_vec()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Zeroizing::new(s.to_cow()?.as_bytes().to_vec()));
    }
    if obj.hasattr("__fspath__")? {
        let path: PathBuf = obj.extract()?;
        return read_file(&path);
    }
    if let Ok(v) = obj.extract::<Vec<u8>>() {
        return Ok(Zeroizing::new(v));
    }
    Err(PyTypeError::new_err(format!(
        "expected bytes, str (PEM or DER content) or os.PathLike, not {}",
        obj.get_type().name()?
    )))
}

/// A file, at most the library's input limit.
fn read_file(path: &std::path::Path) -> PyResult<Zeroizing<Vec<u8>>> {
    use std::io::Read;
    let limit = csrkit::input::MAX_INPUT as u64;
    let mut buf = Zeroizing::new(Vec::new());
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut buf))
        .map_err(|e| to_py(csrkit::Error::io(path, e)))?;
    if buf.len() as u64 > limit {
        return Err(to_py(csrkit::Error::TooLarge {
            size: buf.len() as u64,
            limit,
        }));
    }
    Ok(buf)
}

/// A password as `str` (its UTF-8) or `bytes`.
fn password(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Password>> {
    let Some(obj) = obj else {
        return Ok(None);
    };
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Some(Password::new(s.to_cow()?.as_bytes().to_vec())));
    }
    Ok(Some(Password::new(obj.extract::<Vec<u8>>()?)))
}

fn pw(p: &Option<Password>) -> Option<&[u8]> {
    p.as_ref().map(Password::as_bytes)
}

fn read_key(obj: &Bound<'_, PyAny>, key_password: &Option<Password>) -> PyResult<PrivateKey> {
    let bytes = content(obj)?;
    let py = obj.py();
    py.detach(|| PrivateKey::from_bytes_with_password(&bytes, pw(key_password)))
        .map_err(to_py)
}

/// A JSON text of the library's into Python objects (`json.loads`).
fn to_python(py: Python<'_>, json: &[u8]) -> PyResult<Py<PyAny>> {
    let loads = py.import("json")?.getattr("loads")?;
    Ok(loads.call1((PyBytes::new(py, json),))?.unbind())
}

fn json_of<T: serde::Serialize>(v: &T) -> PyResult<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| Error::new_err(e.to_string()))
}

/// A CSR and, when csrkit made one, its key.
#[pyclass(frozen, module = "csrkit")]
pub struct Pair {
    /// The CSR, strict PEM (`CERTIFICATE REQUEST`).
    #[pyo3(get)]
    csr_pem: String,
    csr_der: Vec<u8>,
    key_pem: Option<Zeroizing<String>>,
}

#[pymethods]
impl Pair {
    /// The CSR's DER.
    #[getter]
    fn csr_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.csr_der)
    }

    /// The new key as PKCS#8 PEM (`ENCRYPTED PRIVATE KEY` when a password was given), or
    /// `None` when the key was given.
    #[getter]
    fn key_pem(&self) -> Option<String> {
        self.key_pem.as_ref().map(|k| k.to_string())
    }

    fn __repr__(&self) -> String {
        format!(
            "Pair(csr_pem=<{} bytes>, key_pem={})",
            self.csr_pem.len(),
            if self.key_pem.is_some() {
                "<new key>"
            } else {
                "None"
            }
        )
    }
}

fn apply(
    mut request: CsrRequest,
    sans: Option<Vec<String>>,
    profile: Option<&str>,
) -> PyResult<CsrRequest> {
    for s in sans.unwrap_or_default() {
        request = request.san(San::parse(&s).map_err(to_py)?);
    }
    if let Some(p) = profile {
        request = request.profile(p.parse::<Profile>().map_err(PyValueError::new_err)?);
    }
    Ok(request)
}

/// OU given as one `str` or a list of them.
fn ous(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    match obj {
        None => Ok(Vec::new()),
        Some(o) if o.is_instance_of::<PyString>() => Ok(vec![o.extract()?]),
        Some(o) => o.extract(),
    }
}

/// Generates a key (or takes `key`) and signs a CSR, as `csrkit generate` does.
///
/// With no argument: ECC P-256, profile `server`, CN `localhost` and the SAN `localhost`.
/// `subject` is a whole DN (RFC 4514, or OpenSSL's `/C=CN/CN=…`) instead of the fields;
/// `sans` a list of `dns:`, `email:`, `uri:`, `ip:` or bare values (the CN is the SAN
/// when none is given and it can be); `request` a Huawei export-CSR body (dict).
///
/// >>> import csrkit
/// >>> pair = csrkit.generate(cn="www.example.com", country="CN", org="Example Co")
/// >>> pair.csr_pem.startswith("-----BEGIN CERTIFICATE REQUEST-----")
/// True
/// >>> info = csrkit.inspect(pair.csr_pem, key=pair.key_pem)
/// >>> info["CommonName"], info["Sans"], info["HasPrivateKey"], info["SignatureValid"]
/// ('www.example.com', 'www.example.com', True, True)
#[pyfunction]
#[pyo3(signature = (*, algorithm="ecc", subject=None, cn=None, country=None, state=None,
    locality=None, org=None, ou=None, email=None, sans=None, profile="server", key=None,
    key_password=None, request=None))]
#[allow(clippy::too_many_arguments)]
fn generate(
    py: Python<'_>,
    algorithm: &str,
    subject: Option<&str>,
    cn: Option<String>,
    country: Option<String>,
    state: Option<String>,
    locality: Option<String>,
    org: Option<String>,
    ou: Option<&Bound<'_, PyAny>>,
    email: Option<String>,
    sans: Option<Vec<String>>,
    profile: &str,
    key: Option<&Bound<'_, PyAny>>,
    key_password: Option<&Bound<'_, PyAny>>,
    request: Option<&Bound<'_, PyAny>>,
) -> PyResult<Pair> {
    let key_password = password(key_password)?;
    let (algorithm, base) = match request {
        Some(body) => {
            let json: String = py
                .import("json")?
                .getattr("dumps")?
                .call1((body,))?
                .extract()?;
            let body = csrkit::api::ExportCsrRequest::from_json(&json).map_err(to_py)?;
            (
                body.algorithm().map_err(to_py)?,
                body.to_csr_request().map_err(to_py)?,
            )
        }
        None => {
            let algorithm: KeyAlgorithm = algorithm.parse().map_err(PyValueError::new_err)?;
            let dn = match subject {
                Some(s) => DistinguishedName::parse(s).map_err(to_py)?,
                None => {
                    let mut b = DistinguishedName::builder();
                    for (v, set) in [
                        (
                            country,
                            csrkit::names::DnBuilder::country as fn(_, String) -> _,
                        ),
                        (state, csrkit::names::DnBuilder::state),
                        (locality, csrkit::names::DnBuilder::locality),
                        (org, csrkit::names::DnBuilder::organization),
                    ] {
                        if let Some(v) = v {
                            b = set(b, v);
                        }
                    }
                    for o in ous(ou)? {
                        b = b.organizational_unit(o);
                    }
                    if let Some(e) = email {
                        b = b.email_address(e);
                    }
                    b.common_name(cn.unwrap_or_else(|| "localhost".into()))
                        .build()
                        .map_err(to_py)?
                }
            };
            (
                algorithm,
                CsrRequest::new(dn).profile(profile.parse().map_err(PyValueError::new_err)?),
            )
        }
    };
    let request = apply(base, sans, None)?.with_cn_as_default_san();
    let given = match key {
        Some(k) => Some(read_key(k, &key_password)?),
        None => None,
    };
    py.detach(|| {
        let (key, new) = match given {
            Some(k) => (k, false),
            None => (PrivateKey::generate(algorithm)?, true),
        };
        sign_pair(&request, &key, new, &key_password)
    })
    .map_err(to_py)
}

/// Signs `request` with `key`; the key goes into the pair (as PEM, encrypted when a
/// password is given) only when csrkit made it.
fn sign_pair(
    request: &CsrRequest,
    key: &PrivateKey,
    new: bool,
    key_password: &Option<Password>,
) -> csrkit::Result<Pair> {
    let csr = request.sign(key)?;
    Ok(Pair {
        csr_pem: csr.to_pem(),
        key_pem: if new {
            Some(key.to_pem_with(pw(key_password), KeyCipher::default())?)
        } else {
            None
        },
        csr_der: csr.into_der(),
    })
}

/// A CSR that renews a certificate (or repeats a CSR), as `csrkit renew` does: the
/// subject byte for byte, the SANs, keyUsage, extKeyUsage and basicConstraints.
///
/// `key` renews with the same key (it must be the certificate's); `new_key` (an
/// algorithm: `"ecc"`, `"p384"`, `"rsa2048"`, `"sm2"`, …) makes a new one and keeps only
/// the usages it can have. A PKCS#12 bundle as `data` renews with its own key when
/// neither is given. `sans` and `profile` replace what was carried over.
///
/// >>> import csrkit
/// >>> old = csrkit.generate(cn="old.example.com")
/// >>> new = csrkit.renew(old.csr_pem, key=old.key_pem)
/// >>> csrkit.inspect(new.csr_pem)["SubjectDN"], new.key_pem is None
/// ('CN=old.example.com', True)
#[pyfunction]
#[pyo3(signature = (data, *, key=None, new_key=None, key_password=None, sans=None, profile=None))]
fn renew(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    key: Option<&Bound<'_, PyAny>>,
    new_key: Option<&str>,
    key_password: Option<&Bound<'_, PyAny>>,
    sans: Option<Vec<String>>,
    profile: Option<&str>,
) -> PyResult<Pair> {
    let key_password = password(key_password)?;
    let bytes = content(data)?;
    let mut contents = py
        .detach(|| Contents::from_bytes(&bytes, pw(&key_password)))
        .map_err(to_py)?;
    if contents.objects.is_empty() {
        return Err(MalformedInput::new_err(
            "the input holds no CSR or certificate",
        ));
    }
    let old = contents.objects.remove(0);
    let (key, request, new) = match (key, new_key, contents.key.take()) {
        (Some(_), Some(_), _) => {
            return Err(PyValueError::new_err("give key= or new_key=, not both"));
        }
        (None, Some(alg), _) => {
            let alg: KeyAlgorithm = alg.parse().map_err(PyValueError::new_err)?;
            let k = py.detach(|| PrivateKey::generate(alg)).map_err(to_py)?;
            let r = CsrRequest::rekey(&old, &k).map_err(to_py)?;
            (k, r, true)
        }
        (Some(k), None, _) => {
            let k = read_key(k, &key_password)?;
            let r = CsrRequest::renewal(&old, &k).map_err(to_py)?;
            (k, r, false)
        }
        (None, None, Some(k)) => {
            let r = CsrRequest::renewal(&old, &k).map_err(to_py)?;
            (k, r, false)
        }
        (None, None, None) => {
            return Err(PyValueError::new_err(
                "give key= (the same key) or new_key= (an algorithm)",
            ));
        }
    };
    let request = apply(request, sans, profile)?;
    py.detach(|| sign_pair(&request, &key, new, &key_password))
        .map_err(to_py)
}

/// The API fields of a CSR or certificate (a dict with the APIs' keys), as
/// `csrkit inspect --json`: a list for a file of several certificates (a fullchain, a
/// PKCS#12 bundle's certificate and chain). `key` checks the pair (`HasPrivateKey`);
/// `issuer` (a certificate or a bundle) checks a certificate's signature; `name` carries
/// an UploadCsr name (checked).
///
/// >>> import csrkit
/// >>> pem = csrkit.generate(cn="api.example.com", sans=["api.example.com", "192.0.2.1"]).csr_pem
/// >>> info = csrkit.inspect(pem)
/// >>> info["Sans"], info["Algorithm"], info["KeySize"], info["KeyUsage"]
/// ('api.example.com,192.0.2.1', 'ECC', 256, ['Digital Signature'])
#[pyfunction]
#[pyo3(signature = (data, *, key=None, key_password=None, issuer=None, name=None))]
fn inspect(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    key: Option<&Bound<'_, PyAny>>,
    key_password: Option<&Bound<'_, PyAny>>,
    issuer: Option<&Bound<'_, PyAny>>,
    name: Option<&str>,
) -> PyResult<Py<PyAny>> {
    let key_password = password(key_password)?;
    let bytes = content(data)?;
    let key = match key {
        Some(k) => Some(read_key(k, &key_password)?),
        None => None,
    };
    let issuer = match issuer {
        Some(i) => Some(content(i)?),
        None => None,
    };
    let json = py
        .detach(|| -> csrkit::Result<Vec<u8>> {
            if let Some(n) = name {
                csrkit::csr::check_csr_name(n)?;
            }
            let contents = Contents::from_bytes(&bytes, pw(&key_password))?;
            let issuers: Vec<csrkit::cert::ParsedCert> = match &issuer {
                Some(i) => Contents::from_bytes(i, pw(&key_password))?
                    .certificates()
                    .cloned()
                    .collect(),
                None => Vec::new(),
            };
            let infos = contents.inspect(key.as_ref(), &issuers, name)?;
            let out = if infos.len() == 1 {
                serde_json::to_vec(&infos[0])
            } else {
                serde_json::to_vec(&infos)
            };
            out.map_err(|e| csrkit::Error::ApiBody(e.to_string()))
        })
        .map_err(to_py)?;
    to_python(py, &json)
}

/// The checked `UploadCsr` request body (`Name`, `Csr`, `Key`), as
/// `csrkit upload-request`: the name follows the page's rule, the CSR verifies, its key
/// is not weak, and the key (when given) is the CSR's. An RSA key is written as PKCS#1,
/// as the API page shows.
///
/// >>> import csrkit
/// >>> pair = csrkit.generate(cn="up.example.com")
/// >>> body = csrkit.upload_csr_request(pair.csr_pem, key=pair.key_pem, name="up-01")
/// >>> sorted(body), body["Key"].startswith("-----BEGIN PRIVATE KEY-----")
/// (['Csr', 'Key', 'Name'], True)
#[pyfunction]
#[pyo3(signature = (csr, *, key=None, key_password=None, name=None))]
fn upload_csr_request(
    py: Python<'_>,
    csr: &Bound<'_, PyAny>,
    key: Option<&Bound<'_, PyAny>>,
    key_password: Option<&Bound<'_, PyAny>>,
    name: Option<&str>,
) -> PyResult<Py<PyAny>> {
    let key_password = password(key_password)?;
    let bytes = content(csr)?;
    let key = match key {
        Some(k) => Some(read_key(k, &key_password)?),
        None => None,
    };
    let json = py
        .detach(|| {
            UploadCsrRequest::checked(&bytes, key.as_ref(), name, UploadKeyFormat::AsThePageShows)?
                .to_json_zeroizing()
        })
        .map_err(to_py)?;
    to_python(py, &json)
}

/// The `ListCsr` response for the CSRs under a folder, or with `certs=True` the
/// `ListClientCertificate` response for its certificates, as `csrkit list --json`:
/// natural order (or `sort="expiry"`), `expiring` days, `expired`, `keyword`,
/// `algorithm`, a page. Keys under the folder are matched (`HasPrivateKey`, `KeyFile`);
/// `key_password` opens encrypted keys and PKCS#12 bundles.
///
/// >>> import csrkit, tempfile, pathlib
/// >>> d = pathlib.Path(tempfile.mkdtemp())
/// >>> _ = (d / "web.csr.pem").write_text(csrkit.generate(cn="web.example.com").csr_pem)
/// >>> r = csrkit.list_folder(d)
/// >>> r["TotalCount"], r["CsrList"][0]["Name"], r["CsrList"][0]["HasPrivateKey"]
/// (1, 'web', False)
#[pyfunction]
#[pyo3(signature = (path, *, certs=false, keyword=None, algorithm=None, page=1, size=50,
    sort=None, expiring=None, expired=false, key_password=None))]
#[allow(clippy::too_many_arguments)]
fn list_folder(
    py: Python<'_>,
    path: PathBuf,
    certs: bool,
    keyword: Option<String>,
    algorithm: Option<&str>,
    page: usize,
    size: usize,
    sort: Option<&str>,
    expiring: Option<i64>,
    expired: bool,
    key_password: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let sort: Sort = sort
        .unwrap_or("name")
        .parse()
        .map_err(PyValueError::new_err)?;
    let opts = ListOptions {
        certs,
        keyword,
        algorithm: match algorithm {
            Some(a) => Some(a.parse().map_err(PyValueError::new_err)?),
            None => None,
        },
        page,
        size,
        password: password(key_password)?,
        sort,
        expiring,
        expired,
        ..ListOptions::default()
    };
    let json = py
        .detach(|| csrkit::inventory::list(&path, &opts).map(|l| json_of_listing(&l)))
        .map_err(to_py)??;
    to_python(py, &json)
}

fn json_of_listing(listing: &csrkit::inventory::Listing) -> PyResult<Vec<u8>> {
    json_of(&listing.response())
}

/// A saved `ListCsr`, `ListCert` or `ListClientCertificate` response (a dict, or its JSON
/// as `str`/`bytes`; a list of them for a response saved page by page) held against the
/// files under a folder, as `csrkit reconcile --json`: `Matched`, `RemoteOnly`,
/// `LocalOnly`, and `Partial` when the pages hold fewer entries than `TotalCount`.
///
/// >>> import csrkit, tempfile
/// >>> r = csrkit.reconcile({"CsrList": [{"CsrId": 1, "KeySha2": "ab" * 32}], "TotalCount": 1}, tempfile.mkdtemp())
/// >>> r["Api"], len(r["RemoteOnly"]), r["LocalOnly"]
/// ('ListCsr', 1, [])
#[pyfunction]
#[pyo3(signature = (response, path, *, key_password=None))]
fn reconcile(
    py: Python<'_>,
    response: &Bound<'_, PyAny>,
    path: PathBuf,
    key_password: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let dumps = py.import("json")?.getattr("dumps")?;
    let text = |obj: &Bound<'_, PyAny>| -> PyResult<String> {
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(s.to_cow()?.to_string());
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return String::from_utf8(b.as_bytes().to_vec())
                .map_err(|e| MalformedInput::new_err(e.to_string()));
        }
        dumps.call1((obj,))?.extract()
    };
    let pages: Vec<String> = if response.is_instance_of::<pyo3::types::PyList>() {
        response
            .try_iter()?
            .map(|p| text(&p?))
            .collect::<PyResult<_>>()?
    } else {
        vec![text(response)?]
    };
    let pages = pages
        .iter()
        .map(|t| ListResponse::from_json(t))
        .collect::<csrkit::Result<Vec<_>>>()
        .map_err(to_py)?;
    let password = password(key_password)?;
    let json = py
        .detach(|| csrkit::reconcile::reconcile_pages(&pages, &path, password.as_ref()))
        .map_err(to_py)
        .and_then(|r| json_of(&r))?;
    to_python(py, &json)
}

/// A PKCS#12 bundle (`.pfx`) of `key` with its certificate `cert` (a file of several, a
/// fullchain, gives its chain too) and `chain`, as `csrkit pkcs12`: PBES2
/// PBKDF2-HMAC-SHA256 + AES-256-CBC and an HMAC-SHA256 MAC (OpenSSL 3's defaults), the
/// friendly name the certificate's CN unless `name` is given. A key that is not the
/// certificate's is refused.
///
/// >>> import csrkit, datetime
/// >>> from cryptography import x509
/// >>> from cryptography.hazmat.primitives import hashes, serialization
/// >>> from cryptography.hazmat.primitives.asymmetric import ec
/// >>> key = ec.generate_private_key(ec.SECP256R1())
/// >>> name = x509.Name.from_rfc4514_string("CN=pfx.example.com")
/// >>> now = datetime.datetime.now(datetime.timezone.utc)
/// >>> cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
/// ...         .public_key(key.public_key()).serial_number(1).not_valid_before(now)
/// ...         .not_valid_after(now + datetime.timedelta(days=90)).sign(key, hashes.SHA256()))
/// >>> pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
/// ...                         serialization.NoEncryption())
/// >>> pfx = csrkit.pkcs12(pem, cert.public_bytes(serialization.Encoding.PEM), password="deploy")
/// >>> info = csrkit.inspect(pfx, key_password="deploy")
/// >>> info["CommonName"], info["HasPrivateKey"]
/// ('pfx.example.com', True)
/// >>> from cryptography.hazmat.primitives.serialization import pkcs12
/// >>> pkcs12.load_pkcs12(pfx, b"deploy").cert.friendly_name
/// b'pfx.example.com'
#[pyfunction]
#[pyo3(signature = (key, cert, *, password, chain=Vec::new(), key_password=None, name=None))]
fn pkcs12<'py>(
    py: Python<'py>,
    key: &Bound<'py, PyAny>,
    cert: &Bound<'py, PyAny>,
    password: &Bound<'py, PyAny>,
    chain: Vec<Bound<'py, PyAny>>,
    key_password: Option<&Bound<'py, PyAny>>,
    name: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let key_password = self::password(key_password)?;
    let pfx_password = self::password(Some(password))?.unwrap_or_else(|| Password::new(Vec::new()));
    let key = read_key(key, &key_password)?;
    let cert = content(cert)?;
    let chain = chain.iter().map(content).collect::<PyResult<Vec<_>>>()?;
    let pfx = py
        .detach(|| -> csrkit::Result<Vec<u8>> {
            let mut certs: Vec<csrkit::cert::ParsedCert> = Vec::new();
            for c in std::iter::once(&cert).chain(&chain) {
                certs.extend(
                    Contents::from_bytes(c, pw(&key_password))?
                        .certificates()
                        .cloned(),
                );
            }
            let ders: Vec<&[u8]> = certs.iter().map(|c| c.der()).collect();
            csrkit::keys::pkcs12_of(&key, &ders, name, pfx_password.as_bytes()).map(|p| p.der)
        })
        .map_err(to_py)?;
    Ok(PyBytes::new(py, &pfx))
}

/// csrkit: CSRs, certificates, keys and PKCS#12 for the cloud certificate APIs.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Pair>()?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(renew, m)?)?;
    m.add_function(wrap_pyfunction!(inspect, m)?)?;
    m.add_function(wrap_pyfunction!(upload_csr_request, m)?)?;
    m.add_function(wrap_pyfunction!(list_folder, m)?)?;
    m.add_function(wrap_pyfunction!(reconcile, m)?)?;
    m.add_function(wrap_pyfunction!(pkcs12, m)?)?;
    m.add("Error", py.get_type::<Error>())?;
    m.add("MalformedInput", py.get_type::<MalformedInput>())?;
    m.add(
        "UnsupportedAlgorithm",
        py.get_type::<UnsupportedAlgorithm>(),
    )?;
    m.add("WeakKey", py.get_type::<WeakKey>())?;
    m.add("KeyMismatch", py.get_type::<KeyMismatch>())?;
    m.add("WrongPassword", py.get_type::<WrongPassword>())?;
    m.add("InvalidName", py.get_type::<InvalidName>())?;
    Ok(())
}
