//! Writing what `generate` and `renew` make: the key (when new) and the CSR, as a pair.

use std::path::{Path, PathBuf};

use clap::Args;
use csrkit::csr::ParsedCsr;
use csrkit::files::{WriteOptions, commit_together, prepare};
use csrkit::keys::{KeyCipher, Password, PrivateKey};
use csrkit::request::{Csr, CsrRequest};
use csrkit::{Error, names::DistinguishedName};

use crate::Failure;
use crate::io::to_json;
use crate::text::{complain, esc, say};

/// Where the CSR (and a new key) go, shared by `generate` and `renew`.
#[derive(Args, Debug, Clone)]
pub(crate) struct OutputArgs {
    /// Where to write the CSR (`-` for standard output; default csr.pem).
    #[arg(long, value_name = "PATH")]
    pub(crate) csr_out: Option<PathBuf>,
    /// Overwrite existing files (a key and its CSR are replaced as a pair).
    #[arg(long)]
    pub(crate) force: bool,
    /// Print the inspection of the new CSR as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// How a new key is written: where, and how it is encrypted when a password is given.
#[derive(Args, Debug, Clone)]
pub(crate) struct NewKeyArgs {
    /// Where to write the new private key (PKCS#8 PEM, mode 0600).
    #[arg(long, value_name = "PATH")]
    pub(crate) key_out: Option<PathBuf>,
    /// How a key written with a password is encrypted: aes (PBKDF2-SHA256 + AES-256-CBC,
    /// OpenSSL) or sm4 (PBKDF2-HMAC-SM3 + SM4-CBC, GmSSL and Tongsuo).
    #[arg(long, value_parser = ["aes", "sm4"], value_name = "CIPHER")]
    pub(crate) key_cipher: Option<String>,
}

impl NewKeyArgs {
    pub(crate) fn key_out(&self) -> PathBuf {
        self.key_out
            .clone()
            .unwrap_or_else(|| PathBuf::from("key.pem"))
    }

    /// The cipher of new keys written with `password`; `Ok(None)` after saying the usage
    /// error of a `--key-cipher` with no password to encrypt with.
    pub(crate) fn cipher(&self, password: Option<&Password>) -> Result<Option<KeyCipher>, Failure> {
        let Some(name) = &self.key_cipher else {
            return Ok(Some(KeyCipher::default()));
        };
        if password.is_none() {
            complain!("--key-cipher needs a password (--key-password-file or --key-password-env)");
            return Ok(None);
        }
        Ok(Some(name.parse().map_err(Error::Request)?))
    }
}

impl OutputArgs {
    pub(crate) fn to_stdout(&self) -> bool {
        self.csr_out() == std::path::Path::new("-")
    }

    /// How the CSR is named in messages: its file, or "the CSR" on standard output.
    pub(crate) fn csr_text(&self) -> String {
        if self.to_stdout() {
            "the CSR".to_string()
        } else {
            self.csr_out().display().to_string()
        }
    }

    /// The CSR's path: `--csr-out`, or `csr.pem`.
    pub(crate) fn csr_out(&self) -> &Path {
        self.csr_out.as_deref().unwrap_or(Path::new("csr.pem"))
    }

    /// Refuses, before any key is made, files that exist (without `--force`), `--json`
    /// with `--csr-out -`, and an output that is one of the files read (`inputs`: the
    /// key, the certificate renewed) or the new key's own file.
    pub(crate) fn check(
        &self,
        key_out: Option<&Path>,
        inputs: &[&Path],
    ) -> Result<Option<i32>, Failure> {
        if self.to_stdout() && self.json {
            complain!("--json cannot be used with --csr-out -");
            return Ok(Some(2));
        }
        let outputs: Vec<&Path> = key_out
            .into_iter()
            .chain((!self.to_stdout()).then_some(self.csr_out()))
            .collect();
        for (i, out) in outputs.iter().enumerate() {
            for other in inputs.iter().chain(&outputs[..i]) {
                if same_file(out, other) {
                    complain!(
                        "{} would be written over {}: give another output path",
                        out.display(),
                        other.display()
                    );
                    return Ok(Some(2));
                }
            }
        }
        for path in key_out
            .into_iter()
            .chain((!self.to_stdout()).then_some(self.csr_out()))
        {
            if !self.force && std::fs::symlink_metadata(path).is_ok() {
                return Err(Failure::at(path, Error::Exists(path.to_path_buf())));
            }
        }
        Ok(None)
    }
}

/// A new key to write beside the CSR, encrypted with `password` when there is one;
/// `note` says with which (", encrypted with the input password: ...").
pub(crate) struct NewKey<'a> {
    pub(crate) path: PathBuf,
    pub(crate) args: &'a NewKeyArgs,
    pub(crate) password: Option<Password>,
    pub(crate) note: &'static str,
}

