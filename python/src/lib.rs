//! `csrkit` for Python: glue over the csrkit library, as thin as the command line. Every
//! decision is the library's; this file turns Python arguments into its calls and its
//! answers into `str`, `bytes` and `dict`, releases the GIL around the work, and maps its
//! errors to exceptions in one table (`to_py`).
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use csrkit::api::{ListResponse, UploadCsrRequest, UploadKeyFormat};
use csrkit::contents::Contents;
use csrkit::error::Pkcs12Problem;
use csrkit::inventory::{ListOptions, Sort};
use csrkit::keys::{KeyAlgorithm, KeyCipher, Password, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;
use pyo3::create_exception;
use pyo3::exceptions::{
    PyFileExistsError, PyFileNotFoundError, PyIsADirectoryError, PyNotADirectoryError, PyOSError,
    PyPermissionError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
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
    to_py_in(e, None)
}

/// [`to_py`] for an error about the content of an input: the message names it first, a
/// file as the CLI does (`FILE: problem`), content in memory by its argument
/// (`key=: problem`).
fn to_py_in(e: csrkit::Error, source: Option<&str>) -> PyErr {
    use csrkit::Error as E;
    let message = match source {
        Some(s) => format!("{s}: {e}"),
        None => e.to_string(),
    };
    match e {
        E::Exists(_) => PyFileExistsError::new_err(message),
        E::Io { path, source } => os_error(&path, &source, None),
        E::UnsupportedAlgorithm { .. } => UnsupportedAlgorithm::new_err(message),
        E::WeakKey { .. } => WeakKey::new_err(message),
        E::KeyMismatch(_) | E::Pkcs12(Pkcs12Problem::KeyMatchesNoCertificate { .. }) => {
            KeyMismatch::new_err(message)
        }
        E::PasswordRequired(_) | E::WrongPassword(_) => WrongPassword::new_err(message),
        E::InvalidName { .. } | E::Rfc4514(_) | E::InvalidSan { .. } | E::InvalidCsrName(_) => {
            InvalidName::new_err(message)
        }
        E::Rng | E::Sign | E::SelfCheck | E::EmptyRequest | E::Request(_) => {
            Error::new_err(message)
        }
        _ => MalformedInput::new_err(message),
    }
}

/// An `OSError` as Python raises one: `(errno, strerror, filename)`, so that Python picks
/// the subclass by the errno (`FileNotFoundError`, `IsADirectoryError`, `PermissionError`,
/// ...) and `e.filename` is the file. `arg` names the argument the path came from.
fn os_error(path: &Path, source: &std::io::Error, arg: Option<&str>) -> PyErr {
    use std::io::ErrorKind as K;
    let text = source.to_string();
    // Rust's text ends with " (os error N)": Python shows the errno itself.
    let mut strerror = match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    if let Some(arg) = arg {
        strerror = format!("{strerror} ({arg}=)");
    }
    let filename = path.to_string_lossy().into_owned();
    match source.raw_os_error() {
        Some(errno) => PyOSError::new_err((errno, strerror, filename)),
        None => {
            let message = format!("{filename}: {strerror}");
            match source.kind() {
                K::NotFound => PyFileNotFoundError::new_err(message),
                K::NotADirectory => PyNotADirectoryError::new_err(message),
                K::IsADirectory => PyIsADirectoryError::new_err(message),
                K::AlreadyExists => PyFileExistsError::new_err(message),
                K::PermissionDenied => PyPermissionError::new_err(message),
                _ => PyOSError::new_err(message),
            }
        }
    }
}

/// A value an argument does not take: `csrkit.Error`, the argument named as the CLI
/// names its flags (`new_key="rsa" is not one of ...`).
fn bad_value(message: impl Into<String>) -> PyErr {
    Error::new_err(message.into())
}

/// `value` parsed for the argument `arg`, whose valid values are `valid`.
fn choice<T: std::str::FromStr>(arg: &str, value: &str, valid: &str) -> PyResult<T> {
    value
        .parse()
        .map_err(|_| bad_value(format!("{arg}={value:?} is not one of {valid}")))
}

const ALGORITHMS: &str = "rsa2048, rsa3072, rsa4096, ecc, p256, p384, sm2";
const PROFILES: &str = "server, client, ca";

/// An input argument's bytes, and where they came from: the file, or the argument for
/// content in memory (named in every error about them).
struct Input {
    bytes: Zeroizing<Vec<u8>>,
    source: String,
}

impl Input {
    /// An error about this input's content.
    fn err(&self, e: csrkit::Error) -> PyErr {
        to_py_in(e, Some(&self.source))
    }
}

/// The one rule of inputs: `bytes` is content (PEM or DER); a `str` holding a PEM block
/// (`-----BEGIN`) is content; any other `str`, and any `os.PathLike`, is a path.
fn input(obj: &Bound<'_, PyAny>, arg: &str) -> PyResult<Input> {
    let in_memory = |bytes: Vec<u8>| Input {
        bytes: Zeroizing::new(bytes),
        source: format!("{arg}="),
    };
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(in_memory(b.as_bytes().to_vec()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(in_memory(b.to_vec()));
    }
    let path: PathBuf = if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        if s.contains("-----BEGIN") {
            return Ok(in_memory(s.as_bytes().to_vec()));
        }
        PathBuf::from(s.as_ref())
    } else if obj.hasattr("__fspath__")? {
        obj.extract()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{arg}= takes bytes (PEM or DER), a str (PEM, or a path) or an os.PathLike, not {}",
            obj.get_type().name()?
        )));
    };
    let bytes = read_file(&path, arg)?;
    Ok(Input {
        bytes,
        source: path.display().to_string(),
    })
}

