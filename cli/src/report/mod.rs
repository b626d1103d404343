//! The report of a fleet: one self-contained HTML page of the certificates under some
//! folders.
//!
//! [`collect`] reads the folders with the library's inventory ([`csrkit::inventory::scan`]:
//! the certificates, the private keys found beside them, the files skipped or locked) and
//! merges the copies of a certificate (same SHA-256 of the DER) into one [`Row`].
//! [`render`] lays the rows out: a summary, an SVG expiry timeline by issuer, counts by
//! algorithm and by issuer, the renew commands for what is due, and the table. The page
//! loads nothing: inline CSS and SVG, a Content-Security-Policy that allows only its own
//! small script (by hash), and every value from a file escaped by the template engine
//! (`maud`), after control characters and bidirectional overrides are shown escaped
//! ([`crate::escape::esc`]).
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! let opts = csrkit_cli::report::ReportOptions::new(vec![dir.path().to_path_buf()]);
//! let html = csrkit_cli::report::render_report(&opts)?;
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("0 certificates"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod page;
mod svg;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use csrkit::Error;
use csrkit::cert::Parsed;
use csrkit::inventory::{ListOptions, scan};
use csrkit::keys::{KeyType, Passwords, PublicKey};
use csrkit::names::{Attribute, joined, subject_dn};

/// One day in milliseconds.
pub(crate) const DAY_MS: i64 = 86_400_000;

/// The days a certificate is "due" for the renew commands (`renew DIR --expiring 30`).
pub const RENEW_WITHIN_DAYS: i64 = 30;

/// The lint profiles a report may name (`--profile`), `cabf` first (the default).
pub const PROFILES: [&str; 6] = ["cabf", "alibaba", "huawei", "letsencrypt", "private", "gm"];

/// What to report on, and when "now" is.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The folders, walked as `list --certs` walks one.
    pub folders: Vec<PathBuf>,
    /// The lint profile, one of [`PROFILES`].
    pub profile: String,
    /// "Now", ms since the Unix epoch: days left and what is due count from it.
    pub now_ms: i64,
    /// The passwords that open encrypted keys and PKCS#12 bundles under the folders, each
    /// tried in turn.
    pub passwords: Passwords,
    /// Arguments repeated in the renew commands shown (the password options given, so
    /// that the command opens the same keys), already split into words.
    pub renew_args: Vec<String>,
}

impl ReportOptions {
    /// The folders, the `cabf` profile, now, no password.
    pub fn new(folders: Vec<PathBuf>) -> Self {
        ReportOptions {
            folders,
            profile: PROFILES[0].to_string(),
            now_ms: csrkit::cert::now_ms(),
            passwords: Passwords::none(),
            renew_args: Vec::new(),
        }
    }
}

/// One certificate (all its copies).
#[derive(Debug, Clone)]
pub struct Row {
    /// SHA-256 of the DER, lowercase hex: what makes copies one row.
    pub sha2: String,
    /// The subject CN, when it has one.
    pub common_name: Option<String>,
    /// The subject DN, for a certificate without CN.
    pub subject_dn: String,
    /// The SAN values.
    pub sans: Vec<String>,
    /// The issuer's CN, or its DN when it has none.
    pub issuer: String,
    /// The issuer's DN, which groups the timeline's rows.
    pub issuer_dn: String,
    /// notAfter, ms since the Unix epoch.
    pub not_after: i64,
    /// ⌊(notAfter − now) / 1 day⌋: negative once expired.
    pub days_left: i64,
    /// The key's family.
    pub algorithm: KeyType,
    /// Modulus bits or curve size.
    pub key_size: u32,
    /// The private key's file, when one under the folders matches.
    pub key_file: Option<PathBuf>,
    /// Every file that holds it: the path, and the certificate's place in the file
    /// (`None` for the first, `Some(2)` for a bundle's second, …).
    pub files: Vec<(PathBuf, Option<usize>)>,
    /// Lint (errors, warnings) with the report's profile; `None` when not linted.
    pub lint: Option<(usize, usize)>,
    /// A CA certificate (basicConstraints cA): `renew DIR` leaves it to its owner.
    pub ca: bool,
}

