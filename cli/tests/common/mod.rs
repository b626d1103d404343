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
