//! The text views of `inspect`, `list` and `verify`: what people read.

use std::path::Path;

use csrkit::cert::CertInfo;
use csrkit::csr::CsrInfo;
use csrkit::keys::KeyInfo;

use crate::text::{self, esc};

pub(crate) use csrkit::cert::now_ms;

pub(crate) fn date_text(ms: i64) -> String {
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

/// One `Key  value` line; `v` comes from a file, so it is escaped ([`esc`]).
pub(crate) fn field(s: &mut String, k: &str, v: &str) {
    painted_field(s, k, &esc(v));
}

/// One `Key  value` line whose value is already safe: csrkit's own words, colour codes,
/// and pieces from files that were escaped.
pub(crate) fn painted_field(s: &mut String, k: &str, v: &str) {
    s.push_str(&format!("  {k:<14}{v}\n"));
}

/// What the text views of a CSR and of a certificate share.
pub(crate) struct KeyAndSignature<'a> {
    pub(crate) algorithm: csrkit::keys::KeyType,
    pub(crate) key_size: u32,
    pub(crate) key_sha2: &'a str,
    pub(crate) sign_algorithm: &'a str,
    pub(crate) signature_valid: Option<bool>,
    pub(crate) signature_note: Option<&'a str>,
    pub(crate) sha2: &'a str,
    pub(crate) md5: &'a str,
    pub(crate) has_private_key: bool,
}

pub(crate) fn key_and_signature_fields(
    s: &mut String,
    k: &KeyAndSignature<'_>,
    key: Option<&Path>,
    color: bool,
) {
    field(s, "Key", &format!("{} {}", k.algorithm, k.key_size));
    field(s, "KeySha2", k.key_sha2);
    painted_field(
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
        painted_field(s, "Private key", &key_text(k.has_private_key, path, color));
    }
}

/// A private key alone: its form, algorithm, size and `KeySha2`.
pub(crate) fn key_file_text(path: &Path, info: &KeyInfo) -> String {
    let mut s = String::new();
    s.push_str(&format!("Private key {}\n", text::path(path)));
    let encrypted = if info.encrypted { ", encrypted" } else { "" };
    field(&mut s, "Format", &format!("{}{encrypted}", info.format));
    field(
        &mut s,
        "Key",
        &format!("{} {}", info.algorithm, info.key_size),
    );
    field(&mut s, "KeySha2", &info.key_sha2);
    s
}

