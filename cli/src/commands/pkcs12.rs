//! `csrkit pkcs12`: the `.pfx` users deploy (Windows/IIS, Java, consoles), from a key and
//! its certificate (and chain), as OpenSSL 3 `pkcs12 -export` writes it by default.

use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::cert::ParsedCert;
use csrkit::files::{WriteOptions, write_atomic};
use csrkit::keys::Pkcs12Encryption;

use crate::Failure;
use crate::args::{PasswordArgs, PfxPasswordArgs};
use crate::io::{read_contents, read_key, to_json};
use crate::text::say;

#[derive(Args, Debug)]
pub(crate) struct Pkcs12Args {
    /// The private key (any form csrkit reads; the key password options open it).
    #[arg(long, value_name = "KEY")]
    pub(crate) key: PathBuf,
    /// The key's certificate; a file of several (a fullchain.pem) gives its chain too.
    #[arg(long, value_name = "CERT")]
    pub(crate) cert: PathBuf,
    /// Chain certificates after it, in order; repeatable.
    #[arg(long, value_name = "CERT")]
    pub(crate) chain: Vec<PathBuf>,
    /// Where to write the bundle (mode 0600).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,
    /// The friendly name (default: the certificate's CN).
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Write what `openssl pkcs12 -export -legacy` writes, for Windows Server 2016 and older:
    /// 3DES for the key, 40-bit RC2 for the certificates, an HMAC-SHA1 MAC.
    #[arg(long)]
    pub(crate) legacy: bool,
    /// Overwrite an existing file.
    #[arg(long)]
    pub(crate) force: bool,
    /// Print what was written as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) pfx_password: PfxPasswordArgs,
    #[command(flatten)]
    pub(crate) password: PasswordArgs,
}

pub(crate) fn run(a: &Pkcs12Args, quiet: bool) -> Result<i32, Failure> {
    if !a.force && std::fs::symlink_metadata(&a.out).is_ok() {
        return Err(Failure::at(&a.out, Error::Exists(a.out.clone())));
    }
    let pfx_password = a.pfx_password.password()?;
    let key = read_key(&a.key, &a.password)?;
    // The certificate whose key is KEY; the file's other certificates, then those of
    // --chain, are its chain.
    let mut certs: Vec<ParsedCert> = read_contents(&a.cert, &a.password)?
        .certificates()
        .cloned()
        .collect();
    let in_cert = certs.len();
    for path in &a.chain {
        certs.extend(read_contents(path, &a.password)?.certificates().cloned());
    }
    let ders: Vec<&[u8]> = certs.iter().map(ParsedCert::der).collect();
    let encryption = if a.legacy {
        Pkcs12Encryption::Legacy
    } else {
        Pkcs12Encryption::Aes256
    };
    let pfx =
        csrkit::keys::pkcs12_of_with(&key, &ders, a.name.as_deref(), &pfx_password, encryption)
            .map_err(|e| match e {
                Error::KeyMismatch(_) => Failure::said(
                    a.key.display().to_string(),
                    format!(
                        "this key is not the key of {} (of none of its {in_cert} certificate(s)): \
                     give the certificate issued for this key",
                        a.cert.display(),
                    ),
                ),
                e => Failure::at(&a.cert, e),
            })?;
    let leaf = &certs[pfx.leaf];
    let chain = certs.len() - 1;
    let opts = WriteOptions {
        overwrite: a.force,
        ..WriteOptions::secret()
    };
    write_atomic(&a.out, &pfx.der, opts).map_err(|e| Failure::at(&a.out, e))?;
    let subject = csrkit::names::subject_dn(leaf.subject());
    if a.json {
        println!(
            "{}",
            to_json(&serde_json::json!({
                "File": a.out.display().to_string(),
                "SubjectDN": subject,
                "Chain": chain,
                "FriendlyName": pfx.friendly_name,
            }))
        );
    } else if !quiet {
        let how = if a.legacy {
            "legacy: 3DES key, RC2-40 certificates, HMAC-SHA1"
        } else {
            "PBES2 AES-256-CBC, HMAC-SHA256"
        };
        say!(
            "{}: PKCS#12 with the {} key, the certificate {subject} and {} chain certificate(s) \
             ({how}; mode 0600)",
            a.out.display(),
            key.key_type(),
            chain
        );
    }
    Ok(0)
}
