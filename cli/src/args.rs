//! Flags that several commands share: the key password and the subject.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use csrkit::Error;
use csrkit::keys::Password;
use csrkit::names::{DistinguishedName, DnBuilder};
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;

use crate::Failure;

#[derive(Args, Debug, Clone, Default)]
pub(crate) struct PasswordArgs {
    /// Read a password from the first line of this file (`-`: standard input), for encrypted
    /// keys and PKCS#12 bundles; repeatable: each file is tried with each password.
    #[arg(long, value_name = "FILE")]
    pub(crate) key_password_file: Vec<PathBuf>,
    /// Read a password from this environment variable; repeatable.
    #[arg(long, value_name = "VAR")]
    pub(crate) key_password_env: Vec<String>,
    /// The passwords once read: a command that opens several files reads each source
    /// once (a pipe such as `<(pass show key)` gives it only once).
    #[arg(skip)]
    read: std::sync::OnceLock<Vec<Password>>,
    /// The password source with the prompt, made once: an answer that opened one file is
    /// tried on the next before asking again.
    #[arg(skip)]
    prompting: std::sync::OnceLock<csrkit::keys::Passwords>,
}

impl PasswordArgs {
    /// Every password given, in order (files, then variables); each source read on the
    /// first call only; zeroized on drop.
    pub(crate) fn all(&self) -> Result<Vec<Password>, Failure> {
        if let Some(p) = self.read.get() {
            return Ok(p.clone());
        }
        let mut out = Vec::new();
        for f in &self.key_password_file {
            if let Some(mut raw) = read_password(
                Some(f.as_path()),
                None,
                ("--key-password-file", "--key-password-env"),
            )? {
                out.push(Password::new(std::mem::take(&mut *raw)));
            }
        }
        for v in &self.key_password_env {
            if let Some(mut raw) = read_password(
                None,
                Some(v.as_str()),
                ("--key-password-file", "--key-password-env"),
            )? {
                out.push(Password::new(std::mem::take(&mut *raw)));
            }
        }
        Ok(self.read.get_or_init(|| out).clone())
    }

    /// The first password, for a command that opens one file (the others are tried by
    /// [`PasswordArgs::passwords`] in folder commands).
    pub(crate) fn password(&self) -> Result<Option<Password>, Failure> {
        Ok(self.all()?.into_iter().next())
    }

    /// Every password, as the library's password source of a folder call.
    pub(crate) fn passwords(&self) -> Result<csrkit::keys::Passwords, Failure> {
        Ok(csrkit::keys::Passwords::new(self.all()?))
    }

    /// [`PasswordArgs::passwords`], and, when no password option was given and standard
    /// input is a terminal, a prompt (no echo) for a file that needs a password, as
    /// OpenSSL asks: for the commands that must open a key to do their work. An empty
    /// answer skips the file; an answer that opened a file is tried on the next first
    /// ([`csrkit::keys::Passwords::with_prompt`]).
    pub(crate) fn passwords_or_prompt(&self) -> Result<csrkit::keys::Passwords, Failure> {
        use std::io::IsTerminal;
        if self.given() || !std::io::stdin().is_terminal() {
            return self.passwords();
        }
        Ok(self
            .prompting
            .get_or_init(|| csrkit::keys::Passwords::none().with_prompt(prompt_for))
            .clone())
    }

    /// True when a password option was given.
    pub(crate) fn given(&self) -> bool {
        !self.key_password_file.is_empty() || !self.key_password_env.is_empty()
    }
}

/// The password of the `.pfx` that `csrkit pkcs12` writes (required).
#[derive(Args, Debug, Clone)]
#[group(required = true, multiple = false)]
pub(crate) struct PfxPasswordArgs {
    /// Read the bundle's password from the first line of this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) pfx_password_file: Option<PathBuf>,
    /// Read the bundle's password from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub(crate) pfx_password_env: Option<String>,
}

impl PfxPasswordArgs {
    pub(crate) fn password(&self) -> Result<Password, Failure> {
        read_one(
            self.pfx_password_file.as_deref(),
            self.pfx_password_env.as_deref(),
            ("--pfx-password-file", "--pfx-password-env"),
        )?
        .ok_or_else(|| {
            Failure::said(
                "--pfx-password-file/--pfx-password-env",
                "a password is needed",
            )
        })
    }
}

/// Asks the terminal for `path`'s password (the library asks one file at a time); `None`
/// for an empty answer or a terminal that cannot be read.
fn prompt_for(path: &std::path::Path) -> Option<Password> {
    let name = crate::text::path(path);
    let answer =
        rpassword::prompt_password(format!("Password for {name} (Enter to skip): ")).ok()?;
    let answer = Password::from(answer);
    (!answer.as_bytes().is_empty()).then_some(answer)
}

/// A password from a file's first line or an environment variable (`flags`: the two
/// options, for errors); `None` when neither is given.
pub(crate) fn read_one(
    file: Option<&std::path::Path>,
    env: Option<&str>,
    flags: (&str, &str),
) -> Result<Option<Password>, Failure> {
    Ok(read_password(file, env, flags)?.map(|mut raw| Password::new(std::mem::take(&mut *raw))))
}

