//! `csrkit renew`: a CSR that renews a certificate (or repeats a CSR): the subject byte
//! for byte, the SANs and the usage extensions carried over; the same key or a new one.
//! Given a folder, the same for every certificate under it that is due.

use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::renewal::{Due, RenewKey, RenewOptions};
use csrkit::request::CsrRequest;

use crate::Failure;
use crate::args::{ExtensionArgs, PasswordArgs};
/// `--new-key`: an algorithm, or `same`.
const NEW_KEYS: [&str; 8] = [
    "rsa2048", "rsa3072", "rsa4096", "ecc", "p256", "p384", "sm2", "same",
];
use crate::io::{read_contents, read_key, to_json};
use crate::output::{self, NewKey, NewKeyArgs, OutputArgs};
use crate::text::{complain, say};

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("which_key").args(["key", "new_key", "same_key"])))]
#[command(group(clap::ArgGroup::new("which_due").args(["expiring", "all"])))]
pub(crate) struct RenewArgs {
    /// The certificate to renew (or a CSR to repeat), PEM, DER or PKCS#12; or a folder
    /// (then --expiring or --all, --same-key or --new-key, and --out).
    pub(crate) file: PathBuf,
    /// Reuse this private key; it must be FILE's key (a PKCS#12 FILE with its key needs
    /// none: it renews with that key).
    #[arg(long, value_name = "KEY", conflicts_with_all = ["key_out", "key_cipher"])]
    pub(crate) key: Option<PathBuf>,
    /// Generate a new key of this algorithm (rekey); `same`: of the certificate's own
    /// algorithm and size (SM2 stays SM2, P-384 stays P-384).
    #[arg(long, value_name = "ALGORITHM", value_parser = NEW_KEYS)]
    pub(crate) new_key: Option<String>,
    /// A folder: a new key may move a certificate between SM2 and the other algorithms.
    #[arg(long)]
    pub(crate) allow_algorithm_change: bool,
    /// A folder: renew CA certificates too (by default they are skipped).
    #[arg(long)]
    pub(crate) include_ca: bool,
    /// A folder: only certificates whose CN, a SAN or file name holds this, or whose
    /// KeySha2 starts with it.
    #[arg(long)]
    pub(crate) keyword: Option<String>,
    /// A folder: only this algorithm.
    #[arg(long, value_parser = ["RSA", "ECC", "SM2", "rsa", "ecc", "sm2"])]
    pub(crate) algorithm: Option<String>,
    /// Encrypt new keys with the password on this file's first line (else with the input
    /// password, when one was given).
    #[arg(long, value_name = "FILE", conflicts_with = "new_key_password_env")]
    pub(crate) new_key_password_file: Option<PathBuf>,
    /// Encrypt new keys with the password in this environment variable.
    #[arg(long, value_name = "VAR")]
    pub(crate) new_key_password_env: Option<String>,
    /// A folder: renew each certificate with its own key, found under the folder.
    #[arg(long)]
    pub(crate) same_key: bool,
    /// A folder: renew the certificates that expire within DAYS (the expired ones too).
    #[arg(long, value_name = "DAYS")]
    pub(crate) expiring: Option<u32>,
    /// A folder: renew every certificate.
    #[arg(long)]
    pub(crate) all: bool,
    /// A folder: where the new CSRs (and keys) go, STEM.csr.pem and STEM.key.pem.
    #[arg(long = "out", value_name = "NEWDIR")]
    pub(crate) out_dir: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) extensions: ExtensionArgs,
    #[command(flatten)]
    pub(crate) out: OutputArgs,
    #[command(flatten)]
    pub(crate) key_file: NewKeyArgs,
    /// The password of `--key` (and of the keys and bundles under a folder), or the one
    /// to encrypt the new key with.
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
    /// Lint the new CSR (renew FILE).
    #[command(flatten)]
    pub(crate) lint: crate::args::LintGateArgs,
}

/// A usage error: one line, exit 2.
fn usage(message: &str) -> Result<i32, Failure> {
    complain!("{message}");
    Ok(2)
}