impl Row {
    /// How the row is named on the page: the CN, else the subject DN.
    pub fn title(&self) -> &str {
        self.common_name.as_deref().unwrap_or(&self.subject_dn)
    }

    /// The first file, as shown: `path` or `path#2`.
    pub fn first_file(&self) -> String {
        self.files
            .first()
            .map(|(p, n)| file_text(p, *n))
            .unwrap_or_default()
    }

    /// Only chain certificates of bundles (no file has it first): `renew DIR` leaves
    /// those to their issuer.
    pub fn chain_only(&self) -> bool {
        self.files.iter().all(|(_, n)| n.is_some())
    }
}

/// A file as the page shows it: `path`, or `path#N` for a bundle's N-th certificate.
pub(crate) fn file_text(path: &Path, place: Option<usize>) -> String {
    match place {
        Some(n) => format!("{}#{n}", path.display()),
        None => path.display().to_string(),
    }
}

/// The counts of the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Certificates (copies counted once).
    pub certificates: usize,
    /// Past their notAfter.
    pub expired: usize,
    /// Not expired, notAfter within 7 days.
    pub due_7: usize,
    /// Not expired, notAfter within 30 days (the 7 days' included).
    pub due_30: usize,
    /// Not expired, notAfter within 90 days (the 30 days' included).
    pub due_90: usize,
    /// Without a private key found under the folders.
    pub without_key: usize,
    /// Encrypted keys and PKCS#12 bundles that stayed locked (no password, or another).
    pub locked: usize,
    /// Certificates with a lint error; `None` when not linted.
    pub lint_errors: Option<usize>,
}

/// What [`collect`] read: the rows, soonest notAfter first, and what it could not use.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// One row per certificate, by notAfter, then title, then SHA-256.
    pub rows: Vec<Row>,
    /// The counts.
    pub summary: Summary,
    /// Files that were neither certificates nor keys (CSRs among them).
    pub skipped: usize,
    /// Files that could not be read or used (malformed, unsupported), with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
    /// The options it was made with.
    pub options: ReportOptions,
}

/// Lint of one certificate with `profile`: (errors, warnings), or `None` when it was
/// not linted. The one place lint enters the report: the column and the summary follow
/// what it returns.
fn lint_counts(
    cert: &csrkit::cert::ParsedCert,
    profile: &str,
    now_ms: i64,
) -> Option<(usize, usize)> {
    use csrkit::lint::Severity;
    let profile: csrkit::lint::Profile = profile.parse().ok()?;
    let findings = csrkit::lint::lint(&csrkit::cert::Parsed::Cert(cert.clone()), &profile, now_ms);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    Some((count(Severity::Error), count(Severity::Warning)))
}

