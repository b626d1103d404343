//! The `csrkit` command line: argument parsing and printing over the library
//! (SPEC "CLI surface"). Every decision is in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use csrkit::Error;
use csrkit::api::ExportCsrRequest;
use csrkit::cert::{CertInfo, Parsed, ParsedCert};
use csrkit::csr::{CsrInfo, ParsedCsr};
use csrkit::files::{WriteOptions, prepare};
use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::names::{DistinguishedName, DnBuilder};
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;
use csrkit::signature::Verification;

/// Exit status: input rejected or a check failed.
const EXIT_REJECTED: i32 = 1;

#[derive(Parser, Debug)]
#[command(
    name = "csrkit",
    version,
    about = "Generate and inspect CSRs and X.509 certificates for cloud certificate APIs",
    long_about = None
)]
struct Cli {
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
        after_help = "Examples:\n  csrkit generate\n  csrkit generate --algorithm sm2 \
        --cn example.com --country CN --org 'Example Co' --san www.example.com --san 192.0.2.1\n  \
        csrkit generate --request huawei-request.json --csr-out ca.csr.pem --key-out ca.key.pem"
    )]
    Generate(GenerateArgs),
    /// Show the fields of CSRs and certificates.
    #[command(
        after_help = "Examples:\n  csrkit inspect csr.pem\n  csrkit inspect --json \
        --key key.pem --name web-01 csr.pem\n  cat csr.pem | csrkit inspect -"
    )]
    Inspect(InspectArgs),
    /// Check a signature (and a key pair): exit 0 only when all checks pass.
    #[command(
        after_help = "Examples:\n  csrkit verify csr.pem\n  csrkit verify csr.pem --key key.pem"
    )]
    Verify(VerifyArgs),
    /// Print a checked UploadCsr request body ({"Name", "Csr", "Key"}).
    #[command(
        after_help = "Examples:\n  csrkit upload-request csr.pem --key key.pem --name web-01\n  \
        csrkit upload-request csr.pem --key key.pem --key-format pkcs8"
    )]
    UploadRequest(UploadArgs),
    /// List the CSRs (or certificates) under a folder as the ListCsr (ListClientCertificate) API does.
    #[command(
        after_help = "Examples:\n  csrkit list ./csrs\n  csrkit list ./csrs --keyword example.com \
        --algorithm ECC --page 2 --size 20 --json\n  csrkit list ./certs --certs"
    )]
    List(ListArgs),
    /// Generate many keys and CSRs on all cores.
    #[command(
        after_help = "Examples:\n  csrkit batch --count 100 --out ./hosts --cn 'host-{i}.example.com'\n  \
        csrkit batch --count 10 --algorithm sm2 --out ./sm2 --cn 'node{i}' --san 'dns:node{i}.example.com' \
        --san 'ip:10.0.0.{i}'"
    )]
    Batch(BatchArgs),
    /// Match a saved ListCsr / ListCert / ListClientCertificate response with local files.
    #[command(
        after_help = "Matches CSRs on KeySha2, ListClientCertificate entries on Sha2 (else \
        SerialNumber), ListCert entries on SerialNumber. Exit 0 whatever matches; 1 when the \
        response or the folder cannot be read.\n\nExamples:\n  csrkit reconcile list-csr.json ./csrs\n  \
        csrkit reconcile list-client-certificate.json ./certs --json"
    )]
    Reconcile(ReconcileArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "Example:\n  csrkit completions bash > /etc/bash_completion.d/csrkit")]
    Completions(CompletionArgs),
}

#[derive(Args, Debug)]
struct UploadArgs {
    /// The CSR, PEM or DER.
    csr: PathBuf,
    /// The private key to include; it must match the CSR.
    #[arg(long, value_name = "KEY")]
    key: Option<PathBuf>,
    /// The CSR name: 1 to 50 of A-Z a-z 0-9 _ -.
    #[arg(long)]
    name: Option<String>,
    /// Key encoding for RSA keys (PKCS#1 by default, as the API page shows).
    #[arg(long, value_parser = ["pkcs1", "pkcs8"], default_value = "pkcs1")]
    key_format: String,
    #[command(flatten)]
    password: PasswordArgs,
}

