//! `csrkit batch` under faults from a real file system: a full disk and a read-only one
//! stop it at once with one line, and a SIGKILL leaves no temporary file. Tests run as
//! root here and in CI; where mounting a tmpfs is not allowed, CI fails
//! (`common::cannot_run_here`).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// (pairs, keys without CSR, CSRs without key, other files) of a folder.
type Census = (usize, usize, usize, Vec<String>);

/// Names in `dir`: (pairs, keys without CSR, CSRs without key, other files).
fn census(dir: &Path) -> Census {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    let (mut pairs, mut keys, mut csrs, mut other) = (0, 0, 0, Vec::new());
    for n in &names {
        if let Some(stem) = n.strip_suffix(".key.pem") {
            if has(&format!("{stem}.csr.pem")) {
                pairs += 1
            } else {
                keys += 1
            }
        } else if let Some(stem) = n.strip_suffix(".csr.pem") {
            if !has(&format!("{stem}.key.pem")) {
                csrs += 1
            }
        } else {
            other.push(n.clone());
        }
    }
    (pairs, keys, csrs, other)
}

/// `csrkit batch --count N` into a fresh tmpfs mounted with `opts`: the run's output, its
/// stderr and the census of the folder; `None` where mounting is not allowed.
fn batch_into_tmpfs(opts: &str, count: usize) -> Option<(std::process::Output, String, Census)> {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("mnt");
    std::fs::create_dir(&m).unwrap();
    if !mount_tmpfs(&m, opts) {
        return None;
    }
    let _guard = Mounted(&m);
    let o = csrkit(
        d.path(),
        &[
            "batch",
            "--count",
            &count.to_string(),
            "--out",
            m.to_str().unwrap(),
            "--cn",
            "h{i}.example.com",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert_eq!(err.lines().count(), 1, "one line for one cause: {err}");
    assert!(
        err.contains(m.to_str().unwrap()),
        "the line names the folder: {err}"
    );
    let c = census(&m);
    Some((o, err, c))
}

#[test]
fn a_full_disk_stops_the_batch_with_one_line() {
    let Some((_, err, (pairs, keys, csrs, other))) = batch_into_tmpfs("size=400k", 3000) else {
        return;
    };
    assert!(err.contains("No space left on device"), "{err}");
    eprintln!("full disk: {pairs} pairs written, then: {err}");
    assert!(pairs > 0 && pairs < 3000);
    assert_eq!(
        (keys, csrs),
        (0, 0),
        "a key and its CSR together or not at all"
    );
    assert!(other.is_empty(), "nothing temporary left: {other:?}");
    assert!(
        err.contains(&format!("stopped after {pairs} of 3000")),
        "{err}"
    );
}

#[test]
fn a_read_only_folder_stops_the_batch_with_one_line() {
    let Some((_, err, (pairs, ..))) = batch_into_tmpfs("size=1m,ro", 500) else {
        return;
    };
    assert!(
        err.contains("Read-only file system") && err.contains("stopped after 0 of 500"),
        "{err}"
    );
    assert_eq!(pairs, 0);
}

/// Pairs (`NAME.key.pem` beside `NAME.csr.pem`) under `dir`, or 0 before it exists.
fn pairs_in(dir: &Path) -> usize {
    match std::fs::read_dir(dir) {
        Ok(_) => census(dir).0,
        Err(_) => 0,
    }
}

#[test]
fn a_killed_batch_leaves_no_temporary_file() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    // Each round waits for the batch's own progress (pairs under their final names), not
    // for a time, then kills it: a slow machine waits longer, and every round checks.
    for (round, after_pairs) in [1usize, 40, 200].into_iter().enumerate() {
        let out = out.join(round.to_string());
        let mut child = Command::new(csrkit_bin())
            .args([
                "batch",
                "--count",
                "20000",
                "--out",
                out.to_str().unwrap(),
                "--cn",
                "k{i}.example.com",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut seen = 0;
        while seen < after_pairs {
            if let Some(status) = child.try_wait().unwrap() {
                panic!("the batch ended ({status}) before {after_pairs} pairs: {seen} seen");
            }
            // A poll interval (not a timing assumption): the loop ends on the count.
            std::thread::sleep(std::time::Duration::from_millis(2));
            seen = pairs_in(&out);
        }
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(!status.success(), "killed, not finished: {status}");
        let (pairs, keys, csrs, other) = census(&out);
        eprintln!(
            "killed after {seen} pairs: {pairs} pairs, {keys} lone keys, {csrs} lone CSRs, {} other",
            other.len()
        );
        assert!(pairs >= after_pairs && pairs < 20000, "{pairs} pairs");
        assert!(other.is_empty(), "temporary files left: {other:?}");
        // The two names of a pair are two link calls: a kill between them can leave one
        // key without its CSR (never a temporary file, never a partial file).
        assert!(keys <= 1 && csrs == 0, "{keys} lone keys, {csrs} lone CSRs");
    }
}
