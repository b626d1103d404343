//! `csrkit verify`: exit 0 only when every check passes ([`csrkit::verdict`] decides), 1
//! when one failed, 3 when the signature could not be checked and nothing failed.

use std::path::PathBuf;

use clap::Args;
use csrkit::verdict::{Outcome, TimeValidity, Verdict};

use crate::args::PasswordArgs;
use crate::io::{read_contents, read_issuer, read_key};
use crate::text::{complain, say};
use crate::views::{date_text, now_ms};
use crate::{EXIT_NOT_CHECKED, EXIT_REJECTED, Failure};

#[derive(Args, Debug)]
pub(crate) struct VerifyArgs {
    /// The CSR or certificate (a bundle's certificate: a fullchain.pem's leaf, a .pfx's).
    pub(crate) file: PathBuf,
    /// A private key that must match.
    #[arg(long, value_name = "KEY")]
    pub(crate) key: Option<PathBuf>,
    /// The issuer certificate (default: the other certificates of FILE).
    #[arg(long, value_name = "CERT")]
    pub(crate) issuer: Option<PathBuf>,
    /// Check validity at this moment instead of now: YYYY-MM-DD (00:00 UTC) or RFC 3339.
    #[arg(long, value_name = "DATE", value_parser = crate::args::parse_moment)]
    pub(crate) at: Option<i64>,
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
}

pub(crate) fn run(a: &VerifyArgs, quiet: bool) -> Result<i32, Failure> {
    let contents = read_contents(&a.file, &a.password)?;
    let issuers = read_issuer(a.issuer.as_deref(), &a.password)?;
    let key = match &a.key {
        Some(p) => Some(read_key(p, &a.password)?),
        None => None,
    };
    let moment = a.at.unwrap_or_else(now_ms);
    let Some(verdict) = Verdict::of_contents(&contents, issuers.as_deref(), key.as_ref(), moment)
    else {
        return Err(Failure::said(
            a.file.display().to_string(),
            "holds no CSR or certificate",
        ));
    };
    let file = a.file.display();
    match verdict.outcome() {
        Outcome::Valid => {
            if !quiet {
                match (&verdict.time, &verdict.issuer) {
                    (Some(TimeValidity::Valid { days_left }), issuer) => say!(
                        "{file}: OK (signed by {}, {days_left} day{} left)",
                        issuer.as_deref().unwrap_or("itself"),
                        if *days_left == 1 { "" } else { "s" }
                    ),
                    _ => say!("{file}: OK"),
                }
            }
            Ok(0)
        }
        outcome => {
            for line in findings(&verdict, a) {
                complain!("{file}: {line}");
            }
            Ok(if outcome == Outcome::Invalid {
                EXIT_REJECTED
            } else {
                EXIT_NOT_CHECKED
            })
        }
    }
}

/// One line per finding: what failed, and what could not be checked.
fn findings(v: &Verdict, a: &VerifyArgs) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(weak) = &v.weak_key {
        out.push(weak.clone());
    }
    let note = v.signature.note().unwrap_or_default();
    match v.signature.signature_valid() {
        Some(true) => {}
        Some(false) => out.push(format!("signature not valid: {note}")),
        None if v.issuer_missing && a.issuer.is_none() => out.push(format!(
            "signature not checked: {note} (give the issuer's certificate with --issuer CERT)"
        )),
        None => out.push(format!("signature not checked: {note}")),
    }
    match v.time {
        Some(TimeValidity::Expired {
            not_after_ms,
            days_ago,
        }) => out.push(format!(
            "{} (not after {})",
            match days_ago {
                0 => "expired today".to_string(),
                1 => "expired 1 day ago".to_string(),
                n => format!("expired {n} days ago"),
            },
            date_text(not_after_ms)
        )),
        Some(TimeValidity::NotYetValid {
            not_before_ms,
            days_to_go,
        }) => out.push(format!(
            "not valid before {} ({})",
            date_text(not_before_ms),
            match days_to_go {
                0 => "within a day".to_string(),
                1 => "in 1 day".to_string(),
                n => format!("in {n} days"),
            }
        )),
        Some(TimeValidity::Valid { .. }) | None => {}
    }
    if v.key_matches == Some(false)
        && let Some(kp) = &a.key
    {
        out.push(format!("{} does not match the public key", kp.display()));
    }
    out
}
