//! `csrkit batch`: many keys and CSRs on all cores.

use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::keys::KeyAlgorithm;

use crate::args::DnArgs;
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