/// A file, at most the library's input limit.
fn read_file(path: &Path, arg: &str) -> PyResult<Zeroizing<Vec<u8>>> {
    use std::io::Read;
    let limit = csrkit::input::MAX_INPUT as u64;
    let mut buf = Zeroizing::new(Vec::new());
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut buf))
        .map_err(|e| os_error(path, &e, Some(arg)))?;
    if buf.len() as u64 > limit {
        return Err(to_py_in(
            csrkit::Error::TooLarge {
                size: buf.len() as u64,
                limit,
            },
            Some(&path.display().to_string()),
        ));
    }
    Ok(buf)
}

/// A folder argument: `NotADirectoryError` for a file, `FileNotFoundError` when missing.
fn folder(py: Python<'_>, obj: &Bound<'_, PyAny>, arg: &str) -> PyResult<PathBuf> {
    let path: PathBuf = if obj.is_instance_of::<PyString>() || obj.hasattr("__fspath__")? {
        obj.extract()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{arg}= takes a str or an os.PathLike naming a folder, not {}",
            obj.get_type().name()?
        )));
    };
    match std::fs::metadata(&path) {
        Err(e) => Err(os_error(&path, &e, Some(arg))),
        Ok(m) if !m.is_dir() => {
            let errno = py.import("errno")?.getattr("ENOTDIR")?;
            let strerror: String = py
                .import("os")?
                .getattr("strerror")?
                .call1((&errno,))?
                .extract()?;
            Err(PyNotADirectoryError::new_err((
                errno.unbind(),
                format!("{strerror} ({arg}=)"),
                path.to_string_lossy().into_owned(),
            )))
        }
        Ok(_) => Ok(path),
    }
}

/// A password as `str` (its UTF-8) or `bytes`. The empty password is refused, as the CLI
/// refuses it: a key or bundle without a password is read with none given (`None`), and
/// nothing is written under the empty password.
fn password(obj: Option<&Bound<'_, PyAny>>, arg: &str) -> PyResult<Option<Password>> {
    let Some(obj) = obj else {
        return Ok(None);
    };
    let bytes = if let Ok(s) = obj.cast::<PyString>() {
        s.to_cow()?.as_bytes().to_vec()
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else {
        return Err(PyTypeError::new_err(format!(
            "{arg}= takes str or bytes, not {}",
            obj.get_type().name()?
        )));
    };
    if bytes.is_empty() {
        return Err(bad_value(if arg == "password" {
            "password= is empty: a .pfx is written under a password, never the empty one \
             (a bundle with the empty password is read with key_password=None)"
                .to_string()
        } else {
            format!("{arg}= is empty: leave it out (None) for a key or bundle with no password")
        }));
    }
    Ok(Some(Password::new(bytes)))
}

/// `key_password=` of a folder call: a `str`/`bytes` or a list (or tuple) of them, each
/// tried in turn.
fn passwords(obj: Option<&Bound<'_, PyAny>>, arg: &str) -> PyResult<csrkit::keys::Passwords> {
    let Some(obj) = obj else {
        return Ok(csrkit::keys::Passwords::default());
    };
    if !obj.is_instance_of::<PyString>()
        && !obj.is_instance_of::<PyBytes>()
        && let Ok(items) = obj.try_iter()
    {
        let mut list = Vec::new();
        for item in items {
            let item = item?;
            if let Some(p) = password(Some(&item), arg)? {
                list.push(p);
            }
        }
        return Ok(list.into());
    }
    Ok(password(Some(obj), arg)?.into())
}

fn pw(p: &Option<Password>) -> Option<&Password> {
    p.as_ref()
}

fn read_key(
    obj: &Bound<'_, PyAny>,
    arg: &str,
    key_password: &Option<Password>,
) -> PyResult<PrivateKey> {
    let input = input(obj, arg)?;
    let py = obj.py();
    py.detach(|| PrivateKey::from_bytes_with_password(&input.bytes, pw(key_password)))
        .map_err(|e| input.err(e))
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
        request = request.profile(choice::<Profile>("profile", p, PROFILES)?);
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
/// `key_password` encrypts the new key (or opens the given one).
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
    let key_password = password(key_password, "key_password")?;
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
            let algorithm: KeyAlgorithm = choice("algorithm", algorithm, ALGORITHMS)?;
            let profile: Profile = choice("profile", profile, PROFILES)?;
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
            (algorithm, CsrRequest::new(dn).profile(profile))
        }
    };
    let request = apply(base, sans, None)?.with_cn_as_default_san();
    let given = match key {
        Some(k) => Some(read_key(k, "key", &key_password)?),
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
/// `key_password` opens the key or bundle, and encrypts a new key.
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
    let key_password = password(key_password, "key_password")?;
    if key.is_some() && new_key.is_some() {
        return Err(bad_value(
            "give key= (the same key) or new_key= (an algorithm), not both",
        ));
    }
    let new_key: Option<KeyAlgorithm> = match new_key {
        Some(a) => Some(choice("new_key", a, ALGORITHMS)?),
        None => None,
    };
    let data = input(data, "data")?;
    let mut contents = py
        .detach(|| Contents::from_bytes(&data.bytes, pw(&key_password)))
        .map_err(|e| data.err(e))?;
    if contents.objects.is_empty() {
        return Err(data.err(csrkit::Error::WrongKind {
            expected: "a CSR or certificate",
            found: "none".into(),
        }));
    }
    let old = contents.objects.remove(0);
    let (key, request, new) = match (key, new_key, contents.key.take()) {
        (None, Some(alg), _) => {
            let k = py.detach(|| PrivateKey::generate(alg)).map_err(to_py)?;
            let r = CsrRequest::rekey(&old, &k).map_err(to_py)?;
            (k, r, true)
        }
        // new_key= is None here: both are refused above.
        (Some(k), _, _) => {
            let k = read_key(k, "key", &key_password)?;
            let r = CsrRequest::renewal(&old, &k).map_err(to_py)?;
            (k, r, false)
        }
        (None, None, Some(k)) => {
            let r = CsrRequest::renewal(&old, &k).map_err(to_py)?;
            (k, r, false)
        }
        (None, None, None) => {
            return Err(bad_value(
                "give key= (the same key) or new_key= (an algorithm): data= holds no key",
            ));
        }
    };
    let request = apply(request, sans, profile)?;
    py.detach(|| sign_pair(&request, &key, new, &key_password))
        .map_err(to_py)
}

