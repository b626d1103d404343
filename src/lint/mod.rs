//! Will the CA take it? Lint rules for CSRs and certificates, before anything is sent.
//!
//! [`lint`] runs every [`Rule`] of the table ([`rules`]) that applies to a CSR or a
//! certificate over the facts csrkit has already parsed, under one [`Profile`], and returns
//! a [`Finding`] for each problem: a stable id (`san.internal_name`), a [`Severity`], a
//! message that names the value (`printer.local is not under a public suffix`), the rule's
//! source (`BR 4.2.2`, `RFC 5280 4.2.1.6`, `Boulder`, `Alibaba UploadCsr`), and the name
//! of the same rule in zlint and pkilint where they have one.
//!
//! ```
//! use csrkit::{cert::Parsed, keys::{KeyAlgorithm, PrivateKey}, names::DistinguishedName,
//!              request::CsrRequest, sans::San};
//! use csrkit::lint::{lint, Profile, Severity};
//!
//! let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
//! let subject = DistinguishedName::builder().common_name("www.example.com").build()?;
//! let csr = CsrRequest::new(subject).san(San::parse("printer.local")?).sign(&key)?;
//! let item = Parsed::from_bytes(csr.der())?;
//!
//! let findings = lint(&item, &Profile::Cabf, csrkit::cert::now_ms());
//! let internal = findings.iter().find(|f| f.id == "san.internal_name").unwrap();
//! assert_eq!(internal.severity, Severity::Error);
//! assert_eq!(internal.message, "printer.local is not under a public suffix");
//! assert_eq!(internal.pkilint, Some("cabf.internal_domain_name"));
//! // The CN is not one of the SANs either.
//! assert!(findings.iter().any(|f| f.id == "subject.cn_not_in_san"));
//!
//! // A private CA takes internal names.
//! let private = lint(&item, &Profile::Private, csrkit::cert::now_ms());
//! assert!(!private.iter().any(|f| f.id == "san.internal_name"));
//! # Ok::<(), csrkit::Error>(())
//! ```
//!
//! # Profiles
//!
//! | profile | what it checks for | sources |
//! |---|---|---|
//! | `cabf` (the default) | a public TLS certificate | CA/Browser Forum TLS Baseline Requirements 2.2.6, RFC 5280 |
//! | `alibaba` | Alibaba Cloud CAS (UploadCsr, certificate requests): RSA 2048/3072/4096, P-256 or SM2; a CN that is a domain, in Punycode; O/OU/ST/L in UTF-8 | the CAS API pages for UploadCsr and CreateCsr, on top of `cabf` |
//! | `huawei` | Huawei Cloud CCM's private CA: RSA 2048/4096, EC P-256/P-384 or SM2; DNS or IPv4 SANs; CN of 1 to 64 characters; an RSA CSR without keyUsage (the CA then adds `digitalSignature keyAgreement`, wrong for RSA) | the CCM API pages (CreateCertificate, the CSR import), RFC 5280 |
//! | `letsencrypt` | Let's Encrypt's Boulder | Boulder `csr/csr.go`, `goodkey`, `policy/pa.go`: RSA 2048/3072/4096 with e = 65537, P-256 or P-384, SHA-2 PKCS#1 v1.5 or ECDSA signatures, no email or URI SAN, no IP address in the CN, at most 100 names, no Must-Staple |
//! | `private` | a private CA | RFC 5280 only: internal names and private addresses allowed |
//! | `gm` | SM2 with SM3 | GM/T 0015-2012 (certificate format), GM/T 0009-2012 (the SM2 default ID `1234567812345678`), GM/T 0010 |
//!
//! # Rules
//!
//! Every rule has an id `group.name` in one of the groups `key`, `sig`, `subject`, `san`,
//! `ext`, `validity`, `enc`, `gm`, one file per group; what it applies to (a CSR, a
//! certificate, or both); its severity under each profile (or off); its source; the
//! notBefore dates between which it is in force, where the rule has a date (a CSR's
//! notBefore is the moment it is linted: `now`); and the zlint lint and pkilint finding of
//! the same rule. Rules marked *subscriber* do not apply to a CA certificate (one whose
//! basicConstraints says `cA`); a CSR is always a subscriber's. The table, generated from
//! [`rules`], is in the crate's README and checked by its tests.
//!
//! Decided where the Baseline Requirements leave it open:
//! - a CSR is linted as the certificate a CA would make of it: extensions a CA adds
//!   (AIA, certificate policies, CRL distribution points, EKU) are not asked of a CSR;
//! - "reserved IP address" is the IANA IPv4 and IPv6 special-purpose registries as
//!   Python's `ipaddress` 3.11 reads them (what pkilint uses), an IPv4-mapped IPv6 address
//!   by its IPv4 address; multicast is not reserved there;
//! - "internal name" is a name whose last labels are no suffix of the Public Suffix List
//!   (both its ICANN and private sections, from the `psl` crate);
//! - the validity of a certificate is `notAfter − notBefore + 1 s`, as BR 6.3.2 counts it.

