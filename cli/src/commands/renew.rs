//! `csrkit renew`: a CSR that renews a certificate (or repeats a CSR): the subject byte
//! for byte, the SANs and the usage extensions carried over; the same key or a new one.

use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::cert::Parsed;
use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::request::CsrRequest;

use crate::Failure;
use crate::args::{ExtensionArgs, PasswordArgs};
use crate::commands::generate::ALGORITHMS;
use crate::io::{read_contents, read_key};
use crate::output::{self, NewKey, NewKeyArgs, OutputArgs};

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("which_key").required(true).args(["key", "new_key"])))]
pub(crate) struct RenewArgs {
    /// The certificate to renew (or a CSR to repeat), PEM or DER.
    pub(crate) file: PathBuf,
    /// Reuse this private key; it must be FILE's key.
    #[arg(long, value_name = "KEY", conflicts_with_all = ["key_out", "key_cipher"])]
    pub(crate) key: Option<PathBuf>,
    /// Generate a new key of this algorithm (rekey).
    #[arg(long, value_name = "ALGORITHM", value_parser = ALGORITHMS)]
    pub(crate) new_key: Option<String>,
    #[command(flatten)]
    pub(crate) extensions: ExtensionArgs,
    #[command(flatten)]
    pub(crate) out: OutputArgs,
    #[command(flatten)]
    pub(crate) key_file: NewKeyArgs,
    /// The password of `--key`, or the one to encrypt the new key with.
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
}

pub(crate) fn run(a: &RenewArgs, quiet: bool) -> Result<i32, Failure> {
    // The first object of FILE: the certificate, a bundle's leaf, or a CSR.
    let parsed = read_contents(&a.file, &a.password)?.objects.remove(0);
    let (request, public) = match &parsed {
        Parsed::Cert(c) => (CsrRequest::from_certificate(c), c.public_key()),
        Parsed::Csr(c) => (CsrRequest::from_csr(c), c.public_key()),
    };
    let request = request.map_err(|e| Failure::at(&a.file, e))?;
    let request = a.extensions.apply(request)?;
    let key_out = a.key.is_none().then(|| a.key_file.key_out());
    let inputs: Vec<&std::path::Path> = std::iter::once(a.file.as_path())
        .chain(a.key.as_deref())
        .collect();
    if let Some(code) = a.out.check(key_out.as_deref(), &inputs)? {
        return Ok(code);
    }
    let key = match (&a.key, &a.new_key) {
        (Some(path), _) => {
            let key = read_key(path, &a.password)?;
            if key.public_key() != public {
                return Err(Failure::said(
                    path.display().to_string(),
                    format!(
                        "this key is not the key of {} (its public key differs): give the \
                         certificate's own key, or --new-key to make a new one",
                        a.file.display()
                    ),
                ));
            }
            key
        }
        (None, Some(alg)) => {
            let alg: KeyAlgorithm = alg.parse().map_err(Error::Request)?;
            PrivateKey::generate(alg)?
        }
        (None, None) => return Ok(2),
    };
    let csr = request.sign(&key).map_err(|e| match &a.key {
        Some(path) if matches!(e, Error::WeakKey { .. }) => Failure::at(path, e),
        _ => Failure::at(&a.file, e),
    })?;
    let new_key = key_out.map(|path| NewKey {
        path,
        args: &a.key_file,
        password: &a.password,
    });
    output::write(&a.out, &key, new_key, &request, &csr, quiet)
}
