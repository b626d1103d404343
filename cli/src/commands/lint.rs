//! `csrkit lint`: will the CA take it? The lint rules over CSRs and certificates.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use csrkit::lint::{Linted, Profile, Severity};

use crate::Failure;
use crate::io::{read_contents, to_json};
use crate::text::{complain, esc};
use crate::views::{color_on, now_ms, paint};

#[derive(Args, Debug)]
pub(crate) struct LintArgs {
    /// CSR and certificate files (PEM, DER, bundles) and folders (every file under them).
    #[arg(required_unless_present = "rules", value_name = "FILE|DIR")]
    pub(crate) paths: Vec<PathBuf>,
    /// Print the rule table (Markdown; with --json, JSON) and exit.
    #[arg(long, conflicts_with_all = ["at", "min_severity"])]
    pub(crate) rules: bool,
    /// Whose rules: cabf (public TLS), alibaba, huawei, letsencrypt, private, gm.
    #[arg(long, default_value = "cabf", value_parser = parse_profile)]
    pub(crate) profile: Profile,
    /// Lint as on this date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ): a CSR's would-be
    /// notBefore and the day expiry is judged on.
    #[arg(long, value_name = "DATE", value_parser = crate::args::parse_moment)]
    pub(crate) at: Option<i64>,
    /// Print JSON: an array of {File, Kind, CommonName, Findings}.
    #[arg(long)]
    pub(crate) json: bool,
    /// Show findings of this severity and worse: notice, warning, error.
    #[arg(long, value_name = "SEVERITY", default_value = "notice", value_parser = parse_severity)]
    pub(crate) min_severity: Severity,
    /// The password of a PKCS#12 bundle given as a file.
    #[command(flatten)]
    pub(crate) password: crate::args::PasswordArgs,
}

pub(crate) fn parse_profile(s: &str) -> Result<Profile, String> {
    s.parse()
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

pub(crate) fn run(a: &LintArgs, quiet: bool) -> Result<i32, Failure> {
    if a.rules {
        let mut out = std::io::stdout().lock();
        if a.json {
            let infos: Vec<_> = csrkit::lint::rules().map(|r| r.info()).collect();
            let _ = writeln!(out, "{}", to_json(&infos));
        } else {
            let _ = write!(out, "{}", csrkit::lint::table_markdown());
        }
        return Ok(0);
    }
    let now = a.at.unwrap_or_else(now_ms);
    let mut linted: Vec<Linted> = Vec::new();
    let mut unreadable = false;
    for path in &a.paths {
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            let found =
                csrkit::lint::lint_dir(path, &a.profile, now).map_err(|e| Failure::at(path, e))?;
            if !quiet {
                if found.skipped > 0 {
                    complain!(
                        "skipped {} file(s) under {} that are not CSRs or certificates",
                        found.skipped,
                        path.display()
                    );
                }
                for (p, why) in &found.unreadable {
                    complain!("could not read {}: {why}", p.display());
                }
            }
            linted.extend(found.linted);
        } else {
            // A file that cannot be read is said, and the others are linted.
            match read_contents(path, &a.password) {
                Ok(contents) => linted.extend(csrkit::lint::lint_contents(
                    &contents,
                    &path.display().to_string(),
                    &a.profile,
                    now,
                )),
                Err(f) => {
                    crate::say_failure(f);
                    unreadable = true;
                }
            }
        }
    }
    let any_error = linted
        .iter()
        .any(|l| l.findings.iter().any(|f| f.severity == Severity::Error));
    for l in &mut linted {
        l.findings.retain(|f| f.severity >= a.min_severity);
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let _ = writeln!(out, "{}", to_json(&linted));
    } else {
        let color = color_on(std::io::stdout().is_terminal());
        for (i, l) in linted.iter().enumerate() {
            if i > 0 {
                let _ = writeln!(out);
            }
            let _ = writeln!(out, "{}", text(l, color));
        }
        if !quiet {
            let count = |s| {
                linted
                    .iter()
                    .flat_map(|l| &l.findings)
                    .filter(|f| f.severity == s)
                    .count()
            };
            eprintln!(
                "{} linted with the {} profile: {} error(s), {} warning(s), {} notice(s)",
                linted.len(),
                a.profile,
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Notice)
            );
        }
    }
    Ok(if any_error || unreadable {
        crate::EXIT_REJECTED
    } else {
        0
    })
}

/// One file's block: its name, kind and CN, then one line a finding.
fn text(l: &Linted, color: bool) -> String {
    let mut s = format!(
        "{} ({}{})",
        esc(&l.file),
        l.kind,
        l.common_name
            .as_deref()
            .map(|cn| format!(", CN={}", esc(cn)))
            .unwrap_or_default()
    );
    if l.findings.is_empty() {
        s.push_str("\n  no findings");
    }
    for f in &l.findings {
        let sev = format!("{:<7}", f.severity.as_str());
        let code = match f.severity {
            Severity::Error => "31",
            Severity::Warning => "33",
            Severity::Notice => "36",
        };
        s.push_str(&format!(
            "\n  {} {}  {}  ({})",
            paint(&sev, code, color),
            f.id,
            esc(&f.message),
            f.source
        ));
    }
    s
}