/// Every object of `data` inspected, as the JSON of a list (`csrkit inspect --json`).
fn inspected(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    key: Option<&Bound<'_, PyAny>>,
    key_password: Option<&Bound<'_, PyAny>>,
    issuer: Option<&Bound<'_, PyAny>>,
    name: Option<&str>,
    only_the_first: bool,
) -> PyResult<Py<PyAny>> {
    let key_password = password(key_password, "key_password")?;
    if let Some(n) = name {
        csrkit::csr::check_csr_name(n).map_err(to_py)?;
    }
    let data = input(data, "data")?;
    let key = match key {
        Some(k) => Some(read_key(k, "key", &key_password)?),
        None => None,
    };
    let issuer = match issuer {
        Some(i) => Some(input(i, "issuer")?),
        None => None,
    };
    let issuers: Vec<csrkit::cert::ParsedCert> = match &issuer {
        Some(i) => py
            .detach(|| Contents::from_bytes(&i.bytes, pw(&key_password)))
            .map_err(|e| i.err(e))?
            .certificates()
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let json = py
        .detach(|| -> csrkit::Result<Vec<u8>> {
            let contents =
                csrkit::contents::Inspectable::from_bytes(&data.bytes, pw(&key_password))?;
            if let csrkit::contents::Inspectable::Objects(c) = &contents
                && c.objects.is_empty()
            {
                return Err(csrkit::Error::WrongKind {
                    expected: "a CSR or certificate",
                    found: "none".into(),
                });
            }
            let infos = contents.inspect(key.as_ref(), &issuers, name)?;
            let out = if only_the_first {
                serde_json::to_vec(&infos[0])
            } else {
                serde_json::to_vec(&infos)
            };
            out.map_err(|e| csrkit::Error::ApiBody(e.to_string()))
        })
        .map_err(|e| data.err(e))?;
    to_python(py, &json)
}

/// The API fields of a CSR or certificate (a dict with the APIs' keys), as
/// `csrkit inspect --json`; for a file of several certificates (a fullchain, a PKCS#12
/// bundle) its first: the leaf (`inspect_all` gives them all). `key` checks the pair
/// (`HasPrivateKey`); `issuer` (a certificate or a bundle) checks a certificate's
/// signature; `name` carries an UploadCsr name (checked). `Kind` (`"CSR"` or
/// `"CERTIFICATE"`) says which dict it is; a private key alone gives its facts (`"KEY"`:
/// `Algorithm`, `KeySize`, `KeySha2`, `Encrypted`, `Format`).
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
    inspected(py, data, key, key_password, issuer, name, true)
}