mod encoding;
mod extensions;
mod facts;
#[cfg(feature = "fs")]
mod files;
mod key;
mod san;
mod signature;
mod sm2;
mod subject;
mod validity;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::cert::Parsed;
use crate::csr::ParsedCsr;
use crate::error::Result;
use crate::signature::Verification;
pub(crate) use facts::Facts;
#[cfg(feature = "fs")]
pub use files::{DirLint, Linted, lint_contents, lint_dir, lint_file, lint_requests};
pub use key::{fermat, is_roca, small_factor};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing refuses it.
    Notice,
    /// Discouraged, or refused by some: fix it when you can.
    Warning,
    /// Refused: the CA (or a browser) will not take it.
    Error,
}

impl Severity {
    /// `error`, `warning`, `notice`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "notice" => Ok(Severity::Notice),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("{s:?} is not a severity: error, warning or notice")),
        }
    }
}

/// Whose rules: the CA the CSR is for, or the rules a certificate must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// The CA/Browser Forum TLS Baseline Requirements and RFC 5280 (public TLS).
    #[default]
    Cabf,
    /// Alibaba Cloud CAS.
    Alibaba,
    /// Huawei Cloud CCM's private CA.
    Huawei,
    /// Let's Encrypt (Boulder).
    LetsEncrypt,
    /// RFC 5280 only: a private CA.
    Private,
    /// SM2 with SM3 (GM/T 0015, GM/T 0009).
    Gm,
}

impl Profile {
    /// Every profile, in the order of [`Rule::severity`].
    pub const ALL: [Profile; 6] = [
        Profile::Cabf,
        Profile::Alibaba,
        Profile::Huawei,
        Profile::LetsEncrypt,
        Profile::Private,
        Profile::Gm,
    ];

    /// `cabf`, `alibaba`, `huawei`, `letsencrypt`, `private`, `gm`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Cabf => "cabf",
            Profile::Alibaba => "alibaba",
            Profile::Huawei => "huawei",
            Profile::LetsEncrypt => "letsencrypt",
            Profile::Private => "private",
            Profile::Gm => "gm",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.to_ascii_lowercase();
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == lower)
            .ok_or_else(|| {
                format!(
                    "{s:?} is not a lint profile: cabf, alibaba, huawei, letsencrypt, private or gm"
                )
            })
    }
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    /// CSRs only.
    Csr,
    /// Certificates only.
    Cert,
    /// Both.
    Both,
}

impl AppliesTo {
    /// `CSR`, `certificate`, `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            AppliesTo::Csr => "CSR",
            AppliesTo::Cert => "certificate",
            AppliesTo::Both => "both",
        }
    }
}

/// A calendar day (UTC), the start of a date-gated rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

impl Day {
    /// Milliseconds since the Unix epoch at 00:00:00 UTC that day.
    pub const fn ms(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        } as i64;
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468) * 86_400_000
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Severity levels per profile, in [`Profile::ALL`]'s order: cabf, alibaba, huawei,
/// letsencrypt, private, gm. `None`: the rule is off under that profile.
pub type Levels = [Option<Severity>; 6];

/// One lint rule: metadata and a check over the parsed facts.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable id, `group.name`.
    pub id: &'static str,
    /// CSR, certificate or both.
    pub applies_to: AppliesTo,
    /// Not for CA certificates.
    pub subscriber: bool,
    /// Severity per profile ([`Levels`]).
    pub severity: Levels,
    /// Where the rule comes from (`BR 4.2.2`, `RFC 5280 4.2.1.6`, `Boulder`, …).
    pub source: &'static str,
    /// In force for a notBefore on or after this day.
    pub effective: Option<Day>,
    /// In force for a notBefore before this day.
    pub until: Option<Day>,
    /// The zlint lint of the same rule.
    pub zlint: Option<&'static str>,
    /// The pkilint finding code of the same rule.
    pub pkilint: Option<&'static str>,
    /// What the rule asks, in a sentence.
    pub summary: &'static str,
    /// What to do about a finding.
    pub advice: &'static str,
    pub(crate) check: fn(&Facts<'_>, Profile) -> Vec<String>,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish()
    }
}