/// A password from the first line of a file (as OpenSSL's `file:` source reads it) or
/// from an environment variable; zeroized on drop. `flags`: the two options, for errors.
fn read_password(
    file: Option<&std::path::Path>,
    env: Option<&str>,
    flags: (&str, &str),
) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, Failure> {
    let raw = if let Some(path) = file {
        // At most 4 KiB: a password file, not /dev/zero.
        // Sized for the whole read at once: no reallocation leaves a copy behind.
        let mut buf = Vec::with_capacity(4097);
        if path.as_os_str() == "-" {
            std::io::stdin()
                .lock()
                .take(4096)
                .read_to_end(&mut buf)
                .map_err(|e| Failure::at(path, Error::io("standard input", e)))?;
        } else {
            std::fs::File::open(path)
                .and_then(|f| f.take(4096).read_to_end(&mut buf))
                .map_err(|e| Failure::at(path, Error::io(path, e)))?;
        }
        let bytes = zeroize::Zeroizing::new(buf);
        let line = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        zeroize::Zeroizing::new(line.to_vec())
    } else if let Some(var) = env {
        let value = std::env::var_os(var).ok_or_else(|| {
            Failure::said(
                format!("{} {var}", flags.1),
                format!(
                    "the environment variable {var} is not set: export it with the password, \
                     or give {}",
                    flags.0
                ),
            )
        })?;
        zeroize::Zeroizing::new(value.into_encoded_bytes())
    } else {
        return Ok(None);
    };
    if raw.is_empty() {
        return Err(match file {
            Some(path) => Failure::said(
                format!("{} {}", flags.0, path.display()),
                "the password (the file's first line) is empty: write the password on \
                 the first line, or leave the option out for a key or bundle with no password",
            ),
            None => Failure::said(
                format!("{} {}", flags.1, env.unwrap_or("")),
                "the password is empty: set the variable to the password, or leave the \
                 option out for a key or bundle with no password",
            ),
        });
    }
    Ok(Some(raw))
}

/// The extension flags of `generate` and `renew` (for `renew` they replace what the
/// certificate carried).
#[derive(Args, Debug, Clone)]
pub(crate) struct ExtensionArgs {
    /// Subject alternative name (dns:, email:, uri:, ip: or bare); repeatable.
    #[arg(long)]
    pub(crate) san: Vec<String>,
    /// Extension profile (keyUsage, extKeyUsage, basicConstraints).
    #[arg(long, value_parser = ["server", "client", "ca"])]
    pub(crate) profile: Option<String>,
}

impl ExtensionArgs {
    /// `request` with these SANs and this profile.
    pub(crate) fn apply(&self, mut request: CsrRequest) -> Result<CsrRequest, Failure> {
        for s in &self.san {
            request = request.san(San::parse(s).map_err(|e| Failure::flag("--san", e))?);
        }
        if let Some(p) = &self.profile {
            request = request.profile(p.parse::<Profile>().map_err(Error::Request)?);
        }
        Ok(request)
    }
}

/// Subject flags shared by `generate` and `batch`.
#[derive(Args, Debug, Clone)]
pub(crate) struct DnArgs {
    /// Common name (CN). Default: localhost.
    #[arg(long)]
    pub(crate) cn: Option<String>,
    /// Country (C): two letters A-Z.
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// State or province (ST).
    #[arg(long)]
    pub(crate) state: Option<String>,
    /// Locality (L).
    #[arg(long)]
    pub(crate) locality: Option<String>,
    /// Organization (O).
    #[arg(long)]
    pub(crate) org: Option<String>,
    /// Organizational unit (OU); repeatable.
    #[arg(long)]
    pub(crate) ou: Vec<String>,
    /// emailAddress (after CN, IA5String).
    #[arg(long)]
    pub(crate) email: Option<String>,
}

/// The flag that sets a subject attribute, for an error about its value.
pub(crate) fn dn_flag(field: &str) -> Option<&'static str> {
    Some(match field {
        "C" => "--country",
        "ST" => "--state",
        "L" => "--locality",
        "O" => "--org",
        "OU" => "--ou",
        "CN" => "--cn",
        "emailAddress" => "--email",
        _ => return None,
    })
}

/// A library error about the subject or SAN flags, named by its flag.
pub(crate) fn dn_failure(e: Error) -> Failure {
    let flag = match &e {
        Error::InvalidName { field, .. } => dn_flag(field),
        Error::InvalidSan { .. } => Some("--san"),
        _ => None,
    };
    match flag {
        Some(flag) => Failure::flag(flag, e),
        None => Failure::from(e),
    }
}

impl DnArgs {
    /// The subject without its CN.
    pub(crate) fn builder_without_cn(&self) -> DnBuilder {
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
        if let Some(v) = &self.email {
            dn = dn.email_address(v);
        }
        dn
    }

