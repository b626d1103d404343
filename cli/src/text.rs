//! What reaches a terminal: text from files and file names shown so that it cannot drive
//! the terminal.
//!
//! A control character (C0, DEL, C1) or a bidirectional override (U+202A–U+202E,
//! U+2066–U+2069) from a CSR, a certificate, a saved response or a file name would set
//! the window title, clear the screen, forge a line or reorder what is shown. Each is
//! shown escaped instead, as OpenSSL's `esc_ctrl` does: `\x1b`, `\x0a`, `\u202e`. JSON
//! carries values unchanged (serde_json escapes them).

use std::path::Path;

pub(crate) use csrkit_cli::escape::esc;

/// A path as shown on a terminal (not UTF-8 bytes as U+FFFD, then [`esc`]).
pub(crate) fn path(p: &Path) -> String {
    esc(&p.display().to_string()).into_owned()
}

/// The columns `s` takes on a terminal: a CJK character two, a combining mark none (the
/// Unicode East Asian Width property, as terminals apply it), so padded columns line up.
pub(crate) fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Writes `line` escaped, and a newline (a text view with no colour of ours in it).
pub(crate) fn line(out: &mut impl std::io::Write, line: &str) {
    let _ = writeln!(out, "{}", esc(line));
}

/// One line on standard error, `csrkit: ` first, escaped whole.
macro_rules! complain {
    ($($arg:tt)*) => {
        eprintln!("csrkit: {}", $crate::text::esc(&format!($($arg)*)))
    };
}

/// One line on standard output, escaped whole (for lines with no colour of ours in them).
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::text::esc(&format!($($arg)*)))
    };
}

pub(crate) use {complain, say};

#[cfg(test)]
mod tests {
    use super::{esc, width};

    #[test]
    fn width_counts_columns() {
        assert_eq!(width("web-01"), 6);
        assert_eq!(width("阿里云"), 6);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("ｗｅｂ"), 6);
    }

    #[test]
    fn terminal_controls_are_shown_escaped() {
        assert_eq!(esc("plain, ünïcode 阿里云"), "plain, ünïcode 阿里云");
        assert_eq!(esc("\x1b]0;pwned\x07\x1b[2J"), "\\x1b]0;pwned\\x07\\x1b[2J");
        assert_eq!(
            esc("line1\nline2\rover\t\x7f"),
            "line1\\x0aline2\\x0dover\\x09\\x7f"
        );
        assert_eq!(
            esc("a\u{202e}b\u{2066}c\u{0085}d"),
            "a\\u202eb\\u2066c\\u0085d"
        );
    }
}
