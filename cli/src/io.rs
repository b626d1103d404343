//! Reading the files named on the command line, and JSON out.

use std::io::Read;
use std::path::Path;

use csrkit::Error;
use csrkit::cert::ParsedCert;
use csrkit::contents::{Contents, Inspectable};
use csrkit::keys::PrivateKey;

use crate::Failure;
use crate::args::PasswordArgs;

pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    let limit = csrkit::input::MAX_INPUT as u64;
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Failure::said(
            path.display().to_string(),
            "is a folder, not a file: give a file (csrkit list reads a whole folder)",
        ));
    }
    let mut buf = Vec::new();
    let res = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut buf))
    };
    res.map_err(|e| Failure::at(path, Error::io(path, e)))?;
    if buf.len() as u64 > limit {
        // The file's real size when it has one (not /dev/zero or a pipe).
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .ok()
            .filter(|&l| l > limit)
            .unwrap_or(buf.len() as u64);
        return Err(Failure::at(path, Error::TooLarge { size, limit }));
    }
    Ok(buf)
}

pub(crate) fn read_key(path: &Path, password: &PasswordArgs) -> Result<PrivateKey, Failure> {
    let bytes = zeroize::Zeroizing::new(read_input(path)?);
    // Each password given is tried in turn (a key with none opens without).
    password
        .passwords_or_prompt()?
        .open(path, |pw| PrivateKey::from_bytes_with_password(&bytes, pw))
        .map_err(|e| Failure::at(path, e))
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// What a file holds (a CSR, certificates: a PEM bundle, a PKCS#12 bundle opened with
/// the password options).
pub(crate) fn read_contents(path: &Path, password: &PasswordArgs) -> Result<Contents, Failure> {
    let bytes = read_input(path)?;
    let mut c = Contents::open(&bytes, path, &password.passwords_or_prompt()?)
        .map_err(|e| Failure::at(path, e))?;
    // A combined PEM file's key that the passwords given do not open is an error, as a
    // key file's is; without a password, its certificates alone.
    if password.given()
        && matches!(c.key_problem, Some(Error::WrongPassword(_)))
        && let Some(e) = c.key_problem.take()
    {
        return Err(Failure::at(path, e));
    }
    Ok(c)
}

/// What a file holds for `inspect`: its CSRs and certificates, or a private key alone
/// (opened with the password options when it is encrypted).
pub(crate) fn read_inspectable(
    path: &Path,
    password: &PasswordArgs,
) -> Result<Inspectable, Failure> {
    let bytes = zeroize::Zeroizing::new(read_input(path)?);
    password
        .passwords_or_prompt()?
        .open(path, |pw| Inspectable::from_bytes(&bytes, pw))
        .map_err(|e| Failure::at(path, e))
}

/// The certificates of `--issuer` (one, a PEM bundle or a PKCS#12 bundle).
pub(crate) fn read_issuer(
    path: Option<&Path>,
    password: &PasswordArgs,
) -> Result<Option<Vec<ParsedCert>>, Failure> {
    let Some(p) = path else {
        return Ok(None);
    };
    let certs: Vec<ParsedCert> = read_contents(p, password)?
        .certificates()
        .cloned()
        .collect();
    if certs.is_empty() {
        return Err(Failure::said(
            p.display().to_string(),
            "holds no certificate: --issuer takes the issuer's certificate (or a bundle with it)",
        ));
    }
    Ok(Some(certs))
}
