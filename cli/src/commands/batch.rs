//! `csrkit batch`: many keys and CSRs on all cores.

use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::keys::KeyAlgorithm;

use crate::args::{DnArgs, LintGateArgs};
use crate::io::to_json;
use crate::text::{complain, say};
use crate::{EXIT_REJECTED, Failure};

#[derive(Args, Debug)]
pub(crate) struct BatchArgs {
    /// How many keys and CSRs.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub(crate) count: u32,
    /// Key algorithm.
    #[arg(long, default_value = "ecc", value_parser = crate::commands::generate::ALGORITHMS)]
    pub(crate) algorithm: String,
    /// Output folder (created when missing).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    #[command(flatten)]
    pub(crate) dn: DnArgs,
    /// SAN pattern ({i} = index); repeatable. Default: the CN when it is a DNS name or IP.
    #[arg(long)]
    pub(crate) san: Vec<String>,
    /// Extension profile.
    #[arg(long, default_value = "server", value_parser = ["server", "client", "ca"])]
    pub(crate) profile: String,
    /// Print the summary as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) lint: LintGateArgs,
}

pub(crate) fn run(a: &BatchArgs, quiet: bool) -> Result<i32, Failure> {
    let algorithm: KeyAlgorithm = a.algorithm.parse().map_err(Error::Request)?;
    let template = csrkit::batch::BatchTemplate {
        algorithm,
        subject: a.dn.builder_without_cn(),
        cn: a.dn.cn(),
        sans: a.san.clone(),
        profile: a.profile.parse().map_err(Error::Request)?,
    };
    let items = csrkit::batch::plan(&template, a.count as usize, &a.out).map_err(|e| match e {
        Error::InvalidName { .. } | Error::InvalidSan { .. } => crate::args::dn_failure(e),
        e => Failure::at(&a.out, e),
    })?;
    // Will the CA take them? Linted before any key is made: said on stderr, one line a
    // rule (how many CSRs, the first message); refused under a profile asked for.
    // Without --lint-profile nothing is refused: the first CSRs stand for the rest (each
    // is signed once more to be linted, which would slow a large batch).
    let sample = if a.lint.lint_profile.is_some() {
        items.len()
    } else {
        items.len().min(LINT_SAMPLE)
    };
    let requests: Vec<&csrkit::request::CsrRequest> =
        items[..sample].iter().map(|i| &i.request).collect();
    let profile = a.lint.profile_or(csrkit::lint::Profile::Cabf);
    let found =
        csrkit::lint::lint_requests(&requests, algorithm, &profile, csrkit::cert::now_ms())?;
    let summary = summarize(&found);
    let what = a.out.display().to_string();
    a.lint
        .check(&what, &summary, a.lint.lint_profile.is_some())?;
    if !quiet {
        crate::args::say_findings(&what, &summary);
    }
    let (stop, bar) = crate::progress::start(items.len(), quiet);
    let report = csrkit::batch::run(&items, algorithm, &a.out, &stop, || bar.inc(1))
        .map_err(|e| Failure::at(&a.out, e))?;
    bar.finish_and_clear();
    for (name, e) in &report.failed {
        complain!("{}: {e}", a.out.join(name).display());
    }
    if let Some(e) = &report.fatal {
        crate::progress::say_stopped(&a.out, report.written, items.len(), "items", e);
        return Ok(EXIT_REJECTED);
    }
    if a.json {
        println!(
            "{}",
            to_json(&serde_json::json!({
                "Written": report.written,
                "Failed": report.failed.len(),
                "Stopped": report.stopped,
                "Seconds": report.elapsed.as_secs_f64(),
                "KeysPerSecond": report.per_second(),
            }))
        );
    } else if !quiet {
        say!(
            "{} {} keys and CSRs in {} in {:.2} s: {:.1} keys/s{}",
            report.written,
            algorithm,
            a.out.display(),
            report.elapsed.as_secs_f64(),
            report.per_second(),
            if report.stopped {
                " (stopped early)"
            } else {
                ""
            }
        );
    }
    Ok(if report.stopped {
        130
    } else if report.failed.is_empty() {
        0
    } else {
        EXIT_REJECTED
    })
}

/// CSRs linted when nothing is refused.
const LINT_SAMPLE: usize = 32;

/// One finding per rule id: the first CSR's message, with how many CSRs have it when not
/// all of them are the first.
fn summarize(found: &[Vec<csrkit::lint::Finding>]) -> Vec<csrkit::lint::Finding> {
    let mut out: Vec<(csrkit::lint::Finding, usize)> = Vec::new();
    for findings in found {
        let mut seen: Vec<&str> = Vec::new();
        for f in findings {
            if seen.contains(&f.id) {
                continue;
            }
            seen.push(f.id);
            match out.iter_mut().find(|(g, _)| g.id == f.id) {
                Some((_, n)) => *n += 1,
                None => out.push((f.clone(), 1)),
            }
        }
    }
    out.into_iter()
        .map(|(mut f, n)| {
            if found.len() > 1 {
                f.message = format!("{} ({n} of {} CSRs linted)", f.message, found.len());
            }
            f
        })
        .collect()
}
