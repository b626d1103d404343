//! No file and no file name writes to the terminal: the subjects of
//! vectors/hostile/*-terminal-controls (made by cryptography: an OSC title and a clear
//! screen in the CN, CR and LF in the O, bidirectional overrides, DEL and a C1 control in
//! the OU, an ESC in a URI SAN) and file names holding ESC, CR and U+202E, through every
//! command that prints text. JSON carries the values unchanged.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

/// What a terminal must never receive from a file: C0 controls but the newline that
/// ends our own lines, DEL, C1 controls and the bidirectional overrides.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_safe(what: &str, o: &Output) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text.chars().filter(|&c| acts_on_terminal(c)).collect();
        assert!(bad.is_empty(), "{what}: {stream} carries {bad:?}:\n{text}");
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A folder with the hostile CSR, certificate and key, under names that hold controls.
fn setup(dir: &Path) -> (String, String, String) {
    let hostile = vectors().join("hostile");
    let csr = "evil\x1b[2J\u{202e}csr.der".to_string();
    let cert = "evil\rcert\x07.der".to_string();
    let key = "evil\x1b]0;key\x07.pem".to_string();
    std::fs::copy(hostile.join("csr-terminal-controls.der"), dir.join(&csr)).unwrap();
    std::fs::copy(hostile.join("cert-terminal-controls.der"), dir.join(&cert)).unwrap();
    std::fs::copy(hostile.join("terminal-controls-key.pem"), dir.join(&key)).unwrap();
    (csr, cert, key)
}

#[test]
fn inspect_list_verify_renew_show_controls_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (csr, cert, key) = setup(dir);

    let o = csrkit(dir, &["inspect", &csr, &cert, "--key", &key]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_safe("inspect", &o);
    let text = stdout(&o);
    assert!(text.contains(r"CN=\x1b]0;pwned\x07\x1b[2J"), "{text}");
    assert!(text.contains(r"O=line1\x0aline2\x0dover"), "{text}");
    assert!(
        text.contains(r"OU=abc\u202edcba\u2066x\x7f\u0085"),
        "{text}"
    );
    assert!(text.contains(r"https://x/\x1b[31mred"), "{text}");
    assert!(text.contains(r"CSR evil\x1b[2J\u202ecsr.der"), "{text}");
    assert!(text.contains(r"Certificate evil\x0dcert\x07.der"), "{text}");
    assert!(text.contains(r"matches evil\x1b]0;key\x07.pem"), "{text}");

    // JSON carries the values as they are (escaped by JSON, not by us).
    let o = csrkit(dir, &["inspect", "--json", &csr]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["CommonName"], "\x1b]0;pwned\x07\x1b[2J");
    assert_eq!(v["CorpName"], "line1\nline2\rover");

    for args in [vec!["list", "."], vec!["list", ".", "--certs"]] {
        let o = csrkit(dir, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_safe(&format!("{args:?}"), &o);
        let text = stdout(&o);
        assert!(text.contains(r"\x1b]0;pwned\x07\x1b[2J"), "{text}");
        assert!(text.contains(r"evil\x1b]0;key\x07.pem"), "{text}");
    }

    // verify: OK of a hostile name, and a failure naming it.
    let o = csrkit(dir, &["verify", &csr]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_safe("verify", &o);
    assert!(stdout(&o).contains(r"evil\x1b[2J\u202ecsr.der: OK"));
    let o = csrkit(dir, &["verify", &cert, "--issuer", &csr]);
    assert_eq!(o.status.code(), Some(1));
    assert_safe("verify --issuer (not a certificate)", &o);
    assert!(
        stderr(&o).contains(r"evil\x1b[2J\u202ecsr.der"),
        "{}",
        stderr(&o)
    );

    // renew: the line that names the carried subject, and an error naming a file.
    let o = csrkit(
        dir,
        &[
            "renew",
            &cert,
            "--key",
            &key,
            "--csr-out",
            "renewed\x1b.csr",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_safe("renew", &o);
    assert!(
        stdout(&o).contains(r"CN=\x1b]0;pwned\x07\x1b[2J"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains(r"renewed\x1b.csr"), "{}", stdout(&o));
    let o = csrkit(
        dir,
        &[
            "renew",
            &cert,
            "--key",
            &key,
            "--csr-out",
            "renewed\x1b.csr",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_safe("renew over an existing file", &o);
    assert!(
        stderr(&o).contains(r"renewed\x1b.csr exists"),
        "{}",
        stderr(&o)
    );

    // An error about a file that does not parse, named with controls.
    std::fs::write(dir.join("junk\x1b[H.pem"), b"not a csr").unwrap();
    let o = csrkit(dir, &["inspect", "junk\x1b[H.pem"]);
    assert_eq!(o.status.code(), Some(1));
    assert_safe("inspect of junk", &o);
    assert!(stderr(&o).contains(r"junk\x1b[H.pem"), "{}", stderr(&o));
}

#[test]
fn batch_messages_show_controls_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let out = "out\x1b]0;t\x07\u{202e}";
    let o = csrkit(
        tmp.path(),
        &[
            "batch",
            "--count",
            "2",
            "--out",
            out,
            "--cn",
            "h{i}.example.com",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_safe("batch", &o);
    assert!(
        stdout(&o).contains(r"out\x1b]0;t\x07\u202e"),
        "{}",
        stdout(&o)
    );
    // A folder that cannot be written: the one-line error names it, escaped.
    let ro = tmp.path().join("ro\x1b[2J");
    std::fs::create_dir(&ro).unwrap();
    let file_in_way = ro.join("sub\r");
    std::fs::write(&file_in_way, b"a file, not a folder").unwrap();
    let o = csrkit(
        tmp.path(),
        &[
            "batch",
            "--count",
            "2",
            "--out",
            "ro\x1b[2J/sub\r",
            "--cn",
            "h{i}.example.com",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_safe("batch into a file", &o);
    assert!(stderr(&o).contains(r"ro\x1b[2J/sub\x0d"), "{}", stderr(&o));
}