pub(crate) fn run(a: &RenewArgs, quiet: bool) -> Result<i32, Failure> {
    if a.file.is_dir() {
        return run_folder(a, quiet);
    }
    let folder_only = [
        (a.same_key, "--same-key"),
        (a.expiring.is_some(), "--expiring"),
        (a.all, "--all"),
        (a.out_dir.is_some(), "--out"),
    ];
    if let Some((_, flag)) = folder_only.iter().find(|(given, _)| *given) {
        return usage(&format!(
            "{flag} renews a folder, and {} is a file",
            a.file.display()
        ));
    }
    // The first object of FILE: the certificate, a bundle's leaf, or a CSR; and a
    // bundle's own key, which renews it when no key is named (or FILE is named as --key).
    let mut contents = read_contents(&a.file, &a.password)?;
    let own_key = contents.key.take();
    let old = contents.objects.remove(0);
    let which = match (&a.new_key, &a.key, own_key) {
        (Some(same), _, _) if same == "same" => {
            match csrkit::renewal::same_family(old.public_key()) {
                Some(alg) => Which::New(alg),
                None => {
                    return Err(Failure::said(
                        a.file.display().to_string(),
                        format!(
                            "no new key of the same kind as {} can be made: name one with --new-key",
                            csrkit::renewal::key_label(old.public_key())
                        ),
                    ));
                }
            }
        }
        (Some(alg), _, _) => Which::New(alg.parse().map_err(Error::Request)?),
        (None, Some(path), Some(own)) if same_file(path, &a.file) => Which::Same(own, path),
        (None, Some(path), _) => Which::Same(read_key(path, &a.password)?, path),
        (None, None, Some(own)) => Which::Same(own, &a.file),
        (None, None, None) => {
            return usage(
                "renew FILE needs --key KEY (the same key) or --new-key ALGORITHM (rekey); \
                 a PKCS#12 bundle with its key renews with it",
            );
        }
    };
    if matches!(which, Which::Same(..))
        && (a.key_file.key_out.is_some() || a.key_file.key_cipher.is_some())
    {
        return usage("--key-out and --key-cipher write a new key: they go with --new-key");
    }
    let key_out = matches!(which, Which::New(_)).then(|| a.key_file.key_out());
    let inputs: Vec<&std::path::Path> = std::iter::once(a.file.as_path())
        .chain(a.key.as_deref())
        .collect();
    if let Some(code) = a.out.check(key_out.as_deref(), &inputs)? {
        return Ok(code);
    }
    let (key, request) = match which {
        Which::New(alg) => {
            let key = PrivateKey::generate(alg)?;
            let request = CsrRequest::rekey(&old, &key).map_err(|e| Failure::at(&a.file, e))?;
            (key, request)
        }
        Which::Same(key, path) => {
            let request = CsrRequest::renewal(&old, &key).map_err(|e| match e {
                Error::KeyMismatch(_) => Failure::said(
                    path.display().to_string(),
                    format!(
                        "this key is not the key of {} (its public key differs): give the \
                         certificate's own key, or --new-key to make a new one",
                        a.file.display()
                    ),
                ),
                e => Failure::at(&a.file, e),
            })?;
            (key, request)
        }
    };
    let request = a.extensions.apply(request)?;
    let csr = request.sign(&key).map_err(|e| match &a.key {
        Some(path) if matches!(e, Error::WeakKey { .. }) => Failure::at(path, e),
        _ => Failure::at(&a.file, e),
    })?;
    // Will the CA take it? Said on stderr; refused only under a profile asked for.
    let what = a.out.csr_text();
    let findings = a.lint.judge_new(&what, &csr)?;
    // A new key is encrypted with its own password when one is given, else with the
    // input password (and the line says so).
    let new_key = match key_out {
        None => None,
        Some(path) => {
            let own = crate::args::read_one(
                a.new_key_password_file.as_deref(),
                a.new_key_password_env.as_deref(),
                ("--new-key-password-file", "--new-key-password-env"),
            )?;
            let (password, note) = match own {
                Some(p) => (Some(p), ", encrypted with its own password"),
                None => match a.password.password()? {
                    Some(p) => (
                        Some(p),
                        ", encrypted with the input password: --new-key-password-file gives it its own",
                    ),
                    None => (None, ", not encrypted"),
                },
            };
            Some(NewKey {
                path,
                args: &a.key_file,
                password,
                note,
            })
        }
    };
    let code = output::write(&a.out, &key, new_key, &request, &csr, quiet)?;
    if code == 0 && !quiet {
        crate::args::say_findings(&what, &findings);
    }
    Ok(code)
}

