//! `upload::bodies` on a folder made by OpenSSL: what gets a body, and why each CSR that
//! does not is left out (typed); the name rule and its unique names for any input.
#![cfg(feature = "fs")]

mod common;

use std::path::Path;

use common::*;
use csrkit::keys::{Password, Passwords};
use csrkit::problem::{Problem, ProblemKind};
use csrkit::request::{csr_name_from, unique_csr_names};
use proptest::prelude::*;

fn openssl_pair(dir: &Path, stem: &str, newkey: &[&str], password: Option<&str>) {
    let csr = dir.join(format!("{stem}.csr"));
    let key = dir.join(format!("{stem}.key"));
    let pass = format!("pass:{}", password.unwrap_or(""));
    let mut args = vec!["req", "-new", "-subj", "/CN=up.example.com"];
    args.extend(newkey);
    match password {
        Some(_) => args.extend(["-passout", &pass]),
        None => args.push("-noenc"),
    }
    args.extend([
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        csr.to_str().unwrap(),
    ]);
    let o = openssl(&args);
    assert!(o.status.success(), "{}", all_output(&o));
}

/// The UploadCsr rule as the API page states it: 1 to 50 of `A–Z a–z 0–9 _ -`.
fn follows_the_rule(name: &str) -> bool {
    (1..=50).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[test]
fn bodies_and_typed_reasons_for_the_csrs_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p256 = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
    openssl_pair(d, "a", &p256, None);
    std::fs::copy(d.join("a.csr"), d.join("a-copy.csr")).unwrap();
    openssl_pair(d, "locked", &p256, Some("pw-1"));
    openssl_pair(d, "weak", &["-newkey", "rsa:1024"], None);

    let found = csrkit::upload::bodies(d, &Passwords::none(), Default::default()).unwrap();
    assert_eq!(found.bodies.len(), 1, "{found:?}");
    // Path order: a-copy.csr comes before a.csr, so the copy holds the body.
    assert_eq!(found.bodies[0].csr_file, d.join("a-copy.csr"));
    assert_eq!(found.bodies[0].key_file, d.join("a.key"));
    let kinds: Vec<(String, ProblemKind)> = found
        .skipped
        .iter()
        .map(|(p, k)| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                k.kind(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("a.csr".to_string(), ProblemKind::Duplicate),
            ("locked.csr".to_string(), ProblemKind::NoKey),
            ("weak.csr".to_string(), ProblemKind::Refused),
        ]
    );
    assert!(
        matches!(&found.skipped[0].1, Problem::Duplicate { of } if *of == d.join("a-copy.csr"))
    );
    assert!(matches!(found.skipped[1].1, Problem::NoKey { locked: 1 }));
    assert!(matches!(
        found.skipped[2].1.error(),
        Some(csrkit::Error::WeakKey { bits: 1024, .. })
    ));
    assert!(
        found
            .problems
            .iter()
            .any(|(p, k)| p.ends_with("locked.key") && k.kind() == ProblemKind::Locked),
        "{:?}",
        found.problems
    );

    // With its password, the locked key gives its CSR a body; the same CN gets `-2`.
    let found = csrkit::upload::bodies(
        d,
        &Passwords::from(Password::from("pw-1")),
        Default::default(),
    )
    .unwrap();
    let names: Vec<&str> = found
        .bodies
        .iter()
        .map(|b| b.request.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["up_example_com", "up_example_com-2"]);
    assert_eq!(found.bodies[1].csr_file, d.join("locked.csr"));
    // Its key is the one OpenSSL wrote for it.
    let key_pem = d.join("body.key");
    std::fs::write(&key_pem, found.bodies[1].request.key.as_deref().unwrap()).unwrap();
    let o = openssl(&["pkey", "-in", key_pem.to_str().unwrap(), "-pubout"]);
    let theirs = openssl(&[
        "pkey",
        "-in",
        d.join("locked.key").to_str().unwrap(),
        "-passin",
        "pass:pw-1",
        "-pubout",
    ]);
    assert!(o.status.success() && theirs.status.success());
    assert_eq!(o.stdout, theirs.stdout);
}

#[test]
fn bodies_of_a_missing_folder_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = csrkit::upload::bodies(
        &dir.path().join("nope"),
        &Passwords::none(),
        Default::default(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), csrkit::error::ErrorKind::Io);
}

proptest! {
    /// Any text gives a name by the rule; any set of such names comes back unique, by the
    /// rule, in order, each name that occurs once unchanged and each other one its own
    /// name or `name-N` cut to fit.
    #[test]
    fn names_follow_the_rule_and_come_back_unique(
        texts in proptest::collection::vec(
            prop_oneof![
                "[a-c]{0,3}",
                "\\PC{0,60}",
                "[a-z.*-]{45,60}",
                Just("web-2".to_string()),
                Just("web".to_string()),
            ],
            0..40,
        )
    ) {
        let names: Vec<String> = texts.iter().map(|t| csr_name_from(t)).collect();
        for n in &names {
            prop_assert!(follows_the_rule(n), "{n:?}");
        }
        let unique = unique_csr_names(names.clone());
        prop_assert_eq!(unique.len(), names.len());
        let set: std::collections::HashSet<&String> = unique.iter().collect();
        prop_assert_eq!(set.len(), unique.len(), "{:?}", unique);
        for (given, made) in names.iter().zip(&unique) {
            prop_assert!(follows_the_rule(made), "{made:?}");
            if names.iter().filter(|n| *n == given).count() == 1 {
                prop_assert_eq!(made, given);
            } else if made != given {
                let (stem, n) = made.rsplit_once('-').unwrap();
                prop_assert!(n.parse::<usize>().unwrap() >= 2);
                prop_assert!(given.starts_with(stem), "{given:?} {made:?}");
            }
        }
    }
}
