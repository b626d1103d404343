//! The `csrkit` command: argument parsing and printing over the library.
#![forbid(unsafe_code)]

fn main() {
    std::process::exit(csrkit_cli::run());
}

#[path = "cli.rs"]
mod csrkit_cli;