/// Where a private key's password comes from: never the command line itself.
#[derive(Args, Debug, Clone, Default)]
struct PasswordArgs {
    /// Read the key's password from the first line of this file (encrypted PKCS#8).
    #[arg(long, value_name = "FILE", conflicts_with = "key_password_env")]
    key_password_file: Option<PathBuf>,
    /// Read the key's password from this environment variable (encrypted PKCS#8).
    #[arg(long, value_name = "VAR")]
    key_password_env: Option<String>,
}

impl PasswordArgs {
    /// The password, when one was asked for; zeroized on drop.
    fn password(&self) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, Failure> {
        let raw = if let Some(path) = &self.key_password_file {
            // At most 4 KiB: a password file, not /dev/zero.
            let mut buf = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(4096).read_to_end(&mut buf))
                .map_err(|e| Failure::at(path, Error::io(path, e)))?;
            let bytes = zeroize::Zeroizing::new(buf);
            // The first line, as OpenSSL's `file:` password source reads it.
            let line = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            zeroize::Zeroizing::new(line.to_vec())
        } else if let Some(var) = &self.key_password_env {
            let value = std::env::var_os(var).ok_or_else(|| Failure {
                context: Some(format!("--key-password-env {var}")),
                error: Error::Request("the environment variable is not set".into()),
            })?;
            zeroize::Zeroizing::new(value.into_encoded_bytes())
        } else {
            return Ok(None);
        };
        if raw.is_empty() {
            return Err(Failure {
                context: Some("--key-password-file/--key-password-env".into()),
                error: Error::Request("the password is empty".into()),
            });
        }
        Ok(Some(raw))
    }
}

/// Subject flags shared by `generate` and `batch`.
#[derive(Args, Debug, Clone)]
struct DnArgs {
    /// Common name (CN). Default: localhost.
    #[arg(long)]
    cn: Option<String>,
    /// Country (C): two letters A-Z.
    #[arg(long)]
    country: Option<String>,
    /// State or province (ST).
    #[arg(long)]
    state: Option<String>,
    /// Locality (L).
    #[arg(long)]
    locality: Option<String>,
    /// Organization (O).
    #[arg(long)]
    org: Option<String>,
    /// Organizational unit (OU); repeatable.
    #[arg(long)]
    ou: Vec<String>,
}

impl DnArgs {
    /// The subject without its CN.
    fn builder_without_cn(&self) -> DnBuilder {
        let mut dn = DistinguishedName::builder();
        if let Some(v) = &self.country {
            dn = dn.country(v);
        }
        if let Some(v) = &self.state {
            dn = dn.state(v);
        }
        if let Some(v) = &self.locality {
            dn = dn.locality(v);
        }
        if let Some(v) = &self.org {
            dn = dn.organization(v);
        }
        for ou in &self.ou {
            dn = dn.organizational_unit(ou);
        }
        dn
    }

    fn cn(&self) -> String {
        self.cn.clone().unwrap_or_else(|| "localhost".to_string())
    }
}

#[derive(Args, Debug)]
struct GenerateArgs {
    /// Key algorithm.
    #[arg(long, value_parser = ["rsa2048", "rsa3072", "rsa4096", "ecc", "p256", "sm2"])]
    algorithm: Option<String>,
    #[command(flatten)]
    dn: DnArgs,
    /// Subject alternative name (dns:, email:, uri:, ip: or bare); repeatable.
    #[arg(long)]
    san: Vec<String>,
    /// Extension profile.
    #[arg(long, value_parser = ["server", "client", "ca"])]
    profile: Option<String>,
    /// Where to write the CSR (`-` for standard output).
    #[arg(long, default_value = "csr.pem", value_name = "PATH")]
    csr_out: PathBuf,
    /// Where to write the private key (PKCS#8 PEM, mode 0600).
    #[arg(long, default_value = "key.pem", value_name = "PATH")]
    key_out: PathBuf,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
    /// Print the inspection of the new CSR as JSON.
    #[arg(long)]
    json: bool,
    /// A Huawei export-CSR JSON body (distinguished_name, key_algorithm, signature_algorithm).
    #[arg(long, value_name = "FILE",
          conflicts_with_all = ["algorithm", "cn", "country", "state", "locality", "org", "ou"])]
    request: Option<PathBuf>,
    /// Encrypt the key file (PKCS#8, PBES2: PBKDF2-SHA256 + AES-256-CBC) with a password.
    #[command(flatten)]
    password: PasswordArgs,
}

