//! Writing files without losing what the user had.
//!
//! A file is written to a temporary file in the same folder (for a key, created with
//! mode 0600 from the start, never chmod'ed after), flushed and synced, then moved
//! into place: with `overwrite == false` by a hard link that fails when the target
//! exists (so an existing file is never replaced, even by a concurrent writer), with
//! `overwrite == true` by a rename. A failure at any step leaves the old file as it was
//! and removes the temporary file.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How a file is to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    /// Replace an existing file (`--force`).
    pub overwrite: bool,
    /// Secret content: mode 0600.
    pub secret: bool,
    /// fsync the folder after the file is moved into place, so that the new name is
    /// durable too. A bulk writer ([`crate::batch`]) passes `false` and calls
    /// [`sync_dir`] once at the end instead of once per file.
    pub sync_dir: bool,
}

/// fsyncs a folder: makes the names created in it durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))
}

/// Writes `data` to `path` atomically (see the module documentation).
pub fn write_atomic(path: &Path, data: &[u8], opts: WriteOptions) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| Error::io(path, std::io::Error::other("not a file name")))?;
    let (tmp_path, mut file) = create_temp(&dir, file_name, opts.secret)?;
    let result = (|| {
        file.write_all(data).map_err(|e| Error::io(&tmp_path, e))?;
        file.sync_all().map_err(|e| Error::io(&tmp_path, e))?;
        drop(file);
        if opts.overwrite {
            fs::rename(&tmp_path, path).map_err(|e| Error::io(path, e))
        } else {
            match fs::hard_link(&tmp_path, path) {
                Ok(()) => {
                    let _ = fs::remove_file(&tmp_path);
                    Ok(())
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(Error::Exists(path.to_path_buf()))
                }
                Err(e) => Err(Error::io(path, e)),
            }
        }
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp_path);
    } else if opts.sync_dir {
        let _ = sync_dir(&dir);
    }
    result
}

fn create_temp(dir: &Path, name: &std::ffi::OsStr, secret: bool) -> Result<(PathBuf, File)> {
    let mut last_err = None;
    for attempt in 0..16u32 {
        let mut rnd = [0u8; 6];
        getrandom::fill(&mut rnd).map_err(|_| Error::Rng)?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.tmp", crate::fingerprint::hex(&rnd)));
        let tmp = dir.join(tmp_name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(if secret { 0o600 } else { 0o644 });
        }
        #[cfg(not(unix))]
        let _ = secret;
        match options.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 15 => {
                last_err = Some(e);
            }
            Err(e) => return Err(Error::io(dir, e)),
        }
    }
    Err(Error::io(
        dir,
        last_err.unwrap_or_else(|| std::io::Error::other("no temporary name")),
    ))
}
