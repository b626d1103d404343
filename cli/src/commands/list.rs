//! `csrkit list`: the ListCsr / ListClientCertificate response for a folder.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use csrkit::Error;

use crate::Failure;
use crate::args::PasswordArgs;
use crate::io::to_json;
use crate::text::{complain, esc};
use crate::views::{color_on, now_ms, paint};

#[derive(Args, Debug)]
pub(crate) struct ListArgs {
    /// The folder to walk.
    pub(crate) dir: PathBuf,
    /// List certificates (ListClientCertificate) instead of CSRs (ListCsr).
    #[arg(long)]
    pub(crate) certs: bool,
    /// Case-insensitive substring of CN, a SAN or the name, or a KeySha2 prefix.
    #[arg(long)]
    pub(crate) keyword: Option<String>,
    /// Only this algorithm.
    #[arg(long, value_parser = ["RSA", "ECC", "SM2", "rsa", "ecc", "sm2"])]
    pub(crate) algorithm: Option<String>,
    /// Page number, from 1.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) page: u32,
    /// Entries per page, 1 to 1000.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub(crate) size: u32,
    /// The order: name (natural: m2 before m10) or expiry (certificates, soonest first).
    #[arg(long, value_parser = ["name", "expiry"], default_value = "name")]
    pub(crate) sort: String,
    /// Only the certificates that expire within DAYS (the expired ones too), by expiry.
    #[arg(long, value_name = "DAYS", conflicts_with = "expired")]
    pub(crate) expiring: Option<u32>,
    /// Only the certificates that have expired, by expiry.
    #[arg(long)]
    pub(crate) expired: bool,
    /// Print the API response as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// Lint each entry with this profile (cabf, alibaba, huawei, letsencrypt, private,
    /// gm): LintErrors and LintWarnings.
    #[arg(long, value_name = "PROFILE", value_parser = crate::commands::lint::parse_profile)]
    pub(crate) lint: Option<csrkit::lint::Profile>,
    /// Only the entries with a lint error (under --lint's profile, cabf without it).
    #[arg(long)]
    pub(crate) lint_errors: bool,
    /// The password of encrypted keys and PKCS#12 bundles under DIR, so they are matched.
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
}

