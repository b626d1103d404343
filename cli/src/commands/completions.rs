//! `csrkit completions`: a shell completion script.

use clap::{Args, CommandFactory};

use crate::{Cli, Failure};

#[derive(Args, Debug)]
pub(crate) struct CompletionArgs {
    /// The shell.
    pub(crate) shell: clap_complete::Shell,
}

pub(crate) fn run(a: &CompletionArgs) -> Result<i32, Failure> {
    clap_complete::generate(
        a.shell,
        &mut Cli::command(),
        "csrkit",
        &mut std::io::stdout(),
    );
    Ok(0)
}