/// Reads the folders (see the module documentation).
pub fn collect(opts: &ReportOptions) -> Result<ReportData, Error> {
    if !PROFILES.contains(&opts.profile.as_str()) {
        return Err(Error::Request(format!(
            "unknown profile {:?} ({})",
            opts.profile,
            PROFILES.join(", ")
        )));
    }
    let list = ListOptions {
        certs: true,
        verify: false,
        passwords: opts.passwords.clone(),
        now_ms: opts.now_ms,
        ..ListOptions::default()
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut by_sha2: HashMap<String, usize> = HashMap::new();
    let mut keys_of_rows: Vec<PublicKey> = Vec::new();
    let mut keys: HashMap<PublicKey, PathBuf> = HashMap::new();
    let (mut skipped, mut locked) = (0usize, 0usize);
    let mut unreadable = Vec::new();
    for folder in &opts.folders {
        let found = scan(
            folder,
            &list,
            |_| {},
            |parsed, name, path| {
                let Parsed::Cert(cert) = parsed else { return };
                let place = name
                    .rsplit_once('#')
                    .and_then(|(_, n)| n.parse::<usize>().ok());
                let sha2 = csrkit::fingerprint::sha256_hex(cert.der());
                if let Some(&i) = by_sha2.get(&sha2) {
                    // A folder named twice (or inside another) lists a file once.
                    let file = (path.to_path_buf(), place);
                    if !rows[i].files.contains(&file) {
                        rows[i].files.push(file);
                    }
                    return;
                }
                let not_after = cert.validity_ms().1;
                let issuer_cn = joined(cert.issuer(), Attribute::CommonName);
                let issuer_dn = subject_dn(cert.issuer());
                let key = cert.public_key();
                by_sha2.insert(sha2.clone(), rows.len());
                keys_of_rows.push(key.clone());
                rows.push(Row {
                    sha2,
                    common_name: joined(cert.subject(), Attribute::CommonName),
                    subject_dn: subject_dn(cert.subject()),
                    sans: cert.sans().iter().map(|s| s.value.clone()).collect(),
                    issuer: issuer_cn.unwrap_or_else(|| issuer_dn.clone()),
                    issuer_dn,
                    not_after,
                    days_left: csrkit::cert::days_left(not_after, opts.now_ms),
                    algorithm: key.key_type(),
                    key_size: key.key_size(),
                    key_file: None,
                    files: vec![(path.to_path_buf(), place)],
                    lint: lint_counts(&cert, &opts.profile, opts.now_ms),
                    ca: cert.is_ca(),
                });
            },
        )?;
        for (k, p) in found.keys {
            keys.entry(k).or_insert(p);
        }
        for (path, problem) in found.problems {
            use csrkit::problem::ProblemKind;
            match problem.kind() {
                ProblemKind::Locked => locked += 1,
                ProblemKind::Unreadable | ProblemKind::Malformed | ProblemKind::Unsupported => {
                    unreadable.push((path, problem.to_string()))
                }
                ProblemKind::KeyMatchesNothing => {}
                _ => skipped += 1,
            }
        }
    }
    for (row, key) in rows.iter_mut().zip(&keys_of_rows) {
        row.key_file = keys.get(key).cloned();
    }
    rows.sort_by(|a, b| {
        a.not_after
            .cmp(&b.not_after)
            .then_with(|| a.title().cmp(b.title()))
            .then_with(|| a.sha2.cmp(&b.sha2))
    });
    let summary = summarize(&rows, locked, opts.now_ms);
    Ok(ReportData {
        rows,
        summary,
        skipped,
        unreadable,
        options: opts.clone(),
    })
}

/// The summary's counts; "due within N days" as `list --expiring N` counts it (notAfter
/// before now + N days), the expired ones apart.
fn summarize(rows: &[Row], locked: usize, now: i64) -> Summary {
    let within = |r: &Row, days: i64| r.not_after >= now && r.not_after < now + days * DAY_MS;
    let linted = rows.iter().any(|r| r.lint.is_some());
    Summary {
        certificates: rows.len(),
        expired: rows.iter().filter(|r| r.not_after < now).count(),
        due_7: rows.iter().filter(|r| within(r, 7)).count(),
        due_30: rows.iter().filter(|r| within(r, 30)).count(),
        due_90: rows.iter().filter(|r| within(r, 90)).count(),
        without_key: rows.iter().filter(|r| r.key_file.is_none()).count(),
        locked,
        lint_errors: linted.then(|| {
            rows.iter()
                .filter(|r| r.lint.is_some_and(|(e, _)| e > 0))
                .count()
        }),
    }
}

/// The page of `data`.
pub fn render(data: &ReportData) -> String {
    page::page(data).into_string()
}

/// The report of the folders in `opts`, as one HTML page: [`collect`] then [`render`].
///
/// # Errors
/// A folder that cannot be walked ([`Error::Io`]), an unknown profile
/// ([`Error::Request`]).
pub fn render_report(opts: &ReportOptions) -> Result<String, Error> {
    Ok(render(&collect(opts)?))
}

/// A date as the page shows it: `2027-01-31`.
pub(crate) fn date_text(ms: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) {
        Ok(t) => format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
        Err(_) => "(out of range)".to_string(),
    }
}

/// How soon: the class of a number of days left (colours, filters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Urgency {
    Expired,
    Within7,
    Within30,
    Within90,
    Later,
}