/// Every CSR and certificate of `data` (a fullchain, a PKCS#12 bundle: the leaf first,
/// then its chain), each dict as `inspect` returns it.
///
/// >>> import csrkit
/// >>> a, b = csrkit.generate(cn="a.example.com"), csrkit.generate(cn="b.example.com")
/// >>> [i["CommonName"] for i in csrkit.inspect_all(a.csr_pem + b.csr_pem)]
/// ['a.example.com', 'b.example.com']
#[pyfunction]
#[pyo3(signature = (data, *, key=None, key_password=None, issuer=None, name=None))]
fn inspect_all(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    key: Option<&Bound<'_, PyAny>>,
    key_password: Option<&Bound<'_, PyAny>>,
    issuer: Option<&Bound<'_, PyAny>>,
    name: Option<&str>,
) -> PyResult<Py<PyAny>> {
    inspected(py, data, key, key_password, issuer, name, false)
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
    let key_password = password(key_password, "key_password")?;
    if let Some(n) = name {
        csrkit::csr::check_csr_name(n).map_err(to_py)?;
    }
    let csr = input(csr, "csr")?;
    let key = match key {
        Some(k) => Some(read_key(k, "key", &key_password)?),
        None => None,
    };
    let json = py
        .detach(|| {
            UploadCsrRequest::checked(
                &csr.bytes,
                key.as_ref(),
                name,
                UploadKeyFormat::AsThePageShows,
            )?
            .to_json_zeroizing()
        })
        .map_err(|e| match e {
            // The key is the key= argument's, the rest is about the CSR.
            csrkit::Error::KeyMismatch(_) => to_py(e),
            e => csr.err(e),
        })?;
    to_python(py, &json)
}

/// The `ListCsr` response for the CSRs under a folder, or with `certs=True` the
/// `ListClientCertificate` response for its certificates, as `csrkit list --json`:
/// natural order (or `sort="expiry"`), `expiring` days, `expired`, `keyword`,
/// `algorithm`, a page. Keys under the folder are matched (`HasPrivateKey`, `KeyFile`);
/// `key_password` (one password or a list, each tried in turn) opens encrypted keys and
/// PKCS#12 bundles (a bundle with no password opens without it). `Skipped` names each
/// file left out, with why (`Reason`) and its `Kind`.
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
    path: &Bound<'_, PyAny>,
    certs: bool,
    keyword: Option<String>,
    algorithm: Option<&str>,
    page: i64,
    size: i64,
    sort: Option<&str>,
    expiring: Option<i64>,
    expired: bool,
    key_password: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let max = csrkit::inventory::MAX_PAGE_SIZE;
    let page = usize::try_from(page)
        .ok()
        .filter(|&p| p >= 1)
        .ok_or_else(|| bad_value(format!("page={page} is not a page: 1 or more")))?;
    let size = usize::try_from(size)
        .ok()
        .filter(|s| (1..=max).contains(s))
        .ok_or_else(|| bad_value(format!("size={size} is not a page size: 1 to {max}")))?;
    if expiring.is_some() && expired {
        return Err(bad_value("give expiring= or expired=True, not both"));
    }
    if let Some(days) = expiring.filter(|&d| d < 0) {
        return Err(bad_value(format!(
            "expiring={days} is not a number of days: 0 or more"
        )));
    }
    let sort: Sort = choice("sort", sort.unwrap_or("name"), "name, expiry")?;
    if !certs {
        for (given, arg) in [
            (expiring.is_some(), "expiring="),
            (expired, "expired=True"),
            (sort == Sort::Expiry, "sort=\"expiry\""),
        ] {
            if given {
                return Err(bad_value(format!(
                    "{arg} needs certs=True: expiry is a certificate's, and CSRs are listed"
                )));
            }
        }
    }
    let opts = ListOptions {
        certs,
        keyword,
        algorithm: match algorithm {
            Some(a) => Some(choice("algorithm", a, "RSA, ECC, SM2")?),
            None => None,
        },
        page,
        size: Some(size),
        passwords: passwords(key_password, "key_password")?,
        sort,
        expiring,
        expired,
        ..ListOptions::default()
    };
    let path = folder(py, path, "path")?;
    let json = py
        .detach(|| {
            csrkit::inventory::list(&path, &opts)
                .map(|l| (l.response(), csrkit::problem::problems_json(&l.problems)))
        })
        .map_err(to_py)?;
    let (response, skipped) = json;
    let mut v = serde_json::to_value(response).map_err(|e| Error::new_err(e.to_string()))?;
    if let Some(obj) = v.as_object_mut() {
        obj.insert("Skipped".into(), skipped);
    }
    let json = json_of(&v)?;
    to_python(py, &json)
}

