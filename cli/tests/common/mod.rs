//! Helpers of the library's tests (the peer, the vectors), and running our binary.
#![allow(dead_code)]

#[path = "../../../tests/common/mod.rs"]
mod library;

#[allow(unused_imports)]
pub use library::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Path of our built binary.
pub fn csrkit_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_csrkit"))
}

/// Runs our binary in `dir` with `args`.
pub fn csrkit(dir: &Path, args: &[&str]) -> Output {
    Command::new(csrkit_bin())
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("csrkit runs")
}

/// A self-signed P-256 leaf for `cn` (basicConstraints CA:FALSE, the CN as its SAN), valid
/// `days`, as `CN.crt` and its unencrypted key as `CN.key` in `dir`, by OpenSSL.
pub fn openssl_leaf(dir: &Path, cn: &str, days: u32) {
    openssl_self_signed(dir, cn, cn, days, false);
}

/// A self-signed P-256 certificate for `cn`, valid `days`, as `STEM.crt` and its
/// unencrypted key as `STEM.key` in `dir`, by OpenSSL: a CA (CA:TRUE) or a leaf (CA:FALSE,
/// the CN as its SAN).
pub fn openssl_self_signed(dir: &Path, stem: &str, cn: &str, days: u32, ca: bool) {
    let path = |ext: &str| {
        dir.join(format!("{stem}.{ext}"))
            .to_str()
            .expect("utf-8 path")
            .to_string()
    };
    let (san, bc) = if ca {
        (None, "basicConstraints=critical,CA:TRUE")
    } else {
        (
            Some(format!("subjectAltName=DNS:{cn}")),
            "basicConstraints=critical,CA:FALSE",
        )
    };
    let (key, crt, subj, days) = (
        path("key"),
        path("crt"),
        format!("/CN={cn}"),
        days.to_string(),
    );
    let mut args = vec![
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &key,
        "-out",
        &crt,
        "-subj",
        &subj,
        "-addext",
        bc,
        "-days",
        &days,
    ];
    if let Some(san) = &san {
        args.extend(["-addext", san.as_str()]);
    }
    let o = openssl(&args);
    assert!(o.status.success(), "{}", all_output(&o));
}
