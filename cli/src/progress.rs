//! The long commands' Ctrl-C flag and progress bar (`batch`, `renew DIR`).

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

/// A flag Ctrl-C sets (the library stops between items: what was written stays whole)
/// and a progress bar of `len` items on a terminal's standard error, hidden otherwise.
pub(crate) fn start(len: usize, quiet: bool) -> (Arc<AtomicBool>, ProgressBar) {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // A second handler cannot be installed in one process; ignoring that error is fine.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let bar = if !quiet && len > 0 && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(len as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    (stop, bar)
}

/// The one line for an error that stopped a long command (disk full, a folder that
/// cannot be written): its cause once, not once per item; what was written before it is
/// whole and durable.
pub(crate) fn say_stopped(
    out: &std::path::Path,
    done: usize,
    of: usize,
    what: &str,
    e: &csrkit::Error,
) {
    let cause = match e {
        csrkit::Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    };
    crate::text::complain!(
        "{}: stopped after {done} of {of} {what}: {cause}",
        out.display()
    );
}