/// The `UploadCsr` request bodies of every CSR under a folder with its key there, as
/// `csrkit upload-request DIR`: each named from its CN (unique), checked as
/// `upload_csr_request` checks one, an RSA key written as PKCS#1 (as the API page shows).
/// `key_password` (one password or a list, each tried in turn) opens encrypted keys and
/// bundles. `keys`: more folders where the keys are looked for (the folder a same-key
/// `renew_folder` renewed: its keys stay there), as `--keys DIR`. A CSR with no key,
/// one the API would refuse, or a copy of another is left out, as the CLI leaves it out.
///
/// >>> import csrkit, tempfile, pathlib
/// >>> d, k = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
/// >>> pair = csrkit.generate(cn="web.example.com")
/// >>> _ = (d / "web.csr").write_text(pair.csr_pem)
/// >>> _ = (k / "web.key").write_text(pair.key_pem or "")
/// >>> csrkit.upload_csr_requests(d)
/// []
/// >>> [sorted(b) for b in csrkit.upload_csr_requests(d, keys=[k])]
/// [['Csr', 'Key', 'Name']]
#[pyfunction]
#[pyo3(signature = (folder, *, key_password=None, keys=None))]
fn upload_csr_requests(
    py: Python<'_>,
    folder: &Bound<'_, PyAny>,
    key_password: Option<&Bound<'_, PyAny>>,
    keys: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let passwords = self::passwords(key_password, "key_password")?;
    let path = self::folder(py, folder, "folder")?;
    let key_dirs: Vec<PathBuf> = match keys {
        None => Vec::new(),
        // One folder given alone, not a list of them.
        Some(one) if one.is_instance_of::<PyString>() || one.hasattr("__fspath__")? => {
            vec![self::folder(py, one, "keys")?]
        }
        Some(list) => list
            .try_iter()?
            .map(|item| self::folder(py, &item?, "keys"))
            .collect::<PyResult<_>>()?,
    };
    let json = py
        .detach(|| {
            let dirs: Vec<&std::path::Path> = key_dirs.iter().map(PathBuf::as_path).collect();
            csrkit::upload::bodies_with_keys(
                &path,
                &dirs,
                &passwords,
                UploadKeyFormat::AsThePageShows,
            )
            .and_then(|found| found.to_json_zeroizing())
        })
        .map_err(to_py)?;
    to_python(py, &json)
}

fn due_of(expiring: Option<i64>, all: bool) -> PyResult<csrkit::renewal::Due> {
    use csrkit::renewal::Due;
    match (expiring, all) {
        (Some(d), false) if d >= 0 => Ok(Due::Within(d)),
        (Some(d), false) => Err(bad_value(format!(
            "expiring={d} is not a number of days: 0 or more"
        ))),
        (None, true) => Ok(Due::All),
        _ => Err(bad_value("give expiring=DAYS or all=True, one of them")),
    }
}

fn paths_json(files: &[PathBuf]) -> Vec<String> {
    files.iter().map(|f| f.display().to_string()).collect()
}

/// What a CA or a browser will refuse in a CSR or certificate, as `csrkit lint --json`:
/// one dict per CSR or certificate of `data` (a bundle certificate by certificate), each
/// `{"File", "Kind", "CommonName", "Findings": [{"Id", "Severity", "Message", "Source",
/// "Zlint", "Pkilint"}]}`. `profile`: cabf (public TLS, the default), alibaba, huawei,
/// letsencrypt, private or gm; `at`: "now" as YYYY-MM-DD or RFC 3339.
///
/// >>> import csrkit
/// >>> [r] = csrkit.lint(csrkit.generate(cn="localhost").csr_pem)
/// >>> r["Kind"], sorted({f["Id"] for f in r["Findings"] if f["Severity"] == "error"})
/// ('CSR', ['san.internal_name', 'subject.cn_internal_name'])
#[pyfunction]
#[pyo3(signature = (data, *, profile="cabf", at=None, key_password=None))]
fn lint(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    profile: &str,
    at: Option<&str>,
    key_password: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let profile: csrkit::lint::Profile = profile
        .parse()
        .map_err(|e: String| bad_value(format!("profile=: {e}")))?;
    let now = match at {
        Some(a) => csrkit::cert::moment_from_text(a).map_err(|e| bad_value(format!("at=: {e}")))?,
        None => csrkit::cert::now_ms(),
    };
    let passwords = passwords(key_password, "key_password")?;
    let data = input(data, "data")?;
    let name = data.source.trim_end_matches('=').to_string();
    let json = py
        .detach(|| {
            passwords
                .open(std::path::Path::new(&data.source), |pw| {
                    csrkit::contents::Contents::from_bytes(&data.bytes, pw)
                })
                .map(|c| csrkit::lint::lint_contents(&c, &name, &profile, now))
        })
        .map_err(|e| data.err(e))
        .and_then(|l| json_of(&l))?;
    to_python(py, &json)
}