    pub(crate) fn cn(&self) -> String {
        self.cn.clone().unwrap_or_else(|| "localhost".to_string())
    }
}

/// Linting what a command makes (`generate`, `batch`, `renew`): the findings are said on
/// stderr; with `--lint-profile` given, an error-level finding refuses the CSR unless
/// `--allow-lint` names it.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct LintGateArgs {
    /// Lint the CSR with these rules (cabf, alibaba, huawei, letsencrypt, private, gm) and
    /// refuse it on an error-level finding. Without it: cabf, and nothing is refused.
    #[arg(long, value_name = "PROFILE", value_parser = crate::commands::lint::parse_profile)]
    pub(crate) lint_profile: Option<csrkit::lint::Profile>,
    /// Let this lint error through (its id, e.g. san.internal_name); repeatable.
    #[arg(long, value_name = "ID", value_parser = parse_lint_id)]
    pub(crate) allow_lint: Vec<String>,
}

impl LintGateArgs {
    /// A lint rule id, checked against the table.
    pub(crate) fn parse_id(s: &str) -> Result<String, String> {
        parse_lint_id(s)
    }
}

fn parse_lint_id(s: &str) -> Result<String, String> {
    match csrkit::lint::rule(s) {
        Some(_) => Ok(s.to_string()),
        None => Err(format!(
            "{s:?} is not a lint rule id (csrkit lint --rules lists them)"
        )),
    }
}

impl LintGateArgs {
    /// The library's gate: the profile given (else cabf), refusing only when one was
    /// given, with the ids allowed.
    pub(crate) fn gate(&self) -> csrkit::lint::Gate {
        csrkit::lint::Gate {
            profile: self.profile_or(csrkit::lint::Profile::Cabf),
            refuse: self.lint_profile.is_some(),
            allow: self.allow_lint.clone(),
        }
    }

    /// The profile linted with: the one given, else `default`.
    pub(crate) fn profile_or(&self, default: csrkit::lint::Profile) -> csrkit::lint::Profile {
        self.lint_profile.unwrap_or(default)
    }

    /// A CSR csrkit has just signed, linted by the library's gate
    /// ([`csrkit::lint::Gate::judge_new`]: its own signature not checked again): refused
    /// (every finding said, nothing to be written) as [`LintGateArgs::check`] refuses, else
    /// its findings, to be said once it is written.
    pub(crate) fn judge_new(
        &self,
        what: &str,
        csr: &csrkit::request::Csr,
    ) -> Result<Vec<csrkit::lint::Finding>, Failure> {
        let gate = self.gate();
        let (findings, refusing) = gate.judge_new(csr, csrkit::cert::now_ms())?;
        refuse(what, &findings, &refusing)?;
        Ok(findings)
    }

    /// Refuses `findings` of `what` when `refuse` and an error-level finding is not
    /// allowed: every finding is said then, and nothing is to be written.
    pub(crate) fn check(
        &self,
        what: &str,
        findings: &[csrkit::lint::Finding],
        refuse: bool,
    ) -> Result<(), Failure> {
        let gate = csrkit::lint::Gate {
            refuse,
            ..self.gate()
        };
        self::refuse(what, findings, &gate.refusing(findings))
    }
}

/// The refusal of `what` for the error findings `blocking` (none: not refused).
fn refuse(
    what: &str,
    findings: &[csrkit::lint::Finding],
    blocking: &[&str],
) -> Result<(), Failure> {
    if blocking.is_empty() {
        return Ok(());
    }
    say_findings(what, findings);
    Err(Failure::said(
        what,
        format!(
            "refused: {} lint error(s); nothing written (--allow-lint {} lets it through)",
            blocking.len(),
            blocking.join(" --allow-lint ")
        ),
    ))
}

/// Says `findings` of `what` on stderr, one line each, with what to do.
pub(crate) fn say_findings(what: &str, findings: &[csrkit::lint::Finding]) {
    for f in findings {
        crate::text::complain!(
            "{what}: lint {} {}: {} ({}); {}",
            f.severity,
            f.id,
            f.message,
            f.source,
            f.advice
                .replace("the private profile", "--lint-profile private")
        );
    }
}

/// `--at DATE` of every command: [`csrkit::cert::moment_from_text`].
pub(crate) fn parse_moment(s: &str) -> Result<i64, String> {
    csrkit::cert::moment_from_text(s).map_err(|e| e.to_string())
}

/// The findings of a CSR file whose self-signature was checked already (by
/// `UploadCsrRequest::checked`), linted now without checking it again.
pub(crate) fn lint_checked_csr(
    der: &[u8],
    profile: csrkit::lint::Profile,
) -> Result<Vec<csrkit::lint::Finding>, Failure> {
    let csr = csrkit::csr::ParsedCsr::from_bytes(der)?;
    Ok(csrkit::lint::lint_checked_csr(
        &csr,
        csrkit::signature::Verification::Valid,
        &profile,
        csrkit::cert::now_ms(),
    ))
}
