//! The `csrkit` command line: argument parsing and printing over the library. Every
//! decision is in the library; one file per command under `commands/`, the text views in
//! `views.rs`, the flags several commands share in `args.rs`.
#![forbid(unsafe_code)]

mod args;
mod commands;
mod io;
mod output;
mod progress;
mod text;
mod views;

use std::path::Path;

use clap::{Parser, Subcommand};

use commands::{
    batch::BatchArgs, completions::CompletionArgs, generate::GenerateArgs, inspect::InspectArgs,
    lint::LintArgs, list::ListArgs, pkcs12::Pkcs12Args, reconcile::ReconcileArgs, renew::RenewArgs,
    report::ReportArgs, upload_request::UploadArgs, verify::VerifyArgs,
};
use csrkit::Error;

fn main() {
    std::process::exit(run());
}

/// Exit status: input rejected or a check failed.
pub(crate) const EXIT_REJECTED: i32 = 1;
/// Exit status: a check that could not be made (a signature with no issuer at hand, or of
/// an algorithm that is not checked), and nothing failed.
pub(crate) const EXIT_NOT_CHECKED: i32 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "csrkit",
    version,
    about = "Generate and inspect CSRs and X.509 certificates for cloud certificate APIs",
    long_about = None
)]
pub(crate) struct Cli {
    /// Print nothing but results and errors.
    #[arg(long, short, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate a private key and a signed CSR.
    #[command(
        override_usage = "csrkit generate [OPTIONS]",
        after_help = "Examples:\n  csrkit generate\n  csrkit generate --algorithm sm2 \
        --cn example.com --country CN --org 'Example Co' --san www.example.com --san 192.0.2.1\n  \
        csrkit generate --request huawei-request.json --csr-out ca.csr.pem --key-out ca.key.pem"
    )]
    Generate(GenerateArgs),
    /// A CSR to renew a certificate: its subject byte for byte, its SANs and usages.
    #[command(
        override_usage = "csrkit renew <FILE> (--key <KEY> | --new-key <ALGORITHM>) [OPTIONS]\n       \
        csrkit renew <DIR> (--expiring <DAYS> | --all) (--same-key | --new-key <ALGORITHM>) --out <NEWDIR> [OPTIONS]",
        after_help = "Examples:\n  csrkit renew old-cert.pem --key key.pem --csr-out renew.csr.pem\n  \
        csrkit renew old-cert.pem --new-key p384 --key-out new.key.pem --csr-out renew.csr.pem\n  \
        csrkit renew site.pfx --key-password-file pw --csr-out renew.csr.pem\n  \
        csrkit renew certs --expiring 30 --same-key --out renewed"
    )]
    Renew(RenewArgs),
    /// Show the fields of CSRs and certificates.
    #[command(
        override_usage = "csrkit inspect [OPTIONS] <FILE>...",
        after_help = "Examples:\n  csrkit inspect csr.pem\n  csrkit inspect --json \
        --key key.pem --name web-01 csr.pem\n  cat csr.pem | csrkit inspect -"
    )]
    Inspect(InspectArgs),
    /// Check a signature, a certificate's validity and a key pair: exit 0 when all pass, 1
    /// when one fails, 3 when the signature could not be checked.
    #[command(
        override_usage = "csrkit verify [OPTIONS] <FILE>",
        after_help = "Examples:\n  csrkit verify csr.pem\n  csrkit verify csr.pem --key key.pem\n  \
        csrkit verify fullchain.pem\n  csrkit verify site.pfx --key-password-file pw --at 2027-01-01\n  \
        csrkit verify leaf.pem --issuer ca.pem\n\n\
        SM2 CSRs are signed with the distinguishing ID 1234567812345678; OpenSSL checks them \
        with:\n  openssl req -verify -noout -vfyopt distid:1234567812345678 -in csr.pem"
    )]
    Verify(VerifyArgs),
    /// Print a checked UploadCsr request body ({"Name", "Csr", "Key"}), or the bodies of a folder.
    #[command(
        override_usage = "csrkit upload-request [OPTIONS] <CSR>\n       csrkit upload-request [OPTIONS] <DIR>",
        after_help = "Examples:\n  csrkit upload-request csr.pem --key key.pem --name web-01\n  \
        csrkit upload-request csr.pem --key key.pem --key-format pkcs8\n  \
        csrkit upload-request certs/ > bodies.json\n\n\
        For a folder: every CSR with its key found there (matched by public key), each Name \
        made from the CN (A-Z a-z 0-9 _ -, at most 50, -2, -3 for repeats); a CSR without \
        its key is named on stderr and the exit status is 1."
    )]
    UploadRequest(UploadArgs),
    /// Will the CA take it? Lint CSRs and certificates (CA/Browser Forum rules and each CA's own).
    #[command(
        override_usage = "csrkit lint [OPTIONS] <FILE|DIR>...",
        after_help = "Exit 1 when a finding is an error, 0 otherwise.\n\nProfiles: cabf (public TLS, the \
        default), alibaba, huawei, letsencrypt, private, gm.\n\nExamples:\n  csrkit lint www.csr.pem\n  \
        csrkit lint --profile letsencrypt --json certs/\n  csrkit lint --at 2027-03-15 fullchain.pem"
    )]
    Lint(LintArgs),
    /// List the CSRs (or certificates) under a folder as the ListCsr (ListClientCertificate) API does.
    #[command(
        override_usage = "csrkit list [OPTIONS] <DIR>",
        after_help = "Examples:\n  csrkit list ./csrs\n  csrkit list ./csrs --keyword example.com \
        --algorithm ECC --page 2 --size 20 --json\n  csrkit list ./certs --certs"
    )]
    List(ListArgs),
    /// Write a PKCS#12 bundle (.pfx/.p12) of a key, its certificate and chain.
    #[command(
        override_usage = "csrkit pkcs12 --key <KEY> --cert <CERT> --out <FILE> (--pfx-password-file <FILE> | --pfx-password-env <VAR>) [OPTIONS]",
        after_help = "Examples:\n  csrkit pkcs12 --key key.pem --cert fullchain.pem --out site.pfx --pfx-password-env PFX_PW\n  \
        csrkit pkcs12 --key key.pem --cert cert.pem --chain ca.pem --name web --out web.p12 --pfx-password-file pw.txt\n\n\
        Written as OpenSSL 3 does by default (PBES2 PBKDF2-HMAC-SHA256 + AES-256-CBC, HMAC-SHA256 MAC); \
        OpenSSL, Java keytool and Windows read it."
    )]
    Pkcs12(Pkcs12Args),
    /// Generate many keys and CSRs on all cores.
    #[command(
        override_usage = "csrkit batch --count <N> --out <DIR> [OPTIONS]",
        after_help = "Examples:\n  csrkit batch --count 100 --out ./hosts --cn 'host-{i}.example.com'\n  \
        csrkit batch --count 10 --algorithm sm2 --out ./sm2 --cn 'node{i}' --san 'dns:node{i}.example.com' \
        --san 'ip:10.0.0.{i}'"
    )]
    Batch(BatchArgs),
    /// Match a saved ListCsr / ListCert / ListClientCertificate response with local files.
    #[command(
        override_usage = "csrkit reconcile [OPTIONS] <RESPONSE>... <DIR>",
        after_help = "Matches CSRs on KeySha2, ListClientCertificate entries on Sha2 (else \
        SerialNumber), ListCert entries on SerialNumber. Exit 0 whatever matches; 1 when the \
        response or the folder cannot be read.\n\nExamples:\n  csrkit reconcile list-csr.json ./csrs\n  \
        csrkit reconcile list-client-certificate.json ./certs --json"
    )]
    Reconcile(ReconcileArgs),
    /// Write one self-contained HTML page of the certificates under folders.
    #[command(
        override_usage = "csrkit report <DIR>... [--out <FILE>] [OPTIONS]",
        after_help = "A summary, an expiry timeline by issuer, counts by algorithm and by issuer, \
        the renew commands for what is due, and a table sorted by expiry (copies merged). The page \
        loads nothing from anywhere.\n\nExamples:\n  csrkit report certs\n  \
        csrkit report certs /etc/ssl/private --out fleet.html --force\n  \
        csrkit report certs --at 2027-01-31 --key-password-env KEY_PW"
    )]
    Report(ReportArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        override_usage = "csrkit completions <SHELL>",
        after_help = "Example:\n  csrkit completions bash > /etc/bash_completion.d/csrkit"
    )]
    Completions(CompletionArgs),
}