/// The report of the certificates under `folders` (one path or a list), as
/// `csrkit report`: one self-contained HTML page (inline CSS and SVG, a
/// Content-Security-Policy that allows only its own script), returned as a str.
/// `profile` is the lint profile of its lint column; `at` sets "now" (YYYY-MM-DD or
/// RFC 3339); `key_password` (one or a list) opens encrypted keys and bundles.
///
/// >>> import csrkit, tempfile
/// >>> page = csrkit.report(tempfile.mkdtemp())
/// >>> page.startswith("<!DOCTYPE html>"), "Content-Security-Policy" in page
/// (True, True)
#[pyfunction]
#[pyo3(signature = (folders, *, profile="cabf", at=None, key_password=None))]
fn report(
    py: Python<'_>,
    folders: &Bound<'_, PyAny>,
    profile: &str,
    at: Option<&str>,
    key_password: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let folders: Vec<PathBuf> =
        if folders.is_instance_of::<PyString>() || folders.hasattr("__fspath__")? {
            vec![folder(py, folders, "folders")?]
        } else {
            folders
                .try_iter()?
                .map(|f| folder(py, &f?, "folders"))
                .collect::<PyResult<_>>()?
        };
    if !csrkit_cli::report::PROFILES.contains(&profile) {
        return Err(bad_value(format!(
            "profile={profile:?} is not one of {}",
            csrkit_cli::report::PROFILES.join(", ")
        )));
    }
    let mut opts = csrkit_cli::report::ReportOptions::new(folders);
    opts.profile = profile.to_string();
    if let Some(a) = at {
        opts.now_ms =
            csrkit::cert::moment_from_text(a).map_err(|e| bad_value(format!("at=: {e}")))?;
    }
    opts.passwords = passwords(key_password, "key_password")?;
    py.detach(|| csrkit_cli::report::render_report(&opts))
        .map_err(to_py)
}

/// The certificates under a folder that are due (`expiring` days, or `all=True`), as
/// renewing it would find them: each a certificate's dict as `inspect` gives it, with
/// `Files` (where it is), `KeyFile` (its key under the folder, or None) and `DaysLeft`.
/// `key_password` (one password or a list, each tried in turn) opens encrypted keys and
/// bundles; CA certificates are left out unless `include_ca`.
///
/// >>> import csrkit, tempfile
/// >>> csrkit.due(tempfile.mkdtemp(), expiring=30)
/// []
#[pyfunction]
#[pyo3(signature = (path, *, expiring=None, all=false, key_password=None, include_ca=false))]
fn due(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    expiring: Option<i64>,
    all: bool,
    key_password: Option<&Bound<'_, PyAny>>,
    include_ca: bool,
) -> PyResult<Py<PyAny>> {
    let expiring = if expiring.is_none() && !all {
        Some(30)
    } else {
        expiring
    };
    let opts = csrkit::renewal::DueOptions {
        due: due_of(expiring, all)?,
        passwords: passwords(key_password, "key_password")?,
        include_ca,
        ..Default::default()
    };
    let path = folder(py, path, "path")?;
    let json = py
        .detach(|| -> csrkit::Result<serde_json::Value> {
            let report = csrkit::renewal::due(&path, &opts)?;
            let mut out = Vec::new();
            for d in &report.due {
                let info = d
                    .cert
                    .info_with(&d.cert.verify_among(&[]), d.key.is_some())?;
                let mut v = serde_json::to_value(info)
                    .map_err(|e| csrkit::Error::ApiBody(e.to_string()))?;
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("Files".into(), paths_json(&d.files).into());
                    obj.insert(
                        "KeyFile".into(),
                        d.key_file.as_ref().map(|f| f.display().to_string()).into(),
                    );
                    obj.insert("DaysLeft".into(), d.days_left.into());
                }
                out.push(v);
            }
            Ok(serde_json::Value::Array(out))
        })
        .map_err(to_py)?;
    to_python(py, &json_of(&json)?)
}

/// Renews every certificate under `path` that is due into the folder `out`, as
/// `csrkit renew DIR --json`: `expiring` days or `all=True`; `same_key=True` (each
/// certificate's key, found under the folder) or `new_key` (`"same"`: a new key of each
/// certificate's own family; or an algorithm). `key_password` (one password or a list,
/// each tried in turn) opens keys and bundles; new keys are encrypted under
/// `new_key_password`, else the first of `key_password`. Each new CSR is linted (its
/// `Findings`): with `cabf` when `lint_profile` is None, and nothing refused; under a
/// `lint_profile` given, a CSR with an error not in `allow_lint` is not written but
/// `Skipped` (`Kind` "Refused"), as `--lint-profile`/`--allow-lint`. Returns `Renewed`,
/// `Skipped` (due but not renewed, with why) and `Locked` (files no password opens).
///
/// >>> import csrkit, tempfile
/// >>> csrkit.renew_folder(tempfile.mkdtemp(), tempfile.mkdtemp(), all=True, same_key=True)
/// {'Locked': [], 'Renewed': [], 'Skipped': []}
#[pyfunction]
#[pyo3(signature = (path, out, *, expiring=None, all=false, same_key=false, new_key=None,
    key_password=None, new_key_password=None, include_ca=false, allow_algorithm_change=false,
    keyword=None, algorithm=None, lint_profile=None, allow_lint=None))]