impl Rule {
    /// The rule's severity under `profile`, `None` when it is off.
    pub fn severity_for(&self, profile: Profile) -> Option<Severity> {
        self.severity[profile.index()]
    }

    /// The rule's metadata as data (what `--rules --json` prints).
    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            id: self.id,
            applies_to: self.applies_to.as_str(),
            subscriber: self.subscriber,
            severity: Profile::ALL
                .iter()
                .map(|p| (p.name(), self.severity_for(*p)))
                .collect(),
            source: self.source,
            effective: self.effective.map(|d| d.to_string()),
            until: self.until.map(|d| d.to_string()),
            zlint: self.zlint,
            pkilint: self.pkilint,
            summary: self.summary,
        }
    }

    /// The group, the part of the id before the dot.
    pub fn group(&self) -> &'static str {
        self.id.split('.').next().unwrap_or(self.id)
    }
}

/// A rule's metadata, serialisable.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleInfo {
    /// [`Rule::id`].
    pub id: &'static str,
    /// `CSR`, `certificate` or `both`.
    pub applies_to: &'static str,
    /// [`Rule::subscriber`].
    pub subscriber: bool,
    /// Severity per profile name (`null`: off).
    pub severity: std::collections::BTreeMap<&'static str, Option<Severity>>,
    /// [`Rule::source`].
    pub source: &'static str,
    /// [`Rule::effective`], `YYYY-MM-DD`.
    pub effective: Option<String>,
    /// [`Rule::until`], `YYYY-MM-DD`.
    pub until: Option<String>,
    /// [`Rule::zlint`].
    pub zlint: Option<&'static str>,
    /// [`Rule::pkilint`].
    pub pkilint: Option<&'static str>,
    /// [`Rule::summary`].
    pub summary: &'static str,
}

/// The groups of rule ids, in the table's order.
pub const GROUPS: [&str; 8] = [
    "key", "sig", "subject", "san", "ext", "validity", "enc", "gm",
];

/// Every rule, group by group.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    [
        key::RULES,
        signature::RULES,
        subject::RULES,
        san::RULES,
        extensions::RULES,
        validity::RULES,
        encoding::RULES,
        sm2::RULES,
    ]
    .into_iter()
    .flatten()
}

/// The rule of an id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules().find(|r| r.id == id)
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Finding {
    /// The rule's id.
    pub id: &'static str,
    /// Its severity under the profile linted with.
    pub severity: Severity,
    /// What is wrong, naming the value.
    pub message: String,
    /// The rule's source.
    pub source: &'static str,
    /// The zlint lint of the same rule.
    pub zlint: Option<&'static str>,
    /// The pkilint finding code of the same rule.
    pub pkilint: Option<&'static str>,
    /// What to do (not in the JSON).
    #[serde(skip)]
    pub advice: &'static str,
}

/// What a CSR must pass before it is written: linted under `profile`; refused, when
/// `refuse`, by any error-level finding whose id is not in `allow`.
///
/// ```
/// use csrkit::keys::{KeyAlgorithm, PrivateKey};
/// use csrkit::lint::{Gate, Profile};
/// use csrkit::{names::DistinguishedName, request::CsrRequest, sans::San};
/// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
/// let subject = DistinguishedName::builder().common_name("printer.local").build()?;
/// let csr = CsrRequest::new(subject).san(San::parse("printer.local")?).sign(&key)?;
/// let csr = csrkit::cert::Parsed::from_bytes(csr.der())?;
/// let mut gate = Gate { profile: Profile::Cabf, refuse: true, allow: Vec::new() };
/// let (findings, refused) = gate.judge(&csr, csrkit::cert::now_ms());
/// assert!(findings.iter().any(|f| f.id == "san.internal_name"));
/// assert!(refused.contains(&"san.internal_name"));
/// gate.allow = refused.iter().map(|id| id.to_string()).collect();
/// assert!(gate.judge(&csr, csrkit::cert::now_ms()).1.is_empty());
/// # Ok::<(), csrkit::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Gate {
    /// The profile linted with.
    pub profile: Profile,
    /// Whether an error-level finding refuses the CSR (else findings are only said).
    pub refuse: bool,
    /// Rule ids whose errors do not refuse.
    pub allow: Vec<String>,
}