pub(crate) fn run(a: &ListArgs, quiet: bool) -> Result<i32, Failure> {
    use csrkit::inventory::{ListItem, ListOptions};
    if !a.certs && (a.sort == "expiry" || a.expiring.is_some() || a.expired) {
        complain!("--sort expiry, --expiring and --expired are for certificates: add --certs");
        return Ok(2);
    }
    let opts = ListOptions {
        certs: a.certs,
        keyword: a.keyword.clone(),
        algorithm: match &a.algorithm {
            Some(s) => Some(s.parse().map_err(Error::Request)?),
            None => None,
        },
        page: a.page as usize,
        size: Some(a.size as usize),
        verify: true,
        passwords: a.password.passwords()?,
        sort: a.sort.parse().map_err(Error::Request)?,
        expiring: a.expiring.map(i64::from),
        expired: a.expired,
        lint: a
            .lint
            .or(a.lint_errors.then_some(csrkit::lint::Profile::Cabf)),
        lint_errors_only: a.lint_errors,
        ..ListOptions::default()
    };
    let listing = csrkit::inventory::list(&a.dir, &opts).map_err(|e| Failure::at(&a.dir, e))?;
    if !quiet {
        // Every file not listed, named with why, one line each.
        for (p, problem) in &listing.problems {
            complain!(
                "{}: skipped: {problem}{}",
                p.display(),
                problem_hint(problem, a.password.given())
            );
        }
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let mut v =
            serde_json::to_value(listing.response()).map_err(|e| Error::ApiBody(e.to_string()))?;
        if let Some(obj) = v.as_object_mut() {
            obj.insert("Skipped".into(), skipped_json(&listing.problems));
        }
        // LintErrors and LintWarnings, entry by entry, when linted.
        let key = if a.certs {
            "CertificateList"
        } else {
            "CsrList"
        };
        if let Some(list) = v.get_mut(key).and_then(|l| l.as_array_mut()) {
            for (item, e) in list.iter_mut().zip(&listing.entries) {
                if let (Some((errors, warnings)), Some(o)) = (e.lint, item.as_object_mut()) {
                    o.insert("LintErrors".into(), errors.into());
                    o.insert("LintWarnings".into(), warnings.into());
                }
            }
        }
        let _ = writeln!(out, "{}", to_json(&v));
        return Ok(0);
    }
    let color = color_on(std::io::stdout().is_terminal());
    let now = now_ms();
    // Each cell with whether it is an alarm (painted red on a terminal): the data says,
    // not the text, which may be a name.
    let mut rows: Vec<Vec<(String, bool)>> = Vec::new();
    let header: Vec<String> = if a.certs {
        [
            "NAME",
            "CN",
            "ALGORITHM",
            "SANS",
            "SIGNATURE",
            "EXPIRES",
            "KEY FILE",
        ]
    } else {
        [
            "NAME",
            "CN",
            "ALGORITHM",
            "SANS",
            "SIGNATURE",
            "KEY FILE",
            "",
        ]
    }
    .iter()
    .map(|s| s.to_string())
    .collect();
    for e in &listing.entries {
        let key = e
            .key_file
            .as_ref()
            .map(|k| crate::text::path(k.strip_prefix(&a.dir).unwrap_or(k)))
            .unwrap_or_else(|| "-".to_string());
        let sig = |v: Option<bool>| match v {
            Some(true) => ("valid".to_string(), false),
            Some(false) => ("NOT VALID".to_string(), true),
            None => ("not checked".to_string(), false),
        };
        let plain = |s: String| (s, false);
        let row = match &e.item {
            ListItem::Csr(c) => vec![
                plain(esc(c.name.as_deref().unwrap_or_default()).into_owned()),
                plain(esc(c.common_name.as_deref().unwrap_or("-")).into_owned()),
                plain(format!("{} {}", c.algorithm, c.key_size)),
                plain(c.san_entries.len().to_string()),
                sig(c.signature_valid),
                plain(key),
                plain(String::new()),
            ],
            ListItem::Cert(c) => {
                vec![
                    plain(esc(&c.name).into_owned()),
                    plain(esc(c.info.common_name.as_deref().unwrap_or("-")).into_owned()),
                    plain(format!("{} {}", c.info.algorithm, c.info.key_size)),
                    plain(c.info.san_entries.len().to_string()),
                    sig(c.info.signature_valid),
                    (
                        crate::views::days_text(c.info.after_date, now, false),
                        csrkit::cert::days_left(c.info.after_date, now) < 0,
                    ),
                    plain(key),
                ]
            }
        };
        let mut row = row;
        if let Some((errors, warnings)) = e.lint {
            row.push((
                format!("{errors} error(s), {warnings} warning(s)"),
                errors > 0,
            ));
        }
        rows.push(row);
    }
    let mut header = header;
    if a.lint.is_some() || a.lint_errors {
        header.push("LINT".to_string());
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| crate::text::width(&r[i].0))
                .chain([crate::text::width(&header[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[(String, bool)], color: bool| {
        let mut l = String::new();
        for (i, (c, alarm)) in cells.iter().enumerate() {
            // Display columns, not characters: a CJK name takes two a character.
            let pad = widths[i].saturating_sub(crate::text::width(c));
            let cell = if color && *alarm {
                paint(c, "31", true)
            } else {
                c.clone()
            };
            l.push_str(&cell);
            if i + 1 < cells.len() {
                l.push_str(&" ".repeat(pad + 2));
            }
        }
        l.trim_end().to_string()
    };
    let header: Vec<(String, bool)> = header.into_iter().map(|h| (h, false)).collect();
    let _ = writeln!(out, "{}", line(&header, false));
    for r in &rows {
        let _ = writeln!(out, "{}", line(r, color));
    }
    let _ = writeln!(
        out,
        "page {} of {} ({} {} in all, {} key file(s))",
        listing.current_page,
        listing.page_count(),
        listing.total_count,
        if a.certs { "certificates" } else { "CSRs" },
        listing.key_files
    );
    Ok(0)
}

/// What to do about a problem, for the text line: the option that opens a locked file.
pub(crate) fn problem_hint(p: &csrkit::problem::Problem, passwords_given: bool) -> &'static str {
    use csrkit::problem::ProblemKind;
    match p.kind() {
        ProblemKind::Locked if passwords_given => {
            " (none of the passwords given opens it: add its own with --key-password-file)"
        }
        ProblemKind::Locked => {
            " (give its password with --key-password-file or --key-password-env)"
        }
        _ => "",
    }
}

/// `[{"File", "Reason", "Kind"}]` of the files not used.
pub(crate) fn skipped_json(problems: &[(PathBuf, csrkit::problem::Problem)]) -> serde_json::Value {
    csrkit::problem::problems_json(problems)
}