#[allow(clippy::too_many_arguments)]
fn renew_folder(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    out: &Bound<'_, PyAny>,
    expiring: Option<i64>,
    all: bool,
    same_key: bool,
    new_key: Option<&str>,
    key_password: Option<&Bound<'_, PyAny>>,
    new_key_password: Option<&Bound<'_, PyAny>>,
    include_ca: bool,
    allow_algorithm_change: bool,
    keyword: Option<String>,
    algorithm: Option<&str>,
    lint_profile: Option<&str>,
    allow_lint: Option<Vec<String>>,
) -> PyResult<Py<PyAny>> {
    use csrkit::renewal::{RenewKey, RenewOptions};
    let due = due_of(expiring, all)?;
    let lint = csrkit::lint::Gate {
        profile: match lint_profile {
            Some(p) => p
                .parse()
                .map_err(|e: String| bad_value(format!("lint_profile=: {e}")))?,
            None => csrkit::lint::Profile::Cabf,
        },
        refuse: lint_profile.is_some(),
        allow: match allow_lint {
            None => Vec::new(),
            Some(ids) => {
                for id in &ids {
                    if csrkit::lint::rule(id).is_none() {
                        return Err(bad_value(format!(
                            "allow_lint=: {id:?} is not a lint rule id"
                        )));
                    }
                }
                ids
            }
        },
    };
    let key = match (new_key, same_key) {
        (Some("same"), false) => RenewKey::NewSameFamily,
        (Some(alg), false) => RenewKey::New(choice(
            "new_key",
            alg,
            "same, rsa2048, rsa3072, rsa4096, ecc, p256, p384, sm2",
        )?),
        (None, true) => RenewKey::Same,
        _ => return Err(bad_value("give same_key=True or new_key=, one of them")),
    };
    let passwords = passwords(key_password, "key_password")?;
    let new_key_password = match password(new_key_password, "new_key_password")? {
        Some(p) => Some(p),
        None => passwords.list().first().cloned(),
    };
    let opts = RenewOptions {
        find: csrkit::renewal::DueOptions {
            due,
            passwords,
            include_ca,
            keyword,
            algorithm: match algorithm {
                Some(a) => Some(choice("algorithm", a, "RSA, ECC, SM2")?),
                None => None,
            },
            ..Default::default()
        },
        key,
        allow_algorithm_change,
        new_key_password: if matches!(key, RenewKey::Same) {
            None
        } else {
            new_key_password
        },
        key_cipher: KeyCipher::default(),
        lint,
    };
    let dir = folder(py, path, "path")?;
    let out: PathBuf = out.extract()?;
    let json = py
        .detach(|| -> csrkit::Result<serde_json::Value> {
            let plan = csrkit::renewal::plan(&dir, &out, &opts)?;
            let stop = std::sync::atomic::AtomicBool::new(false);
            let report = csrkit::renewal::run(
                &plan.planned,
                &out,
                &opts,
                &stop,
                || {},
                csrkit::files::Staging::Auto,
            )?;
            let mut outcome = csrkit::renewal::Outcome::of(plan, report);
            if let Some(e) = outcome.fatal.take() {
                return Err(e);
            }
            serde_json::to_value(&outcome).map_err(|e| csrkit::Error::Request(e.to_string()))
        })
        .map_err(to_py)?;
    to_python(py, &json_of(&json)?)
}

/// A saved `ListCsr`, `ListCert` or `ListClientCertificate` response (a dict, its JSON as
/// `str`/`bytes`, or an `os.PathLike` naming a saved JSON file; a list of them for a
/// response saved page by page) held against the files under a folder, as
/// `csrkit reconcile --json`: `Matched`, `RemoteOnly`, `LocalOnly`, and `Partial` when the
/// pages hold fewer entries than `TotalCount`. `key_password` is one password or a list,
/// each tried in turn.
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
    path: &Bound<'_, PyAny>,
    key_password: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let dumps = py.import("json")?.getattr("dumps")?;
    // One page: JSON text (`str` starting with `{`, `bytes`), a saved file (any other
    // `str`, an `os.PathLike`), or a dict.
    // Each with where it came from: the file, or `response=`.
    let in_memory = || "response=".to_string();
    let text = |obj: &Bound<'_, PyAny>| -> PyResult<(String, String)> {
        let (bytes, source) = if let Ok(b) = obj.cast::<PyBytes>() {
            (b.as_bytes().to_vec(), in_memory())
        } else if let Ok(s) = obj.cast::<PyString>() {
            let s = s.to_cow()?;
            if s.trim_start().starts_with(['{', '[']) {
                return Ok((s.into_owned(), in_memory()));
            }
            let path = PathBuf::from(s.as_ref());
            let bytes = read_file(&path, "response")?.to_vec();
            (bytes, path.display().to_string())
        } else if obj.hasattr("__fspath__")? {
            let path: PathBuf = obj.extract()?;
            let bytes = read_file(&path, "response")?.to_vec();
            (bytes, path.display().to_string())
        } else {
            return Ok((dumps.call1((obj,))?.extract()?, in_memory()));
        };
        match String::from_utf8(bytes) {
            Ok(t) => Ok((t, source)),
            Err(e) => Err(to_py_in(
                csrkit::Error::ApiBody(e.to_string()),
                Some(&source),
            )),
        }
    };
    let pages: Vec<(String, String)> = if response.is_instance_of::<pyo3::types::PyList>()
        || response.is_instance_of::<pyo3::types::PyTuple>()
    {
        response
            .try_iter()?
            .map(|p| text(&p?))
            .collect::<PyResult<_>>()?
    } else {
        vec![text(response)?]
    };
    let pages = pages
        .iter()
        .map(|(t, source)| ListResponse::from_json(t).map_err(|e| to_py_in(e, Some(source))))
        .collect::<PyResult<Vec<_>>>()?;
    let passwords = self::passwords(key_password, "key_password")?;
    let path = folder(py, path, "path")?;
    let json = py
        .detach(|| csrkit::reconcile::reconcile_pages(&pages, &path, &passwords))
        .map_err(to_py)
        .and_then(|r| json_of(&r))?;
    to_python(py, &json)
}

