//! Text from files shown so that it cannot act: a control character (C0, DEL, C1) or a
//! bidirectional override (U+202A–U+202E, U+2066–U+2069) from a CSR, a certificate, a
//! saved response or a file name would set a terminal's title, clear the screen, forge a
//! line or reorder what is shown, on a terminal or on a page. Each is shown escaped
//! instead, as OpenSSL's `esc_ctrl` does: `\x1b`, `\x0a`, `\u202e`.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` would act on what shows it rather than be shown.
fn acts(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every control character and bidirectional override escaped.
///
/// ```
/// use csrkit_cli::escape::esc;
/// assert_eq!(esc("a\u{202e}b\x1b"), "a\\u202eb\\x1b");
/// assert_eq!(esc("阿里云"), "阿里云");
/// ```
pub fn esc(s: &str) -> Cow<'_, str> {
    if !s.chars().any(acts) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !acts(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
    }
    Cow::Owned(out)
}