#[derive(Args, Debug)]
struct ReconcileArgs {
    /// A saved response of ListCsr, ListCert or ListClientCertificate.
    response: PathBuf,
    /// The folder holding the local CSRs or certificates (and keys).
    dir: PathBuf,
    /// Print Matched / RemoteOnly / LocalOnly as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct ListArgs {
    /// The folder to walk.
    dir: PathBuf,
    /// List certificates (ListClientCertificate) instead of CSRs (ListCsr).
    #[arg(long)]
    certs: bool,
    /// Case-insensitive substring of CN, a SAN or the name, or a KeySha2 prefix.
    #[arg(long)]
    keyword: Option<String>,
    /// Only this algorithm.
    #[arg(long, value_parser = ["RSA", "ECC", "SM2", "rsa", "ecc", "sm2"])]
    algorithm: Option<String>,
    /// Page number, from 1.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    page: u32,
    /// Entries per page, 1 to 1000.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    size: u32,
    /// Print the API response as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct BatchArgs {
    /// How many keys and CSRs.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    count: u32,
    /// Key algorithm.
    #[arg(long, default_value = "ecc", value_parser = ["rsa2048", "rsa3072", "rsa4096", "ecc", "p256", "sm2"])]
    algorithm: String,
    /// Output folder (created when missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    dn: DnArgs,
    /// SAN pattern ({i} = index); repeatable. Default: the CN when it is a DNS name or IP.
    #[arg(long)]
    san: Vec<String>,
    /// Extension profile.
    #[arg(long, default_value = "server", value_parser = ["server", "client", "ca"])]
    profile: String,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct CompletionArgs {
    /// The shell.
    shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
struct InspectArgs {
    /// CSR or certificate files, PEM or DER (`-` for standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print JSON: one object for one file, an array for several.
    #[arg(long)]
    json: bool,
    /// A private key to match against (HasPrivateKey).
    #[arg(long, value_name = "KEY")]
    key: Option<PathBuf>,
    /// The issuer certificate, to check a certificate's signature.
    #[arg(long, value_name = "CERT")]
    issuer: Option<PathBuf>,
    /// The CSR name to validate and carry (UploadCsr rule).
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    password: PasswordArgs,
}

#[derive(Args, Debug)]
struct VerifyArgs {
    /// The CSR or certificate.
    file: PathBuf,
    /// A private key that must match.
    #[arg(long, value_name = "KEY")]
    key: Option<PathBuf>,
    /// The issuer certificate.
    #[arg(long, value_name = "CERT")]
    issuer: Option<PathBuf>,
    #[command(flatten)]
    password: PasswordArgs,
}

/// A failure to report: the file or flag it concerns, and the error.
struct Failure {
    context: Option<String>,
    error: Error,
}

impl Failure {
    fn at(path: &Path, error: Error) -> Self {
        Failure {
            context: Some(path.display().to_string()),
            error,
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            context: None,
            error,
        }
    }
}

/// Runs the command line and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let result = match &cli.command {
        Command::Generate(a) => generate(a, cli.quiet),
        Command::Inspect(a) => inspect(a),
        Command::Verify(a) => verify(a, cli.quiet),
        Command::UploadRequest(a) => upload_request(a),
        Command::List(a) => list(a, cli.quiet),
        Command::Batch(a) => batch(a, cli.quiet),
        Command::Reconcile(a) => reconcile(a, cli.quiet),
        Command::Completions(a) => {
            use clap::CommandFactory;
            clap_complete::generate(
                a.shell,
                &mut Cli::command(),
                "csrkit",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            let msg = f.error.to_string();
            match f.context {
                Some(c) if !msg.starts_with(&c) => eprintln!("csrkit: {c}: {msg}"),
                _ => eprintln!("csrkit: {msg}"),
            }
            EXIT_REJECTED
        }
    }
}

fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    let limit = csrkit::input::MAX_INPUT as u64;
    let mut buf = Vec::new();
    let res = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut buf))
    };
    res.map_err(|e| Failure::at(path, Error::io(path, e)))?;
    if buf.len() as u64 > limit {
        // The file's real size when it has one (not /dev/zero or a pipe).
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .ok()
            .filter(|&l| l > limit)
            .unwrap_or(buf.len() as u64);
        return Err(Failure::at(path, Error::TooLarge { size, limit }));
    }
    Ok(buf)
}

