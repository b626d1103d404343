//! `csrkit report`: one self-contained HTML page of the certificates under folders.

use std::path::PathBuf;

use clap::Args;
use csrkit::files::{WriteOptions, write_atomic};
use csrkit_cli::report::{PROFILES, ReportOptions, collect, render};

use crate::Failure;
use crate::args::PasswordArgs;
use crate::text::{complain, say};

#[derive(Args, Debug)]
pub(crate) struct ReportArgs {
    /// The folders to walk (as `list --certs` walks one).
    #[arg(required = true)]
    pub(crate) dirs: Vec<PathBuf>,
    /// Where to write the page.
    #[arg(long, value_name = "FILE", default_value = "report.html")]
    pub(crate) out: PathBuf,
    /// The lint profile.
    #[arg(long, value_parser = PROFILES, default_value = "cabf")]
    pub(crate) profile: String,
    /// "Now" for days left and what is due: YYYY-MM-DD (UTC) or 2027-01-31T12:00:00Z.
    #[arg(long, value_name = "DATE", value_parser = crate::args::parse_moment)]
    pub(crate) at: Option<i64>,
    /// Overwrite FILE when it exists.
    #[arg(long)]
    pub(crate) force: bool,
    /// The password of encrypted keys and PKCS#12 bundles under the folders, so they are
    /// matched.
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
}

pub(crate) fn run(a: &ReportArgs, quiet: bool) -> Result<i32, Failure> {
    let now_ms = a.at.unwrap_or_else(csrkit::cert::now_ms);
    if !a.force && std::fs::symlink_metadata(&a.out).is_ok() {
        return Err(Failure::at(&a.out, csrkit::Error::Exists(a.out.clone())));
    }
    // The renew commands shown open the same keys: the same password option.
    let mut renew_args = Vec::new();
    for f in &a.password.key_password_file {
        renew_args.extend(["--key-password-file".to_string(), f.display().to_string()]);
    }
    for v in &a.password.key_password_env {
        renew_args.extend(["--key-password-env".to_string(), v.clone()]);
    }
    let opts = ReportOptions {
        folders: a.dirs.clone(),
        profile: a.profile.clone(),
        now_ms,
        passwords: a.password.passwords()?,
        renew_args,
    };
    let data = collect(&opts).map_err(|e| match a.dirs.as_slice() {
        [one] => Failure::at(one, e),
        _ => Failure::from(e),
    })?;
    let html = render(&data);
    let write = WriteOptions {
        overwrite: a.force,
        ..WriteOptions::default()
    };
    write_atomic(&a.out, html.as_bytes(), write).map_err(|e| Failure::at(&a.out, e))?;
    if !quiet {
        if data.summary.locked > 0 {
            complain!(
                "{} encrypted key(s) or PKCS#12 bundle(s) stayed locked and are not matched: {}",
                data.summary.locked,
                if a.password.given() {
                    "none of the passwords given is theirs"
                } else {
                    "give their password with --key-password-file or --key-password-env"
                }
            );
        }
        for (p, why) in &data.unreadable {
            complain!("could not read {}: {why}", p.display());
        }
        let s = &data.summary;
        say!(
            "{}: {} certificate(s), {} expired, {} due in 30 days, {} without a key found",
            a.out.display(),
            s.certificates,
            s.expired,
            s.due_30,
            s.without_key
        );
    }
    Ok(0)
}
