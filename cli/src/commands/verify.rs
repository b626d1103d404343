//! `csrkit verify`: exit 0 only when the signature (and the key pair) checks.

use std::path::PathBuf;

use clap::Args;
use csrkit::cert::Parsed;
use csrkit::signature::Verification;

use crate::args::PasswordArgs;
use crate::io::{read_contents, read_issuer, read_key};
use crate::text::{complain, say};
use crate::{EXIT_REJECTED, Failure};

#[derive(Args, Debug)]
pub(crate) struct VerifyArgs {
    /// The CSR or certificate.
    pub(crate) file: PathBuf,
    /// A private key that must match.
    #[arg(long, value_name = "KEY")]
    pub(crate) key: Option<PathBuf>,
    /// The issuer certificate.
    #[arg(long, value_name = "CERT")]
    pub(crate) issuer: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
}

pub(crate) fn run(a: &VerifyArgs, quiet: bool) -> Result<i32, Failure> {
    // The first object of FILE: the CSR, the certificate, a bundle's leaf.
    let mut contents = read_contents(&a.file, &a.password)?;
    let parsed = contents.objects.remove(0);
    let issuers = read_issuer(a.issuer.as_deref(), &a.password)?;
    let key = match &a.key {
        Some(p) => Some(read_key(p, &a.password)?),
        None => None,
    };
    let key_matches = key.as_ref().map(|k| parsed.public_key() == k.public_key());
    let verification = match &parsed {
        Parsed::Csr(c) => c.verify(),
        Parsed::Cert(c) => c.verify_among(issuers.as_deref().unwrap_or_default()),
    };
    let mut problems = Vec::new();
    if let Err(e) = csrkit::request::check_key_strength(parsed.public_key()) {
        problems.push(e.to_string());
    }
    if verification != Verification::Valid {
        problems.push(format!(
            "signature not valid: {}",
            verification
                .note()
                .unwrap_or_else(|| "does not verify".to_string())
        ));
    }
    if key_matches == Some(false)
        && let Some(kp) = &a.key
    {
        problems.push(format!("{} does not match the public key", kp.display()));
    }
    if problems.is_empty() {
        if !quiet {
            say!("{}: OK", a.file.display());
        }
        Ok(0)
    } else {
        complain!("{}: {}", a.file.display(), problems.join("; "));
        Ok(EXIT_REJECTED)
    }
}