/// The key of `renew FILE`: the same one (from its file), or a new one.
enum Which<'a> {
    Same(PrivateKey, &'a std::path::Path),
    New(KeyAlgorithm),
}

/// True when `a` and `b` name one file (a bundle given as FILE and as --key is opened
/// once).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `renew DIR`: every certificate under DIR that is due, renewed into NEWDIR.
fn run_folder(a: &RenewArgs, quiet: bool) -> Result<i32, Failure> {
    let file_only = [
        (
            a.key.is_some(),
            "--key (a folder's keys are found under it: --same-key)",
        ),
        (
            a.out.csr_out.is_some(),
            "--csr-out (a folder's CSRs go under --out NEWDIR)",
        ),
        (
            a.key_file.key_out.is_some(),
            "--key-out (a folder's keys go under --out NEWDIR)",
        ),
        (
            !a.extensions.san.is_empty(),
            "--san (each certificate keeps its own)",
        ),
        (
            a.extensions.profile.is_some(),
            "--profile (each certificate keeps its own usages)",
        ),
        (
            a.out.force,
            "--force (nothing is overwritten: a name taken gets -2, -3, …)",
        ),
    ];
    if let Some((_, flag)) = file_only.iter().find(|(given, _)| *given) {
        return usage(&format!(
            "{} is a folder: {flag} is not for a folder",
            a.file.display()
        ));
    }
    let due = match (a.expiring, a.all) {
        (Some(days), false) => Due::Within(i64::from(days)),
        (None, true) => Due::All,
        _ => return usage("renew DIR needs --expiring DAYS or --all"),
    };
    let key = match (a.new_key.as_deref(), a.same_key) {
        (Some("same"), false) => RenewKey::NewSameFamily,
        (Some(alg), false) => RenewKey::New(alg.parse().map_err(Error::Request)?),
        (None, true) => RenewKey::Same,
        _ => return usage("renew DIR needs --same-key or --new-key ALGORITHM|same"),
    };
    let Some(out_dir) = &a.out_dir else {
        return usage("renew DIR needs --out NEWDIR, the folder for the new CSRs");
    };
    let passwords = a.password.passwords_or_prompt()?;
    let own_new_password = crate::args::read_one(
        a.new_key_password_file.as_deref(),
        a.new_key_password_env.as_deref(),
        ("--new-key-password-file", "--new-key-password-env"),
    )?;
    // Without its own password, a new key takes the input password (and the lines say so).
    let takes_input_password = own_new_password.is_none() && !passwords.list().is_empty();
    let new_key_password = own_new_password.or_else(|| passwords.list().first().cloned());
    let Some(key_cipher) = a.key_file.cipher(new_key_password.as_ref())? else {
        return Ok(2);
    };
    let opts = RenewOptions {
        find: csrkit::renewal::DueOptions {
            due,
            passwords,
            include_ca: a.include_ca,
            keyword: a.keyword.clone(),
            algorithm: match &a.algorithm {
                Some(s) => Some(s.parse().map_err(Error::Request)?),
                None => None,
            },
            ..Default::default()
        },
        key,
        allow_algorithm_change: a.allow_algorithm_change,
        new_key_password: if matches!(key, RenewKey::Same) {
            None
        } else {
            new_key_password
        },
        key_cipher,
        lint: a.lint.gate(),
    };
    let plan =
        csrkit::renewal::plan(&a.file, out_dir, &opts).map_err(|e| Failure::at(&a.file, e))?;
    let (stop, bar) = crate::progress::start(plan.planned.len(), quiet);
    let report = csrkit::renewal::run(
        &plan.planned,
        out_dir,
        &opts,
        &stop,
        || bar.inc(1),
        csrkit::files::Staging::Auto,
    )
    .map_err(|e| Failure::at(out_dir, e))?;
    bar.finish_and_clear();
    // Every due certificate: renewed, skipped with why, or in a locked file (the library's
    // data, printed).
    let outcome = csrkit::renewal::Outcome::of(plan, report);
    let files_text = |files: &[PathBuf]| {
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if a.out.json {
        println!("{}", to_json(&outcome));
    } else if !quiet {
        for r in &outcome.renewed {
            let dropped = if r.dropped_usages.is_empty() {
                String::new()
            } else {
                format!(
                    "; left out {} (the new key cannot have it)",
                    r.dropped_usages.join(", ")
                )
            };
            let change = r
                .change
                .as_ref()
                .map(|(f, t)| format!("; {f} → {t}"))
                .unwrap_or_default();
            let key = match (&r.key, r.new_key) {
                (Some(k), true) => format!(
                    " + new key {} (mode 0600{})",
                    k.display(),
                    if takes_input_password {
                        ", encrypted with the input password: --new-key-password-file gives it its own"
                    } else if opts.new_key_password.is_some() {
                        ", encrypted"
                    } else {
                        ", not encrypted"
                    }
                ),
                (Some(k), false) => format!(" with {}", k.display()),
                (None, _) => String::new(),
            };
            say!(
                "{} ({}) -> {}{key}{change}{dropped}",
                files_text(&r.files),
                crate::views::days_text(r.not_after, csrkit::cert::now_ms(), false),
                r.csr.display(),
            );
            crate::args::say_findings(&r.csr.display().to_string(), &r.findings);
        }
        for n in &outcome.skipped {
            let allow = match &n.problem {
                csrkit::problem::Problem::Refused(Error::LintRefused(ids)) => format!(
                    "; nothing written (--allow-lint {} lets it through)",
                    ids.join(" --allow-lint ")
                ),
                csrkit::problem::Problem::AlgorithmChange { .. } => {
                    " (--allow-algorithm-change)".to_string()
                }
                csrkit::problem::Problem::CaCertificate => {
                    " (--include-ca renews it too)".to_string()
                }
                _ => String::new(),
            };
            complain!("{}: skipped: {}{allow}", files_text(&n.files), n.problem);
        }
        for (f, p) in &outcome.locked {
            complain!(
                "{}: locked: {p}{}",
                f.display(),
                crate::commands::list::problem_hint(p, a.password.given())
            );
        }
        say!(
            "{} renewed, {} skipped, {} locked, into {}",
            outcome.renewed.len(),
            outcome.skipped.len(),
            outcome.locked.len(),
            out_dir.display()
        );
        if !outcome.renewed.is_empty() {
            // The next step: the UploadCsr bodies (a same key stays where it was).
            let quote = |p: &std::path::Path| {
                shlex::try_quote(&p.display().to_string())
                    .map(|q| q.into_owned())
                    .unwrap_or_else(|_| p.display().to_string())
            };
            say!(
                "UploadCsr bodies: csrkit upload-request {}{}",
                quote(out_dir),
                if matches!(opts.key, RenewKey::Same) {
                    format!(" --keys {}", quote(&a.file))
                } else {
                    String::new()
                }
            );
        }
    }
    if let Some(e) = &outcome.fatal {
        crate::progress::say_stopped(
            out_dir,
            outcome.renewed.len(),
            outcome.planned,
            "renewals",
            e,
        );
        return Ok(crate::EXIT_REJECTED);
    }
    Ok(if outcome.stopped {
        130
    } else if outcome.complete() {
        0
    } else {
        crate::EXIT_REJECTED
    })
}
