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
    /// Saved responses of ListCsr, ListCert, ListClientCertificate or
    /// ListUserCertificateOrder (one, or its pages), then the folder holding the local CSRs,
    /// certificates and keys.
    #[arg(required = true, num_args = 2.., value_name = "RESPONSE.json... DIR")]
    pub(crate) paths: Vec<PathBuf>,
    /// Print Matched / RemoteOnly / LocalOnly / LocalCa as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// The password of encrypted keys and PKCS#12 bundles under DIR.
    #[command(flatten)]
    pub(crate) password: crate::args::PasswordArgs,
}

/// Largest saved response `reconcile` reads (a full page of 1000 certificates is ~3 MB).
const MAX_RESPONSE: u64 = 64 << 20;

/// Reads one saved response.
fn read_response(path: &std::path::Path) -> Result<csrkit::api::ListResponse, Failure> {
    let mut buf = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RESPONSE + 1).read_to_end(&mut buf))
        .map_err(|e| Failure::at(path, Error::io(path, e)))?;
    if buf.len() as u64 > MAX_RESPONSE {
        return Err(Failure::at(
            path,
            Error::TooLarge {
                size: buf.len() as u64,
                limit: MAX_RESPONSE,
            },
        ));
    }
    let text = std::str::from_utf8(&buf)
        .map_err(|e| Failure::at(path, Error::ApiBody(format!("not UTF-8 text: {e}"))))?;
    csrkit::api::ListResponse::from_json(text).map_err(|e| Failure::at(path, e))
}

pub(crate) fn run(a: &ReconcileArgs, quiet: bool) -> Result<i32, Failure> {
    let (dir, responses) = match a.paths.split_last() {
        Some((dir, responses)) if !responses.is_empty() => (dir, responses),
        _ => {
            complain!("reconcile needs RESPONSE.json (one or its pages) and then DIR");
            return Ok(2);
        }
    };
    let pages = responses
        .iter()
        .map(|p| read_response(p))
        .collect::<Result<Vec<_>, Failure>>()?;
    let passwords = a.password.passwords()?;
    let r = csrkit::reconcile::reconcile_pages(&pages, dir, &passwords).map_err(|e| match e {
        Error::ApiBody(_) => Failure::from(e),
        e => Failure::at(dir, e),
    })?;
    if !quiet {
        for (p, problem) in &r.problems {
            use csrkit::problem::ProblemKind;
            // Files of the other kind, keys of nothing and README files are not news here;
            // what could hold an entry and did not read is.
            if matches!(
                problem.kind(),
                ProblemKind::Unreadable
                    | ProblemKind::Malformed
                    | ProblemKind::Locked
                    | ProblemKind::Unsupported
            ) {
                complain!(
                    "{}: skipped: {problem}{}",
                    p.display(),
                    crate::commands::list::problem_hint(problem, a.password.given())
                );
            }
        }
    }
    if let Some(p) = &r.partial {
        // One line, whatever --quiet says: the answer is incomplete.
        complain!(
            "{}: partial: {} of {} entries (TotalCount); the other pages were not given, so \
             LocalOnly may hold what they list: give every page (reconcile page1.json page2.json … DIR)",
            responses
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            p.entries,
            p.total_count
        );
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let _ = writeln!(out, "{}", to_json(&r));
        return Ok(0);
    }
    let kind = if r.api == "ListCsr" {
        "CSRs, certificates and keys"
    } else {
        "certificates"
    };
    text::line(
        &mut out,
        &format!(
            "{} response {} against {} under {}",
            r.api,
            responses[0].display(),
            kind,
            dir.display()
        ),
    );
    let remote = |m: &csrkit::reconcile::RemoteRef| {
        let mut parts = vec![if responses.len() > 1 {
            format!("page {} #{}", m.page, m.index)
        } else {
            format!("#{}", m.index)
        }];
        for (label, v) in [
            ("CsrId", m.csr_id),
            ("CertificateId", m.certificate_id),
            ("OrderId", m.order_id),
        ] {
            if let Some(v) = v {
                parts.push(format!("{label} {v}"));
            }
        }
        for (label, v) in [
            ("Id", &m.id),
            ("Identifier", &m.identifier),
            ("InstanceId", &m.instance_id),
            ("Name", &m.name),
            ("CN", &m.common_name),
        ] {
            if let Some(v) = v {
                parts.push(format!("{label} {v}"));
            }
        }
        parts.join(", ")
    };
    // A blank line between sections is ours, not escaped text.
    let _ = writeln!(out);
    text::line(&mut out, &format!("Matched: {}", r.matched.len()));
    for m in &r.matched {
        let key = m
            .key
            .as_ref()
            .map(|k| format!(" (key {})", k.display()))
            .unwrap_or_default();
        text::line(
            &mut out,
            &format!(
                "  {}  <->  {}{key}  [{} of a {}]",
                remote(&m.remote),
                m.local.display(),
                m.matched_on,
                m.local_kind
            ),
        );
    }
    let _ = writeln!(out);
    text::line(&mut out, &format!("Remote only: {}", r.remote_only.len()));
    for m in &r.remote_only {
        let id = m
            .key_sha2
            .as_ref()
            .map(|v| format!(" KeySha2 {v}"))
            .or_else(|| m.serial_no.as_ref().map(|v| format!(" SerialNo {v}")))
            .or_else(|| m.sha2.as_ref().map(|v| format!(" Sha2 {v}")))
            .or_else(|| m.serial_number.as_ref().map(|v| format!(" serial {v}")))
            .unwrap_or_default();
        text::line(&mut out, &format!("  {}{id}", remote(m)));
    }
    let _ = writeln!(out);
    text::line(&mut out, &format!("Local only: {}", r.local_only.len()));
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
    if !r.local_ca.is_empty() {
        // One line per CA certificate, however many files hold a copy of it.
        let mut cas: Vec<(&str, Vec<&csrkit::reconcile::LocalRef>)> = Vec::new();
        for l in &r.local_ca {
            match cas.iter_mut().find(|(sha, _)| *sha == l.fingerprint) {
                Some((_, files)) => files.push(l),
                None => cas.push((&l.fingerprint, vec![l])),
            }
        }
        let _ = writeln!(out);
        text::line(
            &mut out,
            &format!(
                "Local CA certificates (issuers and roots, apart from Local only): {} in {} files",
                cas.len(),
                r.local_ca.len()
            ),
        );
        for (_, files) in &cas {
            let names: Vec<String> = files.iter().map(|l| l.file.display().to_string()).collect();
            text::line(
                &mut out,
                &format!(
                    "  CN {}  {}",
                    files[0].common_name.as_deref().unwrap_or("-"),
                    names.join(", ")
                ),
            );
        }
    }
    Ok(0)
}