/// Why a command failed: what it was about (a file, a flag) and the problem, said as one
/// line on stderr.
pub(crate) struct Failure {
    pub(crate) context: Option<String>,
    pub(crate) problem: Problem,
}

/// A library error, or a problem of the command line's own (a flag's value, a folder
/// given for a file), said in words: the cause and what to do.
pub(crate) enum Problem {
    Library(Error),
    Said(String),
}

impl Failure {
    pub(crate) fn at(path: &Path, error: Error) -> Self {
        Failure {
            context: Some(path.display().to_string()),
            problem: Problem::Library(error),
        }
    }

    /// A library error about a flag's value (`--country`, `--san`, `--subject`).
    pub(crate) fn flag(flag: impl Into<String>, error: Error) -> Self {
        Failure {
            context: Some(flag.into()),
            problem: Problem::Library(error),
        }
    }

    /// A problem of the command line's own, about `context`.
    pub(crate) fn said(context: impl Into<String>, message: impl Into<String>) -> Self {
        Failure {
            context: Some(context.into()),
            problem: Problem::Said(message.into()),
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            context: None,
            problem: Problem::Library(error),
        }
    }
}

/// The flag that answers a library error, where one does: the library speaks library,
/// the command line names its own flags.
fn flag_hint(e: &Error) -> Option<&'static str> {
    match e {
        Error::PasswordRequired(_) => {
            Some("give it with --key-password-file or --key-password-env")
        }
        Error::Exists(_) => Some("use --force to overwrite it"),
        _ => None,
    }
}

