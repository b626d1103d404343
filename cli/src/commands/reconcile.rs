//! `csrkit reconcile`: a saved list response against the files under a folder.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::Args;
use csrkit::Error;

use crate::Failure;
use crate::io::to_json;
use crate::text::{self, complain};

#[derive(Args, Debug)]
pub(crate) struct ReconcileArgs {
    /// A saved response of ListCsr, ListCert or ListClientCertificate.
    pub(crate) response: PathBuf,
    /// The folder holding the local CSRs or certificates (and keys).
    pub(crate) dir: PathBuf,
    /// Print Matched / RemoteOnly / LocalOnly as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// The password of encrypted keys and PKCS#12 bundles under DIR.
    #[command(flatten)]
    pub(crate) password: crate::args::PasswordArgs,
}

/// Largest saved response `reconcile` reads (a full page of 1000 certificates is ~3 MB).
const MAX_RESPONSE: u64 = 64 << 20;

pub(crate) fn run(a: &ReconcileArgs, quiet: bool) -> Result<i32, Failure> {
    use csrkit::api::ListResponse;
    let mut buf = Vec::new();
    std::fs::File::open(&a.response)
        .and_then(|f| f.take(MAX_RESPONSE + 1).read_to_end(&mut buf))
        .map_err(|e| Failure::at(&a.response, Error::io(&a.response, e)))?;
    if buf.len() as u64 > MAX_RESPONSE {
        return Err(Failure::at(
            &a.response,
            Error::TooLarge {
                size: buf.len() as u64,
                limit: MAX_RESPONSE,
            },
        ));
    }
    let text = std::str::from_utf8(&buf)
        .map_err(|e| Failure::at(&a.response, Error::ApiBody(format!("not UTF-8 text: {e}"))))?;
    let response = ListResponse::from_json(text).map_err(|e| Failure::at(&a.response, e))?;
    let password = a
        .password
        .password()?
        .map(|p| csrkit::keys::Password::new(p.to_vec()));
    let r = csrkit::reconcile::reconcile_with(&response, &a.dir, password.as_ref())
        .map_err(|e| Failure::at(&a.dir, e))?;
    if !quiet {
        for (p, why) in &r.unreadable {
            complain!("could not read {}: {why}", p.display());
        }
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let _ = writeln!(out, "{}", to_json(&r));
        return Ok(0);
    }
    let kind = if r.api == "ListCsr" {
        "CSRs"
    } else {
        "certificates"
    };
    text::line(
        &mut out,
        &format!(
            "{} response {} against {} under {}",
            r.api,
            a.response.display(),
            kind,
            a.dir.display()
        ),
    );
    let remote = |m: &csrkit::reconcile::RemoteRef| {
        let mut parts = vec![format!("#{}", m.index)];
        if let Some(v) = m.csr_id {
            parts.push(format!("CsrId {v}"));
        }
        for (label, v) in [
            ("Id", &m.id),
            ("Identifier", &m.identifier),
            ("Name", &m.name),
            ("CN", &m.common_name),
        ] {
            if let Some(v) = v {
                parts.push(format!("{label} {v}"));
            }
        }
        parts.join(", ")
    };
    text::line(&mut out, &format!("\nMatched: {}", r.matched.len()));
    for m in &r.matched {
        let key = m
            .key
            .as_ref()
            .map(|k| format!(" (key {})", k.display()))
            .unwrap_or_default();
        text::line(
            &mut out,
            &format!(
                "  {}  <->  {}{key}  [{}]",
                remote(&m.remote),
                m.local.display(),
                m.matched_on
            ),
        );
    }
    text::line(&mut out, &format!("\nRemote only: {}", r.remote_only.len()));
    for m in &r.remote_only {
        let id = m
            .key_sha2
            .as_ref()
            .map(|v| format!(" KeySha2 {v}"))
            .or_else(|| m.sha2.as_ref().map(|v| format!(" Sha2 {v}")))
            .or_else(|| m.serial_number.as_ref().map(|v| format!(" serial {v}")))
            .unwrap_or_default();
        text::line(&mut out, &format!("  {}{id}", remote(m)));
    }
    text::line(&mut out, &format!("\nLocal only: {}", r.local_only.len()));
    for l in &r.local_only {
        let key = l
            .key
            .as_ref()
            .map(|k| format!(" (key {})", k.display()))
            .unwrap_or_default();
        text::line(
            &mut out,
            &format!(
                "  {}{key}  CN {}",
                l.file.display(),
                l.common_name.as_deref().unwrap_or("-")
            ),
        );
    }
    Ok(0)
}
