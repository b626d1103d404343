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
    let path = |ext: &str| {
        dir.join(format!("{cn}.{ext}"))
            .to_str()
            .expect("utf-8 path")
            .to_string()
    };
    let o = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &path("key"),
        "-out",
        &path("crt"),
        "-subj",
        &format!("/CN={cn}"),
        "-addext",
        &format!("subjectAltName=DNS:{cn}"),
        "-addext",
        "basicConstraints=critical,CA:FALSE",
        "-days",
        &days.to_string(),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
}
