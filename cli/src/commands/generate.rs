//! `csrkit generate`: a new key (or an existing one) and a signed CSR.

use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::api::ExportCsrRequest;
use csrkit::csr::ParsedCsr;
use csrkit::files::{WriteOptions, prepare};
use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;

use crate::Failure;
use crate::args::{DnArgs, PasswordArgs};
use crate::io::{read_input, to_json};

#[derive(Args, Debug)]
pub(crate) struct GenerateArgs {
    /// Key algorithm.
    #[arg(long, value_parser = ["rsa2048", "rsa3072", "rsa4096", "ecc", "p256", "sm2"])]
    pub(crate) algorithm: Option<String>,
    #[command(flatten)]
    pub(crate) dn: DnArgs,
    /// Subject alternative name (dns:, email:, uri:, ip: or bare); repeatable.
    #[arg(long)]
    pub(crate) san: Vec<String>,
    /// Extension profile.
    #[arg(long, value_parser = ["server", "client", "ca"])]
    pub(crate) profile: Option<String>,
    /// Where to write the CSR (`-` for standard output).
    #[arg(long, default_value = "csr.pem", value_name = "PATH")]
    pub(crate) csr_out: PathBuf,
    /// Where to write the private key (PKCS#8 PEM, mode 0600).
    #[arg(long, default_value = "key.pem", value_name = "PATH")]
    pub(crate) key_out: PathBuf,
    /// Overwrite existing files.
    #[arg(long)]
    pub(crate) force: bool,
    /// Print the inspection of the new CSR as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// A Huawei export-CSR JSON body (distinguished_name, key_algorithm, signature_algorithm).
    #[arg(long, value_name = "FILE",
          conflicts_with_all = ["algorithm", "cn", "country", "state", "locality", "org", "ou"])]
    pub(crate) request: Option<PathBuf>,
    /// Encrypt the key file (PKCS#8, PBES2: PBKDF2-SHA256 + AES-256-CBC) with a password.
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
}

pub(crate) fn run(a: &GenerateArgs, quiet: bool) -> Result<i32, Failure> {
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
        let parsed = ParsedCsr::from_der(csr.der())?;
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
