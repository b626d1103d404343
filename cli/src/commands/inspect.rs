//! `csrkit inspect`: the API fields of CSRs and certificates.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use csrkit::cert::{CertInfo, Parsed};
use csrkit::csr::CsrInfo;

use crate::Failure;
use crate::args::PasswordArgs;
use crate::io::{read_input, read_issuer, read_key, to_json};
use crate::views::{cert_text, color_on, csr_text};

#[derive(Args, Debug)]
pub(crate) struct InspectArgs {
    /// CSR or certificate files, PEM or DER (`-` for standard input).
    #[arg(required = true)]
    pub(crate) files: Vec<PathBuf>,
    /// Print JSON: one object for one file, an array for several.
    #[arg(long)]
    pub(crate) json: bool,
    /// A private key to match against (HasPrivateKey).
    #[arg(long, value_name = "KEY")]
    pub(crate) key: Option<PathBuf>,
    /// The issuer certificate, to check a certificate's signature.
    #[arg(long, value_name = "CERT")]
    pub(crate) issuer: Option<PathBuf>,
    /// The CSR name to validate and carry (UploadCsr rule).
    #[arg(long)]
    pub(crate) name: Option<String>,
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
}

#[derive(serde::Serialize)]
#[serde(untagged)]
pub(crate) enum Inspected {
    Csr(CsrInfo),
    Cert(CertInfo),
}

pub(crate) fn run(a: &InspectArgs) -> Result<i32, Failure> {
    if let Some(n) = &a.name {
        csrkit::csr::check_csr_name(n)?;
    }
    let key = match &a.key {
        Some(p) => Some(read_key(p, &a.password)?),
        None => None,
    };
    let issuer = read_issuer(a.issuer.as_deref())?;
    let mut infos = Vec::with_capacity(a.files.len());
    for path in &a.files {
        let bytes = read_input(path)?;
        let parsed = Parsed::from_bytes(&bytes).map_err(|e| Failure::at(path, e))?;
        let info = match parsed {
            Parsed::Csr(c) => Inspected::Csr(
                c.info(key.as_ref(), a.name.as_deref())
                    .map_err(|e| Failure::at(path, e))?,
            ),
            Parsed::Cert(c) => Inspected::Cert(
                c.info(key.as_ref(), issuer.as_ref())
                    .map_err(|e| Failure::at(path, e))?,
            ),
        };
        infos.push((path.clone(), info));
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let text = if infos.len() == 1 {
            to_json(&infos[0].1)
        } else {
            to_json(&infos.iter().map(|(_, i)| i).collect::<Vec<_>>())
        };
        let _ = writeln!(out, "{text}");
    } else {
        let color = color_on(std::io::stdout().is_terminal());
        for (i, (path, info)) in infos.iter().enumerate() {
            if i > 0 {
                let _ = writeln!(out);
            }
            let text = match info {
                Inspected::Csr(c) => csr_text(path, c, a.key.as_deref(), color),
                Inspected::Cert(c) => cert_text(path, c, a.key.as_deref(), color),
            };
            let _ = write!(out, "{text}");
        }
    }
    Ok(0)
}