impl Gate {
    /// The error-level findings of `findings` that refuse (none unless `refuse`).
    pub fn refusing(&self, findings: &[Finding]) -> Vec<&'static str> {
        if !self.refuse {
            return Vec::new();
        }
        findings
            .iter()
            .filter(|f| f.severity == Severity::Error && !self.allow.iter().any(|a| a == f.id))
            .map(|f| f.id)
            .collect()
    }

    /// `item` linted, and the ids that refuse it.
    pub fn judge(&self, item: &Parsed, now: i64) -> (Vec<Finding>, Vec<&'static str>) {
        let findings = lint(item, &self.profile, now);
        let refusing = self.refusing(&findings);
        (findings, refusing)
    }

    /// A CSR csrkit has just signed ([`crate::request::CsrRequest::sign`]) linted
    /// without checking its own signature again ([`lint_checked_csr`]), and the ids that
    /// refuse it.
    pub fn judge_new(
        &self,
        csr: &crate::request::Csr,
        now: i64,
    ) -> Result<(Vec<Finding>, Vec<&'static str>)> {
        let parsed = ParsedCsr::from_der(csr.der())?;
        let findings = lint_checked_csr(&parsed, Verification::Valid, &self.profile, now);
        let refusing = self.refusing(&findings);
        Ok((findings, refusing))
    }
}

/// The findings of every rule that applies to `item` under `profile`, in the table's
/// order. `now` (ms since the Unix epoch) is a CSR's would-be notBefore, for the rules
/// with a date, and the moment a certificate's expiry is judged against.
pub fn lint(item: &Parsed, profile: &Profile, now: i64) -> Vec<Finding> {
    let facts = Facts::of(item, now);
    lint_facts(&facts, *profile)
}

/// [`lint`] of a CSR whose self-signature the caller has checked already, or has just
/// made with the key whose public half the CSR carries: `self_signature` stands for that
/// check, which is not done again (an ECDSA verification costs more than the signature).
///
/// ```
/// use csrkit::{csr::ParsedCsr, keys::{KeyAlgorithm, PrivateKey}, lint::{Profile, lint_checked_csr},
///              names::DistinguishedName, request::CsrRequest, sans::San, signature::Verification};
/// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
/// let subject = DistinguishedName::builder().common_name("www.example.com").build()?;
/// let csr = CsrRequest::new(subject).san(San::parse("www.example.com")?).sign(&key)?;
/// let parsed = ParsedCsr::from_der(csr.der())?;
/// let findings = lint_checked_csr(&parsed, Verification::Valid, &Profile::Cabf, csrkit::cert::now_ms());
/// assert_eq!(findings, csrkit::lint::lint(&parsed.into(), &Profile::Cabf, csrkit::cert::now_ms()));
/// # Ok::<(), csrkit::Error>(())
/// ```
pub fn lint_checked_csr(
    csr: &ParsedCsr,
    self_signature: Verification,
    profile: &Profile,
    now: i64,
) -> Vec<Finding> {
    lint_facts(&Facts::of_csr_with(csr, now, self_signature), *profile)
}

pub(crate) fn lint_facts(facts: &Facts<'_>, profile: Profile) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in rules() {
        let applies = match rule.applies_to {
            AppliesTo::Both => true,
            AppliesTo::Csr => facts.is_csr(),
            AppliesTo::Cert => !facts.is_csr(),
        };
        if !applies || (rule.subscriber && facts.is_ca) {
            continue;
        }
        let Some(severity) = rule.severity_for(profile) else {
            continue;
        };
        if rule.effective.is_some_and(|d| facts.issued_at < d.ms())
            || rule.until.is_some_and(|d| facts.issued_at >= d.ms())
        {
            continue;
        }
        for message in (rule.check)(facts, profile) {
            out.push(Finding {
                id: rule.id,
                severity,
                message,
                source: rule.source,
                zlint: rule.zlint,
                pkilint: rule.pkilint,
                advice: rule.advice,
            });
        }
    }
    out
}

/// The known-weak-key rules an RSA key breaks, by id: `key.rsa_exponent_invalid` (even,
/// or under 3), `key.rsa_small_factor` (a prime factor under 752), `key.rsa_fermat`
/// (Fermat's method factors it within 100 rounds), `key.rsa_roca` (the ROCA fingerprint);
/// none for an EC key.
///
/// ```
/// use csrkit::keys::{KeyAlgorithm, PrivateKey};
/// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
/// assert!(csrkit::lint::known_weak(key.public_key()).is_empty());
/// # Ok::<(), csrkit::Error>(())
/// ```
pub fn known_weak(key: &crate::keys::PublicKey) -> Vec<&'static str> {
    let Some((n, e)) = key.rsa_parts() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let e = num_bigint::BigUint::from_bytes_be(e);
    if !e.bit(0) || e < num_bigint::BigUint::from(3u32) {
        out.push("key.rsa_exponent_invalid");
    }
    if small_factor(n).is_some() {
        out.push("key.rsa_small_factor");
    }
    if fermat(n, 100).is_some() {
        out.push("key.rsa_fermat");
    }
    if is_roca(n) {
        out.push("key.rsa_roca");
    }
    out
}