pub(crate) fn cert_text(path: &Path, info: &CertInfo, key: Option<&Path>, color: bool) -> String {
    let mut s = String::new();
    s.push_str(&format!("Certificate {}\n", text::path(path)));
    field(&mut s, "Subject", &info.subject_dn);
    field(&mut s, "Issuer", &info.issuer_dn);
    field(&mut s, "Serial", &info.serial_number);
    field(&mut s, "Type", info.certificate_type.as_str());
    field(&mut s, "SANs", &sans_text(&info.san_entries));
    usage_fields(
        &mut s,
        info.key_usage.as_deref(),
        info.extended_key_usage.as_deref(),
        info.basic_constraints,
    );
    let now = now_ms();
    let status = match days_text(info.after_date, now, color) {
        t if info.after_date >= now => format!("{t} left"),
        t => t,
    };
    painted_field(
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

/// The usage lines, as `openssl -text` names them; an absent extension is left out.
fn usage_fields(
    s: &mut String,
    key_usage: Option<&[String]>,
    extended: Option<&[String]>,
    basic: Option<csrkit::usages::BasicConstraintsInfo>,
) {
    if let Some(ku) = key_usage {
        field(s, "Key usage", &ku.join(", "));
    }
    if let Some(eku) = extended {
        field(s, "Ext key usage", &eku.join(", "));
    }
    if let Some(bc) = basic {
        let text = match (bc.ca, bc.path_len) {
            (true, Some(n)) => format!("CA:TRUE, pathlen:{n}"),
            (true, None) => "CA:TRUE".to_string(),
            (false, _) => "CA:FALSE".to_string(),
        };
        field(s, "Constraints", &text);
    }
}

/// The days left as people read them: `12 days`, `1 day`, `0 days` on the last day;
/// `expired today`, `expired 40 days ago` (counted from notAfter, so a certificate that
/// expired 40 and a half days ago says 40, where `DaysLeft` is −41).
pub(crate) fn days_text(not_after: i64, now: i64, color: bool) -> String {
    let left = csrkit::cert::days_left(not_after, now);
    if left >= 0 {
        return format!("{left} day{}", if left == 1 { "" } else { "s" });
    }
    let ago = (now - not_after).div_euclid(86_400_000);
    let text = match ago {
        0 => "expired today".to_string(),
        1 => "expired 1 day ago".to_string(),
        n => format!("expired {n} days ago"),
    };
    paint(&text, "31", color)
}

pub(crate) fn sans_text(entries: &[csrkit::sans::SanEntry]) -> String {
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

pub(crate) fn key_text(matches: bool, k: &Path, color: bool) -> String {
    if matches {
        format!("matches {}", text::path(k))
    } else {
        paint(&format!("does NOT match {}", text::path(k)), "31", color)
    }
}

pub(crate) fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

pub(crate) fn signature_text(valid: Option<bool>, note: Option<&str>, color: bool) -> String {
    let status = match valid {
        Some(true) => paint("valid", "32", color),
        Some(false) => paint("NOT VALID", "31", color),
        None => paint("not checked", "33", color),
    };
    match note {
        Some(n) => format!("{status} ({})", esc(n)),
        None => status,
    }
}

pub(crate) fn csr_text(path: &Path, info: &CsrInfo, key: Option<&Path>, color: bool) -> String {
    let mut s = String::new();
    s.push_str(&format!("CSR {}\n", text::path(path)));
    field(&mut s, "Subject", &info.subject_dn);
    field(&mut s, "SANs", &sans_text(&info.san_entries));
    usage_fields(
        &mut s,
        info.key_usage.as_deref(),
        info.extended_key_usage.as_deref(),
        info.basic_constraints,
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
    if let Some(n) = &info.name {
        field(&mut s, "Name", n);
    }
    if info.algorithm == csrkit::keys::KeyType::Sm2 {
        // OpenSSL checks SM2 with the empty ID unless it is told the default one.
        painted_field(
            &mut s,
            "OpenSSL check",
            &format!(
                "openssl req -verify -noout -vfyopt distid:{} -in {}",
                csrkit::keys::SM2_DEFAULT_DISTID,
                shell_word(&text::path(path))
            ),
        );
    }
    s
}

/// `word` as one shell word: as it is when it needs no quoting, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./+=:@%,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

pub(crate) fn color_on(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none()
}

#[cfg(test)]
mod tests {
    use super::days_text;

    const DAY: i64 = 86_400_000;

    #[test]
    fn days_are_counted_from_the_end() {
        let now = 1_700_000_000_000;
        assert_eq!(days_text(now + 12 * DAY + DAY / 2, now, false), "12 days");
        assert_eq!(days_text(now + DAY + 1, now, false), "1 day");
        assert_eq!(days_text(now + DAY / 2, now, false), "0 days");
        assert_eq!(days_text(now - DAY / 2, now, false), "expired today");
        assert_eq!(days_text(now - DAY - 1, now, false), "expired 1 day ago");
        // 40 and a half days ago: 40 days, although DaysLeft is -41.
        assert_eq!(
            days_text(now - 40 * DAY - DAY / 2, now, false),
            "expired 40 days ago"
        );
        assert_eq!(csrkit::cert::days_left(now - 40 * DAY - DAY / 2, now), -41);
        assert_eq!(csrkit::cert::days_left(now - DAY / 2, now), -1);
        assert_eq!(csrkit::cert::days_left(now + DAY / 2, now), 0);
    }
}
