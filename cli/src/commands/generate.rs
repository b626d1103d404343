//! `csrkit generate`: a new key (or an existing one, `--key`) and a signed CSR.

use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::api::ExportCsrRequest;
use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::CsrRequest;

use crate::Failure;
use crate::args::{DnArgs, ExtensionArgs, LintGateArgs, PasswordArgs};
use crate::io::{read_input, read_key};
use crate::output::{self, NewKey, NewKeyArgs, OutputArgs};

/// The algorithms `--algorithm` takes.
pub(crate) const ALGORITHMS: [&str; 7] = [
    "rsa2048", "rsa3072", "rsa4096", "ecc", "p256", "p384", "sm2",
];

#[derive(Args, Debug)]
pub(crate) struct GenerateArgs {
    /// Key algorithm of a new key.
    #[arg(long, value_parser = ALGORITHMS, conflicts_with = "key")]
    pub(crate) algorithm: Option<String>,
    /// Sign with this existing private key (any format; read only, never rewritten).
    #[arg(long, value_name = "KEY", conflicts_with_all = ["key_out", "key_cipher"])]
    pub(crate) key: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) dn: DnArgs,
    /// The whole subject: RFC 4514 (`CN=a,O=b,C=CN`) or OpenSSL's `/C=CN/O=b/CN=a` form.
    #[arg(long, value_name = "DN",
          conflicts_with_all = ["cn", "country", "state", "locality", "org", "ou", "email"])]
    pub(crate) subject: Option<String>,
    #[command(flatten)]
    pub(crate) extensions: ExtensionArgs,
    #[command(flatten)]
    pub(crate) out: OutputArgs,
    #[command(flatten)]
    pub(crate) new_key: NewKeyArgs,
    /// A Huawei export-CSR JSON body (distinguished_name, key_algorithm, signature_algorithm).
    #[arg(long, value_name = "FILE",
          conflicts_with_all = ["algorithm", "cn", "country", "state", "locality", "org", "ou",
                                "email", "subject", "key"])]
    pub(crate) request: Option<PathBuf>,
    /// The password of `--key`, or the one to encrypt the new key with.
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
    #[command(flatten)]
    pub(crate) lint: LintGateArgs,
}

pub(crate) fn run(a: &GenerateArgs, quiet: bool) -> Result<i32, Failure> {
    let (algorithm, request) = match &a.request {
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
            let subject = match &a.subject {
                Some(s) => {
                    DistinguishedName::parse(s).map_err(|e| Failure::flag("--subject", e))?
                }
                None => {
                    a.dn.builder_without_cn()
                        .common_name(a.dn.cn())
                        .build()
                        .map_err(crate::args::dn_failure)?
                }
            };
            (alg, CsrRequest::new(subject))
        }
    };
    let request = a.extensions.apply(request)?;
    let request = request.with_cn_as_default_san();

    let key_out = a.key.is_none().then(|| a.new_key.key_out());
    // Refuse before spending time on a key.
    let inputs: Vec<&std::path::Path> = a.key.iter().map(PathBuf::as_path).collect();
    if let Some(code) = a.out.check(key_out.as_deref(), &inputs)? {
        return Ok(code);
    }
    let key = match &a.key {
        Some(path) => read_key(path, &a.password)?,
        None => PrivateKey::generate(algorithm)?,
    };
    let csr = request.sign(&key).map_err(|e| match &a.key {
        Some(path) if matches!(e, Error::WeakKey { .. }) => Failure::at(path, e),
        _ => Failure::from(e),
    })?;
    // Will the CA take it? Said on stderr; refused only under a profile asked for.
    let what = a.out.csr_text();
    let findings = a.lint.judge_new(&what, &csr)?;
    let password = match key_out {
        Some(_) => a.password.password()?,
        None => None,
    };
    let new_key = key_out.map(|path| NewKey {
        path,
        args: &a.new_key,
        note: if password.is_some() {
            ", encrypted"
        } else {
            ""
        },
        password,
    });
    let code = output::write(&a.out, &key, new_key, &request, &csr, quiet)?;
    if code == 0 && !quiet {
        crate::args::say_findings(&what, &findings);
    }
    Ok(code)
}
