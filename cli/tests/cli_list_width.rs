//! `csrkit list`'s text table lines up on a terminal: columns are padded by display width
//! (a CJK character takes two columns, a combining mark none), as Python's `unicodedata`
//! (East Asian Width, combining class) counts them.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// `openssl req` (with `-x509` for a certificate) of `/CN=cn` into `out`, its key beside it.
fn openssl_made(dir: &Path, out: &str, cn: &str, cert: bool) {
    let key = dir.join(format!("{out}.key"));
    let mut args = vec![
        "req",
        "-new",
        "-utf8",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-noenc",
    ];
    if cert {
        args.extend(["-x509", "-days", "30"]);
    }
    let subj = format!("/CN={cn}");
    let out = dir.join(out);
    args.extend([
        "-subj",
        &subj,
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        out.to_str().unwrap(),
    ]);
    let o = openssl(&args);
    assert!(o.status.success(), "{}", all_output(&o));
}

/// For each line of `table`, the display column where each cell starts (cells are apart by
/// two spaces or more), by Python's `unicodedata`.
fn cell_columns(table: &str) -> Vec<Vec<usize>> {
    let script = r#"
import re, sys, unicodedata
def width(s):
    w = 0
    for c in s:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me"):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return w
for line in sys.stdin.read().splitlines():
    print(" ".join(str(width(line[:m.start()])) for m in re.finditer(r"(?:^|(?<=  ))\S", line)))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(table.as_bytes())
            .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split(' ').map(|n| n.parse().unwrap()).collect())
        .collect()
}

fn assert_lined_up(dir: &Path, args: &[&str], rows: usize) {
    let o = csrkit(dir, args);
    assert!(o.status.success(), "{}", all_output(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    // The table: the header and one line per entry, before the page line.
    let table: String = text
        .lines()
        .take(rows + 1)
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(table.contains("阿里云"), "{text}");
    let columns = cell_columns(&table);
    let header = &columns[0];
    assert!(header.len() >= 5, "{text}");
    for (line, cols) in table.lines().zip(&columns).skip(1) {
        assert_eq!(cols, header, "not lined up:\n{text}\nline {line:?}");
    }
}

#[test]
fn list_pads_columns_by_display_width() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Names and CNs: CJK (two columns a character), ASCII, and a combining accent (none).
    openssl_made(d, "阿里云网关.csr", "阿里云.example.com", false);
    openssl_made(d, "web-01.csr", "web-01.example.com", false);
    openssl_made(d, "cafe\u{301}-服务.csr", "cafe\u{301}", false);
    openssl_made(d, "阿里云网关.crt", "阿里云网关 门户", true);
    openssl_made(d, "web-02.crt", "web-02.example.com", true);
    openssl_made(d, "cafe\u{301}.crt", "cafe\u{301}.example.com", true);
    assert_lined_up(d, &["list", "."], 3);
    assert_lined_up(d, &["list", ".", "--certs"], 3);
}
