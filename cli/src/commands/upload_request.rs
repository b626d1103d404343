//! `csrkit upload-request`: the checked UploadCsr request body.

use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::api::UploadKeyFormat;

use crate::Failure;
use crate::args::PasswordArgs;
use std::io::Write;
use std::os::fd::AsFd;

use crate::io::{read_input, read_key};

#[derive(Args, Debug)]
pub(crate) struct UploadArgs {
    /// The CSR, PEM or DER.
    pub(crate) csr: PathBuf,
    /// The private key to include; it must match the CSR.
    #[arg(long, value_name = "KEY")]
    pub(crate) key: Option<PathBuf>,
    /// The CSR name: 1 to 50 of A-Z a-z 0-9 _ -.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Key encoding for RSA keys (PKCS#1 by default, as the API page shows).
    #[arg(long, value_parser = ["pkcs1", "pkcs8"], default_value = "pkcs1")]
    pub(crate) key_format: String,
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
    /// Let this lint error through (its id, e.g. subject.cn_not_domain); repeatable. The
    /// CSR is linted with the alibaba profile and refused on an error.
    #[arg(long, value_name = "ID", value_parser = crate::args::LintGateArgs::parse_id)]
    pub(crate) allow_lint: Vec<String>,
}

pub(crate) fn run(a: &UploadArgs) -> Result<i32, Failure> {
    let bytes = read_input(&a.csr)?;
    let key = match &a.key {
        Some(p) => Some(read_key(p, &a.password)?),
        None => None,
    };
    let body = csrkit::api::UploadCsrRequest::checked(
        &bytes,
        key.as_ref(),
        a.name.as_deref(),
        if a.key_format == "pkcs8" {
            UploadKeyFormat::Pkcs8
        } else {
            UploadKeyFormat::AsThePageShows
        },
    )
    .map_err(|e| match (&e, &a.key) {
        (Error::KeyMismatch, Some(k)) => Failure::at(k, e),
        (Error::InvalidCsrName(_), _) => Failure::from(e),
        _ => Failure::at(&a.csr, e),
    })?;
    // What Alibaba Cloud CAS refuses is refused here, before anything is sent.
    let findings = crate::args::lint_csr_der(&bytes, csrkit::lint::Profile::Alibaba)
        .map_err(|_| Failure::said(a.csr.display().to_string(), "cannot be linted"))?;
    let gate = crate::args::LintGateArgs {
        lint_profile: Some(csrkit::lint::Profile::Alibaba),
        allow_lint: a.allow_lint.clone(),
    };
    let what = a.csr.display().to_string();
    gate.check(&what, &findings, true)?;
    // Warnings and notices, and the errors let through.
    crate::args::say_findings(&what, &findings);
    // The JSON holds the key: built in one zeroizing buffer, and written straight to the
    // descriptor (std's stdout buffer would keep a copy that is never wiped).
    let json = body.to_json_zeroizing()?;
    let stdout = std::io::stdout();
    let mut out = stdout
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .map_err(|e| Failure::said("standard output", e.to_string()))?;
    out.write_all(&json)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|e| Failure::said("standard output", e.to_string()))?;
    Ok(0)
}