/// Writes the CSR (and the new key) as a pair, then prints the JSON or a line.
pub(crate) fn write(
    out: &OutputArgs,
    key: &PrivateKey,
    new_key: Option<NewKey<'_>>,
    request: &CsrRequest,
    csr: &Csr,
    quiet: bool,
) -> Result<i32, Failure> {
    let pem = csr.to_pem();
    let mut files = Vec::new();
    if let Some(nk) = &new_key {
        let password = nk.password.as_ref();
        let Some(cipher) = nk.args.cipher(password)? else {
            return Ok(2);
        };
        let key_pem = key.to_pem_with(password, cipher)?;
        let opts = WriteOptions {
            overwrite: out.force,
            ..WriteOptions::secret()
        };
        files.push(
            prepare(&nk.path, key_pem.as_bytes(), opts).map_err(|e| Failure::at(&nk.path, e))?,
        );
    }
    if !out.to_stdout() {
        let opts = WriteOptions {
            overwrite: out.force,
            ..WriteOptions::default()
        };
        files.push(
            prepare(out.csr_out(), pem.as_bytes(), opts)
                .map_err(|e| Failure::at(out.csr_out(), e))?,
        );
    }
    // Written and synced under temporary names first; then moved into place together:
    // both new, or (after any failure) both as they were.
    commit_together(files).map_err(Failure::from)?;
    if out.to_stdout() {
        print!("{pem}");
    }
    if out.json {
        // The CSR was just signed with `key` (and verified in debug builds): no second
        // signature check or key comparison.
        let info = ParsedCsr::from_der(csr.der())?.info_with(
            &csrkit::signature::Verification::Valid,
            true,
            None,
        )?;
        if request.usage_carried {
            // A renewal says which usages a new key could not keep.
            let mut v = serde_json::to_value(&info).map_err(|e| Error::ApiBody(e.to_string()))?;
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "DroppedUsages".into(),
                    serde_json::json!(request.dropped_usages),
                );
            }
            println!("{}", to_json(&v));
        } else {
            println!("{}", to_json(&info));
        }
    } else if !quiet {
        let key_text = match &new_key {
            Some(nk) => format!(
                "new {} key {} (mode 0600{})",
                key.public_key().key_type(),
                nk.path.display(),
                nk.note
            ),
            None => format!(
                "{} {} key",
                key.public_key().key_type(),
                key.public_key().key_size()
            ),
        };
        let line = format!(
            "{key_text}, CSR {} ({}, {})",
            if out.to_stdout() {
                "on standard output".to_string()
            } else {
                out.csr_out().display().to_string()
            },
            carried_text(request),
            subject_text(&request.subject),
        );
        if out.to_stdout() {
            eprintln!("{}", esc(&line));
        } else {
            say!("{line}");
        }
    }
    Ok(0)
}

/// Whether two paths name one file: the same device and inode when both exist, else the
/// same absolute path.
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    }
}

/// What the CSR asks for besides its subject: the usages carried over (and what a new
/// key could not keep), the SANs carried with a profile's usages, or a profile.
fn carried_text(request: &CsrRequest) -> String {
    if request.usage_carried {
        if request.dropped_usages.is_empty() {
            "SANs and usages carried over".to_string()
        } else {
            format!(
                "SANs and usages carried over, but not {}: the new key cannot have it",
                request.dropped_usages.join(", ")
            )
        }
    } else if request.carried.is_empty() {
        format!("{} profile", request.profile)
    } else {
        format!("SANs carried over, {} profile", request.profile)
    }
}

fn subject_text(dn: &DistinguishedName) -> String {
    if dn.is_empty() {
        "empty subject".to_string()
    } else {
        dn.subject_dn()
    }
}