/// Runs the command line and returns the exit status.
fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let result = match &cli.command {
        Command::Generate(a) => commands::generate::run(a, cli.quiet),
        Command::Renew(a) => commands::renew::run(a, cli.quiet),
        Command::Inspect(a) => commands::inspect::run(a),
        Command::Verify(a) => commands::verify::run(a, cli.quiet),
        Command::UploadRequest(a) => commands::upload_request::run(a, cli.quiet),
        Command::Lint(a) => commands::lint::run(a, cli.quiet),
        Command::List(a) => commands::list::run(a, cli.quiet),
        Command::Batch(a) => commands::batch::run(a, cli.quiet),
        Command::Pkcs12(a) => commands::pkcs12::run(a, cli.quiet),
        Command::Reconcile(a) => commands::reconcile::run(a, cli.quiet),
        Command::Report(a) => commands::report::run(a, cli.quiet),
        Command::Completions(a) => commands::completions::run(a),
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            say_failure(f);
            EXIT_REJECTED
        }
    }
}

/// Says a failure on stderr, one line: its context and the problem.
pub(crate) fn say_failure(f: Failure) {
    {
        {
            let msg = match &f.problem {
                Problem::Library(e) => match flag_hint(e) {
                    Some(flag) => format!("{e} ({flag})"),
                    None => e.to_string(),
                },
                Problem::Said(m) => m.clone(),
            };
            match f.context {
                Some(c) if !msg.starts_with(&c) => text::complain!("{c}: {msg}"),
                _ => text::complain!("{msg}"),
            }
        }
    }
}
