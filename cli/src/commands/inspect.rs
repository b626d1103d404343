//! `csrkit inspect`: the API fields of CSRs and certificates, and the facts of a private
//! key alone.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use csrkit::contents::{Inspectable, Inspected};

use crate::Failure;
use crate::args::PasswordArgs;
use crate::io::{read_inspectable, read_issuer, read_key, to_json};
use crate::views::{cert_text, color_on, csr_text, key_file_text};

#[derive(Args, Debug)]
pub(crate) struct InspectArgs {
    /// CSR, certificate or private-key files, PEM or DER (`-` for standard input).
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

pub(crate) fn run(a: &InspectArgs) -> Result<i32, Failure> {
    if let Some(n) = &a.name {
        super::upload_request::check_name(n)?;
    }
    let key = match &a.key {
        Some(p) => Some(read_key(p, &a.password)?),
        None => None,
    };
    let issuers = read_issuer(a.issuer.as_deref(), &a.password)?;
    let mut infos = Vec::with_capacity(a.files.len());
    for path in &a.files {
        let contents = read_inspectable(path, &a.password)?;
        let inspected = contents
            .inspect(
                key.as_ref(),
                issuers.as_deref().unwrap_or_default(),
                a.name.as_deref(),
            )
            .map_err(|e| Failure::at(path, e))?;
        // The key the text view names: the one given, or the bundle itself.
        let own_key = matches!(&contents, Inspectable::Objects(c) if c.key.is_some());
        let key_file = match &a.key {
            Some(k) => Some(k.clone()),
            None => own_key.then(|| path.clone()),
        };
        for (i, info) in inspected.into_iter().enumerate() {
            // The second certificate of a bundle shows as FILE#2, as `list` names it.
            let shown = if i > 0 {
                PathBuf::from(format!("{}#{}", path.display(), i + 1))
            } else {
                path.clone()
            };
            infos.push((shown, info, key_file.clone()));
        }
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let text = if infos.len() == 1 {
            to_json(&infos[0].1)
        } else {
            to_json(&infos.iter().map(|(_, i, _)| i).collect::<Vec<_>>())
        };
        let _ = writeln!(out, "{text}");
    } else {
        let color = color_on(std::io::stdout().is_terminal());
        for (i, (path, info, key)) in infos.iter().enumerate() {
            if i > 0 {
                let _ = writeln!(out);
            }
            let text = match info {
                Inspected::Csr(c) => csr_text(path, c, key.as_deref(), color),
                Inspected::Cert(c) => cert_text(path, c, key.as_deref(), color),
                Inspected::Key(k) => key_file_text(path, k),
            };
            let _ = write!(out, "{text}");
        }
    }
    Ok(0)
}
