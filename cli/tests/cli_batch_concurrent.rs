//! Two batches into one folder at once (`batch`: a NAME already taken gets `-2`,
//! `-3`, …): both succeed, every pair is written whole, nothing is overwritten.

mod common;

use std::collections::HashSet;
use std::process::Command;

use csrkit::csr::ParsedCsr;
use csrkit::keys::PrivateKey;

#[test]
fn two_batches_of_800_into_one_folder_both_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let spawn = || {
        Command::new(common::csrkit_bin())
            .current_dir(tmp.path())
            .args([
                // Names a public CA takes: the batch's lint has nothing to say on stderr.
                "batch",
                "--count",
                "800",
                "--cn",
                "c{i}.example.com",
                "--out",
                "D",
                "--json",
            ])
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    for o in [&a, &b] {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            o.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["Written"], 800);
        assert_eq!(v["Failed"], 0);
    }
    let dir = tmp.path().join("D");
    let mut stems = HashSet::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        let stem = name
            .strip_suffix(".csr.pem")
            .or_else(|| name.strip_suffix(".key.pem"))
            .unwrap_or_else(|| panic!("a file that is not a key or a CSR: {name}"));
        stems.insert(stem.to_string());
    }
    assert_eq!(stems.len(), 1600, "1600 pairs");
    for stem in &stems {
        let csr =
            ParsedCsr::from_bytes(&std::fs::read(dir.join(format!("{stem}.csr.pem"))).unwrap())
                .unwrap_or_else(|e| panic!("{stem}.csr.pem: {e}"));
        let key =
            PrivateKey::from_bytes(&std::fs::read(dir.join(format!("{stem}.key.pem"))).unwrap())
                .unwrap_or_else(|e| panic!("{stem}.key.pem: {e}"));
        assert!(
            csr.matches_key(&key),
            "{stem}: the key and the CSR are not a pair"
        );
    }
}