fn read_key(path: &Path, password: &PasswordArgs) -> Result<PrivateKey, Failure> {
    let bytes = zeroize::Zeroizing::new(read_input(path)?);
    let pw = password.password()?;
    PrivateKey::from_bytes_with_password(&bytes, pw.as_ref().map(|p| p.as_slice()))
        .map_err(|e| Failure::at(path, e))
}

fn generate(a: &GenerateArgs, quiet: bool) -> Result<i32, Failure> {
    let to_stdout = a.csr_out.as_os_str() == "-";
    if to_stdout && a.json {
        eprintln!("csrkit: --json cannot be used with --csr-out -");
        return Ok(2);
    }
    let (algorithm, mut request) = match &a.request {
        Some(path) => {
            let bytes = read_input(path)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Failure::at(path, Error::Request("not UTF-8 text".into())))?;
            let body = ExportCsrRequest::from_json(&text).map_err(|e| Failure::at(path, e))?;
            let alg = body.algorithm().map_err(|e| Failure::at(path, e))?;
            (
                alg,
                body.to_csr_request().map_err(|e| Failure::at(path, e))?,
            )
        }
        None => {
            let alg: KeyAlgorithm = match &a.algorithm {
                Some(s) => s.parse().map_err(|m: String| Error::Request(m))?,
                None => KeyAlgorithm::EccP256,
            };
            let dn = a.dn.builder_without_cn().common_name(a.dn.cn());
            (alg, CsrRequest::new(dn.build()?))
        }
    };
    for s in &a.san {
        request = request.san(San::parse(s)?);
    }
    if let Some(p) = &a.profile {
        request = request.profile(p.parse::<Profile>().map_err(Error::Request)?);
    }
    let request = request.with_cn_as_default_san();

    // Refuse before spending time on a key.
    for path in [&a.key_out]
        .into_iter()
        .chain((!to_stdout).then_some(&a.csr_out))
    {
        if !a.force && std::fs::symlink_metadata(path).is_ok() {
            return Err(Failure::at(path, Error::Exists(path.clone())));
        }
    }

    let password = a.password.password()?;
    let key = PrivateKey::generate(algorithm)?;
    let csr = request.sign(&key)?;
    let key_pem = match &password {
        Some(pw) => key.to_encrypted_pem(pw)?,
        None => key.to_pkcs8_pem()?,
    };
    // Both files are written and synced under temporary names before either is moved
    // into place: a failure (a full disk) leaves the old key and CSR as they were.
    let key_file = prepare(
        &a.key_out,
        key_pem.as_bytes(),
        WriteOptions {
            overwrite: a.force,
            secret: true,
            sync_dir: true,
        },
    )
    .map_err(|e| Failure::at(&a.key_out, e))?;
    let pem = csr.to_pem();
    let csr_file = if to_stdout {
        None
    } else {
        Some(
            prepare(
                &a.csr_out,
                pem.as_bytes(),
                WriteOptions {
                    overwrite: a.force,
                    secret: false,
                    sync_dir: true,
                },
            )
            .map_err(|e| Failure::at(&a.csr_out, e))?,
        )
    };
    key_file.commit().map_err(|e| Failure::at(&a.key_out, e))?;
    match csr_file {
        None => print!("{pem}"),
        Some(f) => {
            if let Err(e) = f.commit() {
                // Do not leave a key without its CSR when we just created that key.
                if !a.force {
                    let _ = std::fs::remove_file(&a.key_out);
                }
                return Err(Failure::at(&a.csr_out, e));
            }
        }
    }

    if a.json {
        let parsed = ParsedCsr::from_der(csr.into_der())?;
        let info = parsed.info(Some(&key), None)?;
        println!("{}", to_json(&info));
    } else if !quiet {
        let line = format!(
            "{} key {} ({}, mode 0600), CSR {} ({} profile, {})",
            algorithm,
            a.key_out.display(),
            "PKCS#8 PEM",
            if to_stdout {
                "on standard output".to_string()
            } else {
                a.csr_out.display().to_string()
            },
            request.profile,
            request.subject.to_rfc4514(),
        );
        if to_stdout {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
    Ok(0)
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn read_issuer(path: Option<&Path>) -> Result<Option<ParsedCert>, Failure> {
    match path {
        Some(p) => {
            let bytes = read_input(p)?;
            Ok(Some(
                ParsedCert::from_bytes(&bytes).map_err(|e| Failure::at(p, e))?,
            ))
        }
        None => Ok(None),
    }
}

/// One inspected file, CSR or certificate, in the JSON shape of its kind.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Inspected {
    Csr(CsrInfo),
    Cert(CertInfo),
}

fn inspect(a: &InspectArgs) -> Result<i32, Failure> {
    if let Some(n) = &a.name {
        csrkit::csr::check_csr_name(n)?;
    }
    let key = match &a.key {
        Some(p) => Some(read_key(p, &a.password)?),
        None => None,
    };
    let issuer = read_issuer(a.issuer.as_deref())?;
    let mut infos = Vec::with_capacity(a.files.len());
    for path in &a.files {
        let bytes = read_input(path)?;
        let parsed = Parsed::from_bytes(&bytes).map_err(|e| Failure::at(path, e))?;
        let info = match parsed {
            Parsed::Csr(c) => Inspected::Csr(
                c.info(key.as_ref(), a.name.as_deref())
                    .map_err(|e| Failure::at(path, e))?,
            ),
            Parsed::Cert(c) => Inspected::Cert(
                c.info(issuer.as_ref(), key.as_ref())
                    .map_err(|e| Failure::at(path, e))?,
            ),
        };
        infos.push((path.clone(), info));
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let text = if infos.len() == 1 {
            to_json(&infos[0].1)
        } else {
            to_json(&infos.iter().map(|(_, i)| i).collect::<Vec<_>>())
        };
        let _ = writeln!(out, "{text}");
    } else {
        let color = color_on(std::io::stdout().is_terminal());
        for (i, (path, info)) in infos.iter().enumerate() {
            if i > 0 {
                let _ = writeln!(out);
            }
            let text = match info {
                Inspected::Csr(c) => csr_text(path, c, a.key.as_deref(), color),
                Inspected::Cert(c) => cert_text(path, c, a.key.as_deref(), color),
            };
            let _ = write!(out, "{text}");
        }
    }
    Ok(0)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn date_text(ms: i64) -> String {
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn field(s: &mut String, k: &str, v: &str) {
    s.push_str(&format!("  {k:<14}{v}\n"));
}

/// What the text views of a CSR and of a certificate share.
struct KeyAndSignature<'a> {
    algorithm: csrkit::keys::KeyType,
    key_size: u32,
    key_sha2: &'a str,
    sign_algorithm: &'a str,
    signature_valid: Option<bool>,
    signature_note: Option<&'a str>,
    sha2: &'a str,
    md5: &'a str,
    has_private_key: bool,
}

fn key_and_signature_fields(
    s: &mut String,
    k: &KeyAndSignature<'_>,
    key: Option<&Path>,
    color: bool,
) {
    field(s, "Key", &format!("{} {}", k.algorithm, k.key_size));
    field(s, "KeySha2", k.key_sha2);
    field(
        s,
        "Signature",
        &format!(
            "{} {}",
            k.sign_algorithm,
            signature_text(k.signature_valid, k.signature_note, color)
        ),
    );
    field(s, "SHA-256", k.sha2);
    field(s, "MD5", k.md5);
    if let Some(path) = key {
        field(s, "Private key", &key_text(k.has_private_key, path, color));
    }
}

fn cert_text(path: &Path, info: &CertInfo, key: Option<&Path>, color: bool) -> String {
    let mut s = String::new();
    s.push_str(&format!("Certificate {}\n", path.display()));
    field(&mut s, "Subject", &info.subject_dn);
    field(&mut s, "Issuer", &info.issuer_dn);
    field(&mut s, "Serial", &info.serial_number);
    field(&mut s, "Type", info.certificate_type.as_str());
    field(&mut s, "SANs", &sans_text(&info.san_entries));
    let left = (info.after_date - now_ms()).div_euclid(86_400_000);
    let status = if left < 0 {
        paint(&format!("EXPIRED {} days ago", -left), "31", color)
    } else {
        format!("{left} days left")
    };
    field(
        &mut s,
        "Validity",
        &format!(
            "{} to {} ({} days; {status})",
            date_text(info.before_date),
            date_text(info.after_date),
            info.days
        ),
    );
    key_and_signature_fields(
        &mut s,
        &KeyAndSignature {
            algorithm: info.algorithm,
            key_size: info.key_size,
            key_sha2: &info.key_sha2,
            sign_algorithm: &info.sign_algorithm,
            signature_valid: info.signature_valid,
            signature_note: info.signature_note.as_deref(),
            sha2: &info.sha2,
            md5: &info.md5,
            has_private_key: info.has_private_key,
        },
        key,
        color,
    );
    s
}

fn sans_text(entries: &[csrkit::sans::SanEntry]) -> String {
    if entries.is_empty() {
        "(none)".to_string()
    } else {
        entries
            .iter()
            .map(|e| e.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn key_text(matches: bool, k: &Path, color: bool) -> String {
    if matches {
        format!("matches {}", k.display())
    } else {
        paint(&format!("does NOT match {}", k.display()), "31", color)
    }
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn signature_text(valid: Option<bool>, note: Option<&str>, color: bool) -> String {
    let status = match valid {
        Some(true) => paint("valid", "32", color),
        Some(false) => paint("NOT VALID", "31", color),
        None => paint("not checked", "33", color),
    };
    match note {
        Some(n) => format!("{status} ({n})"),
        None => status,
    }
}

fn csr_text(path: &Path, info: &CsrInfo, key: Option<&Path>, color: bool) -> String {
    let mut s = String::new();
    s.push_str(&format!("CSR {}\n", path.display()));
    field(&mut s, "Subject", &info.subject_dn);
    field(&mut s, "SANs", &sans_text(&info.san_entries));
    key_and_signature_fields(
        &mut s,
        &KeyAndSignature {
            algorithm: info.algorithm,
            key_size: info.key_size,
            key_sha2: &info.key_sha2,
            sign_algorithm: &info.sign_algorithm,
            signature_valid: info.signature_valid,
            signature_note: info.signature_note.as_deref(),
            sha2: &info.sha2,
            md5: &info.md5,
            has_private_key: info.has_private_key,
        },
        key,
        color,
    );
    if let Some(n) = &info.name {
        field(&mut s, "Name", n);
    }
    s
}

fn verify(a: &VerifyArgs, quiet: bool) -> Result<i32, Failure> {
    let bytes = read_input(&a.file)?;
    let parsed = Parsed::from_bytes(&bytes).map_err(|e| Failure::at(&a.file, e))?;
    let issuer = read_issuer(a.issuer.as_deref())?;
    let key = match &a.key {
        Some(p) => Some(read_key(p, &a.password)?),
        None => None,
    };
    let (verification, key_matches) = match &parsed {
        Parsed::Csr(c) => (c.verify(), key.as_ref().map(|k| c.matches_key(k))),
        Parsed::Cert(c) => (
            c.verify(issuer.as_ref()),
            key.as_ref().map(|k| c.matches_key(k)),
        ),
    };
    let mut problems = Vec::new();
    if verification != Verification::Valid {
        problems.push(format!(
            "signature not valid: {}",
            verification
                .note()
                .unwrap_or_else(|| "does not verify".to_string())
        ));
    }
    if key_matches == Some(false)
        && let Some(kp) = &a.key
    {
        problems.push(format!("{} does not match the public key", kp.display()));
    }
    if problems.is_empty() {
        if !quiet {
            println!("{}: OK", a.file.display());
        }
        Ok(0)
    } else {
        eprintln!("csrkit: {}: {}", a.file.display(), problems.join("; "));
        Ok(EXIT_REJECTED)
    }
}

fn upload_request(a: &UploadArgs) -> Result<i32, Failure> {
    let bytes = read_input(&a.csr)?;
    let key = match &a.key {
        Some(p) => Some(read_key(p, &a.password)?),
        None => None,
    };
    let body = csrkit::api::UploadCsrRequest::checked(
        &bytes,
        key.as_ref(),
        a.name.as_deref(),
        a.key_format == "pkcs8",
    )
    .map_err(|e| match (&e, &a.key) {
        (Error::KeyMismatch, Some(k)) => Failure::at(k, e),
        (Error::InvalidCsrName(_), _) => Failure::from(e),
        _ => Failure::at(&a.csr, e),
    })?;
    println!("{}", zeroize::Zeroizing::new(to_json(&body)).as_str());
    Ok(0)
}

fn color_on(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none()
}

/// Largest saved response `reconcile` reads (a full page of 1000 certificates is ~3 MB).
const MAX_RESPONSE: u64 = 64 << 20;

fn reconcile(a: &ReconcileArgs, quiet: bool) -> Result<i32, Failure> {
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
    let r = csrkit::reconcile::reconcile(&response, &a.dir).map_err(|e| Failure::at(&a.dir, e))?;
    if !quiet {
        for (p, why) in &r.unreadable {
            eprintln!("csrkit: could not read {}: {why}", p.display());
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
    let _ = writeln!(
        out,
        "{} response {} against {} under {}",
        r.api,
        a.response.display(),
        kind,
        a.dir.display()
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
    let _ = writeln!(out, "\nMatched: {}", r.matched.len());
    for m in &r.matched {
        let key = m
            .key
            .as_ref()
            .map(|k| format!(" (key {})", k.display()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}  <->  {}{key}  [{}]",
            remote(&m.remote),
            m.local.display(),
            m.matched_on
        );
    }
    let _ = writeln!(out, "\nRemote only: {}", r.remote_only.len());
    for m in &r.remote_only {
        let id = m
            .key_sha2
            .as_ref()
            .map(|v| format!(" KeySha2 {v}"))
            .or_else(|| m.sha2.as_ref().map(|v| format!(" Sha2 {v}")))
            .or_else(|| m.serial_number.as_ref().map(|v| format!(" serial {v}")))
            .unwrap_or_default();
        let _ = writeln!(out, "  {}{id}", remote(m));
    }
    let _ = writeln!(out, "\nLocal only: {}", r.local_only.len());
    for l in &r.local_only {
        let key = l
            .key
            .as_ref()
            .map(|k| format!(" (key {})", k.display()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{key}  CN {}",
            l.file.display(),
            l.common_name.as_deref().unwrap_or("-")
        );
    }
    Ok(0)
}

fn list(a: &ListArgs, quiet: bool) -> Result<i32, Failure> {
    use csrkit::inventory::{ListItem, ListOptions};
    let opts = ListOptions {
        certs: a.certs,
        keyword: a.keyword.clone(),
        algorithm: match &a.algorithm {
            Some(s) => Some(s.parse().map_err(Error::Request)?),
            None => None,
        },
        page: a.page as usize,
        size: a.size as usize,
        verify: true,
    };
    let listing = csrkit::inventory::list(&a.dir, &opts).map_err(|e| Failure::at(&a.dir, e))?;
    if !quiet {
        if listing.skipped > 0 {
            eprintln!(
                "csrkit: skipped {} file(s) under {} that are not {}",
                listing.skipped,
                a.dir.display(),
                if a.certs {
                    "certificates or keys"
                } else {
                    "CSRs or keys"
                }
            );
        }
        if listing.encrypted_keys > 0 {
            eprintln!(
                "csrkit: {} encrypted key file(s) under {} not matched (their public key needs the password)",
                listing.encrypted_keys,
                a.dir.display()
            );
        }
        for (p, why) in &listing.unreadable {
            eprintln!("csrkit: could not read {}: {why}", p.display());
        }
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let _ = writeln!(out, "{}", to_json(&listing.response()));
        return Ok(0);
    }
    let color = color_on(std::io::stdout().is_terminal());
    let now = now_ms();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let header: Vec<String> = if a.certs {
        [
            "NAME",
            "CN",
            "ALGORITHM",
            "SANS",
            "SIGNATURE",
            "DAYS LEFT",
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
            .map(|k| k.strip_prefix(&a.dir).unwrap_or(k).display().to_string())
            .unwrap_or_else(|| "-".to_string());
        let sig = |v: Option<bool>| match v {
            Some(true) => "valid".to_string(),
            Some(false) => "NOT VALID".to_string(),
            None => "not checked".to_string(),
        };
        let row = match &e.item {
            ListItem::Csr(c) => vec![
                c.name.clone().unwrap_or_default(),
                c.common_name.clone().unwrap_or_else(|| "-".into()),
                format!("{} {}", c.algorithm, c.key_size),
                c.san_entries.len().to_string(),
                sig(c.signature_valid),
                key,
                String::new(),
            ],
            ListItem::Cert(c) => {
                let left = (c.info.after_date - now).div_euclid(86_400_000);
                vec![
                    c.name.clone(),
                    c.info.common_name.clone().unwrap_or_else(|| "-".into()),
                    format!("{} {}", c.info.algorithm, c.info.key_size),
                    c.info.san_entries.len().to_string(),
                    sig(c.info.signature_valid),
                    if left < 0 {
                        format!("EXPIRED ({left})")
                    } else {
                        left.to_string()
                    },
                    key,
                ]
            }
        };
        rows.push(row);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String], color: bool| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            let cell = if color && (c == "NOT VALID" || c.starts_with("EXPIRED")) {
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

fn batch(a: &BatchArgs, quiet: bool) -> Result<i32, Failure> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let algorithm: KeyAlgorithm = a.algorithm.parse().map_err(Error::Request)?;
    let template = csrkit::batch::BatchTemplate {
        algorithm,
        subject: a.dn.builder_without_cn(),
        cn: a.dn.cn(),
        sans: a.san.clone(),
        profile: a.profile.parse().map_err(Error::Request)?,
    };
    let items = csrkit::batch::plan(&template, a.count as usize, &a.out)
        .map_err(|e| Failure::at(&a.out, e))?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // A second handler cannot be installed in one process; ignoring that error is fine.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let bar = if !quiet && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(items.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let report = csrkit::batch::run(&items, algorithm, &a.out, &stop, || bar.inc(1))
        .map_err(|e| Failure::at(&a.out, e))?;
    bar.finish_and_clear();
    for (name, e) in &report.failed {
        eprintln!("csrkit: {}: {e}", a.out.join(name).display());
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
        println!(
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