impl Urgency {
    pub(crate) fn of(not_after: i64, now: i64) -> Self {
        if not_after < now {
            Urgency::Expired
        } else if not_after < now + 7 * DAY_MS {
            Urgency::Within7
        } else if not_after < now + 30 * DAY_MS {
            Urgency::Within30
        } else if not_after < now + 90 * DAY_MS {
            Urgency::Within90
        } else {
            Urgency::Later
        }
    }

    /// The CSS class.
    pub(crate) fn class(self) -> &'static str {
        match self {
            Urgency::Expired => "u0",
            Urgency::Within7 => "u1",
            Urgency::Within30 => "u2",
            Urgency::Within90 => "u3",
            Urgency::Later => "u4",
        }
    }

    /// The fill of the marks (the same in light and dark: tests look for it).
    pub(crate) fn color(self) -> &'static str {
        match self {
            Urgency::Expired => "#d32f2f",
            Urgency::Within7 => "#f57c00",
            Urgency::Within30 => "#fbc02d",
            Urgency::Within90 => "#1e88e5",
            Urgency::Later => "#43a047",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Urgency::Expired => "expired",
            Urgency::Within7 => "within 7 days",
            Urgency::Within30 => "within 30 days",
            Urgency::Within90 => "within 90 days",
            Urgency::Later => "later",
        }
    }

    pub(crate) const ALL: [Urgency; 5] = [
        Urgency::Expired,
        Urgency::Within7,
        Urgency::Within30,
        Urgency::Within90,
        Urgency::Later,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize, issuer: &str, not_after: i64) -> Row {
        Row {
            sha2: format!("{i:064x}"),
            common_name: Some(format!("host{i}.example.com")),
            subject_dn: format!("CN=host{i}.example.com"),
            sans: vec![],
            issuer: issuer.to_string(),
            issuer_dn: format!("CN={issuer}"),
            not_after,
            days_left: 0,
            algorithm: KeyType::Ecc,
            key_size: 256,
            key_file: None,
            files: vec![(PathBuf::from(format!("h{i}.crt")), None)],
            lint: None,
            ca: false,
        }
    }

    fn page_of(rows: Vec<Row>, now: i64) -> String {
        let options = ReportOptions {
            now_ms: now,
            ..ReportOptions::new(vec![PathBuf::from("certs")])
        };
        let summary = summarize(&rows, 0, now);
        render(&ReportData {
            rows,
            summary,
            skipped: 0,
            unreadable: vec![],
            options,
        })
    }

    #[test]
    fn a_crowded_row_becomes_a_density_strip() {
        let now = 1_800_000_000_000;
        // 400 certificates under one CA, one a day: more than the row's ~190 marks.
        let mut rows: Vec<Row> = (0..400)
            .map(|i| row(i, "Busy CA", now + (i as i64 - 20) * DAY_MS))
            .collect();
        rows.push(row(1000, "Quiet CA", now + 10 * DAY_MS));
        let html = page_of(rows, now);
        assert_eq!(html.matches("<rect class=\"mark\"").count(), 1);
        let bins = html.matches("<rect class=\"bin\"").count();
        assert!((150..=200).contains(&bins), "{bins} bins");
        // Still one table row each.
        assert_eq!(html.matches("<tr id=\"c-").count(), 401);
    }

    #[test]
    fn issuers_past_the_twelfth_share_a_row_and_far_dates_are_clamped() {
        let now = 1_800_000_000_000;
        let mut rows: Vec<Row> = (0..15)
            .map(|i| row(i, &format!("CA {i}"), now + 40 * DAY_MS))
            .collect();
        rows.push(row(100, "CA 0", now + 3000 * DAY_MS));
        rows.push(row(101, "CA 0", now - 400 * DAY_MS));
        let html = page_of(rows, now);
        assert!(html.contains(">4 other issuers (4)<"), "{html}");
        assert_eq!(html.matches("<text class=\"issuer\"").count(), 12);
        assert!(html.contains("1 after "), "{html}");
        assert!(html.contains("◂ 1 before "), "{html}");
    }
}