/// A PKCS#12 bundle (`.pfx`) of `key` with its certificate `cert` (a file of several, a
/// fullchain, gives its chain too) and `chain` (one input or a list), as `csrkit pkcs12`:
/// PBES2 PBKDF2-HMAC-SHA256 + AES-256-CBC and an HMAC-SHA256 MAC (OpenSSL 3's defaults),
/// the friendly name the certificate's CN unless `name` is given. A key that is not the
/// certificate's is refused, and so is the empty password. `legacy=True` writes what
/// `openssl pkcs12 -export -legacy` writes, for importers that read nothing newer
/// (Windows Server 2016 and older): 3DES for the key, RC2-40 for the certificates, an
/// HMAC-SHA-1 MAC.
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
#[pyo3(signature = (key, cert, *, password, chain=None, key_password=None, name=None,
    legacy=false))]
#[allow(clippy::too_many_arguments)]
fn pkcs12<'py>(
    py: Python<'py>,
    key: &Bound<'py, PyAny>,
    cert: &Bound<'py, PyAny>,
    password: &Bound<'py, PyAny>,
    chain: Option<&Bound<'py, PyAny>>,
    key_password: Option<&Bound<'py, PyAny>>,
    name: Option<&str>,
    legacy: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let key_password = self::password(key_password, "key_password")?;
    let pfx_password = self::password(Some(password), "password")?
        .ok_or_else(|| bad_value("password= is required"))?;
    let key = read_key(key, "key", &key_password)?;
    let cert = input(cert, "cert")?;
    let chain: Vec<Input> = match chain {
        None => Vec::new(),
        Some(c)
            if c.is_instance_of::<PyBytes>()
                || c.is_instance_of::<PyString>()
                || c.hasattr("__fspath__")? =>
        {
            vec![input(c, "chain")?]
        }
        Some(c) => c
            .try_iter()?
            .map(|item| input(&item?, "chain"))
            .collect::<PyResult<_>>()?,
    };
    let mut certs: Vec<csrkit::cert::ParsedCert> = Vec::new();
    for c in std::iter::once(&cert).chain(&chain) {
        let contents = py
            .detach(|| Contents::from_bytes(&c.bytes, pw(&key_password)))
            .map_err(|e| c.err(e))?;
        certs.extend(contents.certificates().cloned());
    }
    let pfx = py
        .detach(|| {
            let ders: Vec<&[u8]> = certs.iter().map(|c| c.der()).collect();
            let encryption = if legacy {
                csrkit::keys::Pkcs12Encryption::Legacy
            } else {
                csrkit::keys::Pkcs12Encryption::default()
            };
            csrkit::keys::pkcs12_of_with(&key, &ders, name, &pfx_password, encryption)
                .map(|p| p.der)
        })
        .map_err(|e| match e {
            csrkit::Error::KeyMismatch(_) | csrkit::Error::Pkcs12(_) => to_py(e),
            e => cert.err(e),
        })?;
    Ok(PyBytes::new(py, &pfx))
}

/// csrkit: CSRs, certificates, keys and PKCS#12 for the cloud certificate APIs.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Pair>()?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(renew, m)?)?;
    m.add_function(wrap_pyfunction!(inspect, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_all, m)?)?;
    m.add_function(wrap_pyfunction!(upload_csr_request, m)?)?;
    m.add_function(wrap_pyfunction!(upload_csr_requests, m)?)?;
    m.add_function(wrap_pyfunction!(due, m)?)?;
    m.add_function(wrap_pyfunction!(renew_folder, m)?)?;
    m.add_function(wrap_pyfunction!(list_folder, m)?)?;
    m.add_function(wrap_pyfunction!(reconcile, m)?)?;
    m.add_function(wrap_pyfunction!(pkcs12, m)?)?;
    m.add_function(wrap_pyfunction!(lint, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
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
