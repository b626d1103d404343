//! `csrkit upload-request`: the checked UploadCsr request body of a CSR, or the bodies of
//! every CSR of a folder with its key.

use std::io::Write;
use std::os::fd::AsFd;
use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::api::UploadKeyFormat;

use crate::Failure;
use crate::args::PasswordArgs;
use crate::io::{read_input, read_key};
use crate::text::complain;

#[derive(Args, Debug)]
pub(crate) struct UploadArgs {
    /// The CSR, PEM or DER; or a folder: the bodies of every CSR in it with its key.
    pub(crate) csr: PathBuf,
    /// The private key to include; it must match the CSR.
    #[arg(long, value_name = "KEY")]
    pub(crate) key: Option<PathBuf>,
    /// A folder: look for the CSRs' keys under DIR too (the folder a `renew --same-key`
    /// renewed, where its keys stay); repeatable.
    #[arg(long, value_name = "DIR")]
    pub(crate) keys: Vec<PathBuf>,
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

/// Refuses a `--name` that breaks the UploadCsr rule, with a valid one to use instead.
pub(crate) fn check_name(name: &str) -> Result<(), Failure> {
    csrkit::csr::check_csr_name(name).map_err(|e| {
        let valid = csrkit::request::csr_name_from(name);
        // `--name=-x`: a value that starts with `-` would read as an option.
        let sep = if valid.starts_with('-') { "=" } else { " " };
        Failure::said("--name", format!("{e}: try --name{sep}{valid}"))
    })
}

pub(crate) fn run(a: &UploadArgs, quiet: bool) -> Result<i32, Failure> {
    let key_format = if a.key_format == "pkcs8" {
        UploadKeyFormat::Pkcs8
    } else {
        UploadKeyFormat::AsThePageShows
    };
    if std::fs::metadata(&a.csr).is_ok_and(|m| m.is_dir()) {
        return run_folder(a, key_format, quiet);
    }
    if !a.keys.is_empty() {
        complain!(
            "{}: --keys is for a folder of CSRs: give one CSR's key with --key",
            a.csr.display()
        );
        return Ok(2);
    }
    if let Some(n) = &a.name {
        check_name(n)?;
    }
    let bytes = read_input(&a.csr)?;
    let key = match &a.key {
        Some(p) => Some(read_key(p, &a.password)?),
        None => None,
    };
    let body =
        csrkit::api::UploadCsrRequest::checked(&bytes, key.as_ref(), a.name.as_deref(), key_format)
            .map_err(|e| match (&e, &a.key) {
                (Error::KeyMismatch(_), Some(k)) => Failure::at(k, e),
                _ => Failure::at(&a.csr, e),
            })?;
    // What Alibaba Cloud CAS refuses is refused here, before anything is sent.
    let findings = crate::args::lint_checked_csr(&bytes, csrkit::lint::Profile::Alibaba)
        .map_err(|_| Failure::said(a.csr.display().to_string(), "cannot be linted"))?;
    let gate = crate::args::LintGateArgs {
        lint_profile: Some(csrkit::lint::Profile::Alibaba),
        allow_lint: a.allow_lint.clone(),
    };
    let what = a.csr.display().to_string();
    gate.check(&what, &findings, true)?;
    // Warnings and notices, and the errors let through.
    crate::args::say_findings(&what, &findings);
    write_secret(&body.to_json_zeroizing()?)?;
    Ok(0)
}

/// `upload-request DIR`: the array of bodies on standard output, each CSR left out named
/// on standard error (exit 1), and every other file not used unless `quiet`.
fn run_folder(a: &UploadArgs, key_format: UploadKeyFormat, quiet: bool) -> Result<i32, Failure> {
    if a.key.is_some() || a.name.is_some() {
        complain!(
            "{}: a folder's CSRs are paired with their keys and named from their CN: \
             --key and --name are for one CSR",
            a.csr.display()
        );
        return Ok(2);
    }
    let key_dirs: Vec<&std::path::Path> = a.keys.iter().map(PathBuf::as_path).collect();
    let found = csrkit::upload::bodies_with_keys(
        &a.csr,
        &key_dirs,
        &a.password.passwords_or_prompt()?,
        key_format,
    )
    .map_err(|e| Failure::at(&a.csr, e))?;
    if !quiet {
        for (p, problem) in &found.problems {
            complain!(
                "{}: skipped: {problem}{}",
                p.display(),
                super::list::problem_hint(problem, a.password.given())
            );
        }
    }
    for (p, problem) in &found.skipped {
        complain!(
            "{}: left out: {problem}{}",
            p.display(),
            super::list::problem_hint(problem, a.password.given())
        );
    }
    write_secret(&found.to_json_zeroizing()?)?;
    if found.bodies.is_empty() && found.skipped.is_empty() && !quiet {
        complain!("{}: no CSR here", a.csr.display());
    }
    Ok(if found.skipped.is_empty() { 0 } else { 1 })
}

/// Writes JSON that holds keys straight to the descriptor: std's stdout buffer would keep
/// a copy that is never wiped.
fn write_secret(json: &[u8]) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let mut out = stdout
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .map_err(|e| Failure::said("standard output", e.to_string()))?;
    out.write_all(json)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|e| Failure::said("standard output", e.to_string()))
}