/// The worst severity among `findings`.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}

/// The rule table as Markdown (id, applies to, severity per profile, source, dates,
/// zlint, pkilint): what the README shows.
pub fn table_markdown() -> String {
    let mut s = String::from(
        "| id | applies to | cabf | alibaba | huawei | letsencrypt | private | gm | source | notBefore | zlint | pkilint |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rules() {
        let levels: Vec<&str> = Profile::ALL
            .iter()
            .map(|p| r.severity_for(*p).map_or("off", Severity::as_str))
            .collect();
        let dates = match (r.effective, r.until) {
            (Some(a), Some(b)) => format!("{a} to {b}"),
            (Some(a), None) => format!("from {a}"),
            (None, Some(b)) => format!("before {b}"),
            (None, None) => String::new(),
        };
        let applies = if r.subscriber {
            format!("{} (subscriber)", r.applies_to.as_str())
        } else {
            r.applies_to.as_str().to_string()
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.id,
            applies,
            levels[0],
            levels[1],
            levels[2],
            levels[3],
            levels[4],
            levels[5],
            r.source,
            dates,
            r.zlint.map(|z| format!("`{z}`")).unwrap_or_default(),
            r.pkilint.map(|z| format!("`{z}`")).unwrap_or_default(),
        ));
    }
    s
}

/// Severity shorthands for the rule tables.
pub(crate) mod lv {
    use super::Severity;
    pub const E: Option<Severity> = Some(Severity::Error);
    pub const W: Option<Severity> = Some(Severity::Warning);
    pub const N: Option<Severity> = Some(Severity::Notice);
    pub const O: Option<Severity> = None;
}

/// A rule with the defaults of the tables (both kinds, not subscriber-only, no dates,
/// no peer names); each table entry says what differs.
pub(crate) const BASE: Rule = Rule {
    id: "",
    applies_to: AppliesTo::Both,
    subscriber: false,
    severity: [None; 6],
    source: "",
    effective: None,
    until: None,
    zlint: None,
    pkilint: None,
    summary: "",
    advice: "",
    check: |_, _| Vec::new(),
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_table_is_sound() {
        let mut ids = HashSet::new();
        for r in rules() {
            assert!(ids.insert(r.id), "{} twice", r.id);
            let (group, name) = r.id.split_once('.').expect("group.name");
            assert!(GROUPS.contains(&group), "{}: unknown group", r.id);
            assert!(
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{}",
                r.id
            );
            assert!(!r.source.is_empty(), "{}: no source", r.id);
            assert!(!r.summary.is_empty(), "{}: no summary", r.id);
            assert!(!r.advice.is_empty(), "{}: no advice", r.id);
            assert!(
                r.severity.iter().any(Option::is_some),
                "{}: off everywhere",
                r.id
            );
            if let (Some(a), Some(b)) = (r.effective, r.until) {
                assert!(a.ms() < b.ms(), "{}", r.id);
            }
            if let Some(z) = r.zlint {
                assert!(
                    z.starts_with("e_") || z.starts_with("w_") || z.starts_with("n_"),
                    "{z}"
                );
            }
            if let Some(p) = r.pkilint {
                assert!(p.starts_with("cabf.") || p.starts_with("pkix."), "{p}");
            }
        }
        // Groups appear in the table's order, each at least once.
        let order: Vec<&str> = rules().map(Rule::group).collect();
        let mut dedup = order.clone();
        dedup.dedup();
        assert_eq!(dedup, GROUPS);
    }

    #[test]
    fn days() {
        // `date -u -d 2026-03-15 +%s`
        assert_eq!(
            Day {
                year: 2026,
                month: 3,
                day: 15
            }
            .ms(),
            1_773_532_800_000
        );
        assert_eq!(
            Day {
                year: 1970,
                month: 1,
                day: 1
            }
            .ms(),
            0
        );
        assert_eq!(
            Day {
                year: 2020,
                month: 9,
                day: 1
            }
            .ms(),
            1_598_918_400_000
        );
    }
}
