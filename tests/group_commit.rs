//! Writes that keep what the user had: a batch's group commits (also with the
//! portable named-temporary fallback), and a key and CSR replaced as a pair.
//! Faults come from a real file system: a small tmpfs made read-only under a writer
//! (tests run as root; where mounting is not allowed they say so and skip).

#![cfg(feature = "fs")]

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;

use csrkit::batch::{BatchTemplate, plan, run_with};
use csrkit::files::{Staging, WriteOptions, commit_together, prepare};
use csrkit::keys::KeyAlgorithm;
use csrkit::names::DistinguishedName;
use csrkit::request::Profile;

mod common;
use common::{Mounted, mount_tmpfs};

fn template() -> BatchTemplate {
    BatchTemplate {
        algorithm: KeyAlgorithm::EccP256,
        subject: DistinguishedName::builder().country("CN"),
        cn: "host{i}.example.com".into(),
        sans: Vec::new(),
        profile: Profile::Server,
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn both_stagings_write_whole_pairs_and_leave_nothing_else() {
    for staging in [Staging::Auto, Staging::NamedTemp] {
        let d = tempfile::tempdir().unwrap();
        let items = plan(&template(), 300, d.path()).unwrap();
        let report = run_with(
            &items,
            KeyAlgorithm::EccP256,
            d.path(),
            &AtomicBool::new(false),
            || {},
            staging,
        )
        .unwrap();
        assert_eq!(report.written, 300, "{staging:?}: {report:?}");
        assert!(report.failed.is_empty() && report.fatal.is_none());
        let files = names(d.path());
        assert_eq!(files.len(), 600, "{staging:?}: nothing but the pairs");
        assert!(
            files.iter().all(|f| !f.starts_with('.')),
            "{staging:?}: {files:?}"
        );
        for i in [1, 150, 300] {
            let key = d.path().join(format!("host{i}_example_com.key.pem"));
            let csr = d.path().join(format!("host{i}_example_com.csr.pem"));
            // OpenSSL: the CSR verifies and is the key's.
            let o = Command::new("openssl")
                .args(["req", "-in", csr.to_str().unwrap(), "-noout", "-verify"])
                .output()
                .unwrap();
            assert!(
                String::from_utf8_lossy(&o.stderr).contains("verify OK")
                    || String::from_utf8_lossy(&o.stdout).contains("verify OK")
            );
            let a = Command::new("openssl")
                .args(["req", "-in", csr.to_str().unwrap(), "-noout", "-pubkey"])
                .output()
                .unwrap()
                .stdout;
            let b = Command::new("openssl")
                .args(["pkey", "-in", key.to_str().unwrap(), "-pubout"])
                .output()
                .unwrap()
                .stdout;
            assert_eq!(a, b);
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}

#[test]
fn a_pair_replaced_together_rolls_back_when_the_second_rename_fails() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    if !mount_tmpfs(&b, "size=1m") {
        return;
    }
    let _guard = Mounted(&b);
    let (key, csr) = (a.join("key.pem"), b.join("csr.pem"));
    std::fs::write(&key, "old key").unwrap();
    std::fs::write(&csr, "old csr").unwrap();
    let force = |secret| WriteOptions {
        overwrite: true,
        secret,
        sync_dir: true,
    };
    let k = prepare(&key, b"new key", force(true)).unwrap();
    let c = prepare(&csr, b"new csr", force(false)).unwrap();
    // The CSR's folder turns read-only between staging and the renames: the key's rename
    // succeeds, the CSR's fails, and the key must come back.
    let ro = Command::new("mount")
        .args(["-o", "remount,ro", b.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        ro.status.success(),
        "{}",
        String::from_utf8_lossy(&ro.stderr)
    );
    let err = commit_together(vec![k, c]).unwrap_err();
    assert_eq!(std::fs::read_to_string(&key).unwrap(), "old key", "{err}");
    assert_eq!(std::fs::read_to_string(&csr).unwrap(), "old csr");
    assert_eq!(
        names(&a),
        ["key.pem"],
        "no backup or temporary file left in a"
    );
    let _ = Command::new("mount")
        .args(["-o", "remount,rw", b.to_str().unwrap()])
        .output();
    let leftovers: Vec<String> = names(&b).into_iter().filter(|n| n != "csr.pem").collect();
    // The CSR's own temporary file could not be removed on a read-only file system; it
    // is the only thing there, and it is not the user's file.
    assert!(
        leftovers
            .iter()
            .all(|n| n.starts_with(".csr.pem.") && n.ends_with(".tmp")),
        "{leftovers:?}"
    );
}

#[test]
fn many_items_with_one_cn_are_named_quickly_and_within_the_upload_limit() {
    let d = tempfile::tempdir().unwrap();
    let mut t = template();
    t.cn = "a-very-long-host-name-for-a-batch.internal.example.com".into();
    let start = std::time::Instant::now();
    let items = plan(&t, 20_000, d.path()).unwrap();
    let names: std::collections::HashSet<&str> = items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names.len(), 20_000, "every name is unique");
    assert!(
        items.iter().all(|i| i.name.len() <= 50),
        "UploadCsr names are at most 50 characters"
    );
    assert!(
        items
            .iter()
            .all(|i| csrkit::csr::check_csr_name(&i.name).is_ok())
    );
    eprintln!("planned 20 000 items with one CN in {:?}", start.elapsed());
}
