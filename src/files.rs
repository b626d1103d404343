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
use crate::keys::{Password, PrivateKey};

/// How a file is to be written. The default is the safe one: never replace an existing
/// file, sync the folder; [`WriteOptions::secret`] adds mode 0600.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    /// Replace an existing file.
    pub overwrite: bool,
    /// Secret content: mode 0600.
    pub secret: bool,
    /// fsync the folder after the file is moved into place, so that the new name is
    /// durable too. A bulk writer ([`crate::batch`]) passes `false` and calls
    /// [`sync_dir`] once at the end instead of once per file.
    pub sync_dir: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            overwrite: false,
            secret: false,
            sync_dir: true,
        }
    }
}

impl WriteOptions {
    /// For secret content (a private key): mode 0600 from creation, never replacing a
    /// file, the folder synced.
    pub fn secret() -> Self {
        WriteOptions {
            secret: true,
            ..WriteOptions::default()
        }
    }
}

/// Writes a private key to a new file safely, in one call: PKCS#8 PEM (`ENCRYPTED PRIVATE
/// KEY` when `password` is given, see [`PrivateKey::to_encrypted_pem`]), mode 0600 from
/// creation, written and synced under a temporary name, then linked into place only if
/// `path` does not exist yet ([`Error::Exists`] otherwise), and the folder synced.
///
/// ```
/// use csrkit::{files::write_key, keys::{KeyAlgorithm, PrivateKey}};
/// use std::os::unix::fs::PermissionsExt;
/// let dir = tempfile::tempdir()?;
/// let key = PrivateKey::generate(KeyAlgorithm::EccP256)?;
/// write_key(&dir.path().join("key.pem"), &key, None)?;
/// let mode = std::fs::metadata(dir.path().join("key.pem"))?.permissions().mode();
/// assert_eq!(mode & 0o777, 0o600);
/// // Never over an existing file.
/// assert!(matches!(write_key(&dir.path().join("key.pem"), &key, None),
///                  Err(csrkit::Error::Exists(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_key(path: &Path, key: &PrivateKey, password: Option<&Password>) -> Result<()> {
    let pem = key.to_pem_with(password, crate::keys::KeyCipher::default())?;
    write_atomic(path, pem.as_bytes(), WriteOptions::secret())
}

/// fsyncs a folder: makes the names created in it durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))
}

/// Writes `data` to `path` atomically (see the module documentation).
pub fn write_atomic(path: &Path, data: &[u8], opts: WriteOptions) -> Result<()> {
    prepare(path, data, opts)?.commit()
}

/// A file written and synced under a temporary name beside its target, not yet in
/// place: [`Prepared::commit`] moves it there; dropping it uncommitted removes it. Writers
/// of several files (a key and its CSR) prepare them all before committing any, so a
/// write that fails (a full disk) leaves every old file as it was.
#[derive(Debug)]
pub struct Prepared {
    tmp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
    opts: WriteOptions,
    committed: bool,
}

/// Writes and syncs `data` to a temporary file beside `path` (mode 0600 from creation
/// for a secret); nothing at `path` changes yet.
pub fn prepare(path: &Path, data: &[u8], opts: WriteOptions) -> Result<Prepared> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| Error::io(path, std::io::Error::other("not a file name")))?;
    let (tmp, mut file) = create_temp(&dir, file_name, opts.secret)?;
    let prepared = Prepared {
        tmp,
        target: path.to_path_buf(),
        dir,
        opts,
        committed: false,
    };
    file.write_all(data)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(&prepared.tmp, e))?;
    Ok(prepared)
}

impl Prepared {
    /// Moves the file into place: a hard link that refuses an existing name, or with
    /// `overwrite` a rename over it; then (with `sync_dir`) syncs the folder.
    pub fn commit(mut self) -> Result<()> {
        let result = if self.opts.overwrite {
            fs::rename(&self.tmp, &self.target).map_err(|e| Error::io(&self.target, e))
        } else {
            match fs::hard_link(&self.tmp, &self.target) {
                Ok(()) => {
                    let _ = fs::remove_file(&self.tmp);
                    Ok(())
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(Error::Exists(self.target.clone()))
                }
                Err(e) => Err(Error::io(&self.target, e)),
            }
        };
        if result.is_ok() {
            self.committed = true;
            if self.opts.sync_dir {
                let _ = sync_dir(&self.dir);
            }
        }
        result
    }
}

/// Moves several prepared files into place as one (a key and its CSR): after any
/// failure, every target is as it was before, the old files back under their names and
/// new names gone; on success, every target is new and each folder is synced once.
///
/// Files replaced (`overwrite`) are first kept under a backup name (a hard link beside
/// them: the old file never stops being at its name); the backups are removed at the end.
/// A process killed between the two renames leaves the backup beside the file, so nothing
/// the user had is lost.
pub fn commit_together(files: Vec<Prepared>) -> Result<()> {
    let mut backups: Vec<Option<PathBuf>> = Vec::with_capacity(files.len());
    let drop_backups = |backups: &[Option<PathBuf>]| {
        for b in backups.iter().flatten() {
            let _ = fs::remove_file(b);
        }
    };
    for f in &files {
        if f.opts.overwrite && fs::symlink_metadata(&f.target).is_ok() {
            match link_backup(&f.dir, &f.target) {
                Ok(b) => backups.push(Some(b)),
                Err(e) => {
                    drop_backups(&backups);
                    return Err(e);
                }
            }
        } else {
            backups.push(None);
        }
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for (mut f, backup) in files.into_iter().zip(backups.iter()) {
        f.opts.sync_dir = false;
        let (target, dir) = (f.target.clone(), f.dir.clone());
        if let Err(e) = f.commit() {
            // Put back what was committed: the old file, or no file.
            for (t, b) in done.iter().rev() {
                let _ = match b {
                    Some(b) => fs::rename(b, t),
                    None => fs::remove_file(t),
                };
            }
            drop_backups(&backups);
            return Err(e);
        }
        done.push((target, backup.clone()));
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    drop_backups(&backups);
    for d in &dirs {
        sync_dir(d)?;
    }
    Ok(())
}

/// A hard link to `target` under a fresh backup name beside it.
fn link_backup(dir: &Path, target: &Path) -> Result<PathBuf> {
    let name = target.file_name().unwrap_or_default();
    for attempt in 0..16u32 {
        let mut backup = std::ffi::OsString::from(".");
        backup.push(name);
        backup.push(format!(".{}-{attempt}.bak", std::process::id()));
        let backup = dir.join(backup);
        match fs::hard_link(target, &backup) {
            Ok(()) => return Ok(backup),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(target, e)),
        }
    }
    Err(Error::io(target, std::io::Error::other("no backup name")))
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

fn create_temp(dir: &Path, name: &std::ffi::OsStr, secret: bool) -> Result<(PathBuf, File)> {
    let mut last_err = None;
    for attempt in 0..16u32 {
        // Unique enough without a system call per file (getrandom costs ~50 µs on a VM):
        // process id, a process-wide counter and the clock. Safety does not rest on the
        // name: the file is created with O_CREAT|O_EXCL (never through a planted name or
        // symlink), and a taken name is retried.
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(
            ".{}-{n}-{:x}-{attempt}.tmp",
            std::process::id(),
            nanos
        ));
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

/// How a [`GroupWriter`] stages files before they get their names.
#[cfg(feature = "fs")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Staging {
    /// Unnamed files (`O_TMPFILE`) where the file system has them, named temporary files
    /// elsewhere.
    #[default]
    Auto,
    /// Named temporary files (`.NAME.*.tmp`) beside the targets: the portable way.
    NamedTemp,
}

/// Writes many new files into one folder in group commits, as `batch` does: each file is
/// staged with its whole content (an unnamed `O_TMPFILE` file, or a named temporary one
/// where the file system has no unnamed files), the group is synced once (`syncfs`),
/// then each file is linked to its final name with no overwrite (`linkat` refuses an
/// existing name), and at the end the folder is synced once ([`GroupWriter::finish`]).
///
/// A final name therefore appears only with its whole, durable content, and a process
/// killed at any point leaves no temporary file behind (unnamed files vanish with it;
/// only the named fallback can leave one).
#[cfg(feature = "fs")]
#[derive(Debug)]
pub struct GroupWriter {
    dir: std::fs::File,
    path: PathBuf,
    unnamed: bool,
}

/// A staged file: its content written, no final name yet. Dropped unlinked, it is gone.
#[cfg(feature = "fs")]
#[derive(Debug)]
pub struct Staged {
    file: std::fs::File,
    tmp: Option<PathBuf>,
    name: std::ffi::OsString,
}

#[cfg(feature = "fs")]
impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(t) = &self.tmp {
            let _ = fs::remove_file(t);
        }
    }
}

#[cfg(feature = "fs")]
impl GroupWriter {
    /// Opens `dir` (which must exist) for group commits; with [`Staging::Auto`], finds out
    /// once whether its file system has unnamed files.
    pub fn new(dir: &Path, staging: Staging) -> Result<Self> {
        let f = File::open(dir).map_err(|e| Error::io(dir, e))?;
        let mut w = GroupWriter {
            dir: f,
            path: dir.to_path_buf(),
            unnamed: false,
        };
        if staging == Staging::Auto {
            w.unnamed = w.open_unnamed(false).is_ok();
        }
        Ok(w)
    }

    /// The folder written into.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when files are staged unnamed (`O_TMPFILE`).
    pub fn unnamed(&self) -> bool {
        self.unnamed
    }

    fn open_unnamed(&self, secret: bool) -> std::io::Result<File> {
        use rustix::fs::{Mode, OFlags, openat};
        let mode = Mode::from_raw_mode(if secret { 0o600 } else { 0o644 });
        let fd = openat(
            &self.dir,
            ".",
            OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
            mode,
        )?;
        Ok(File::from(fd))
    }

    /// Writes `data` for the file `name` (mode 0600 from creation when `secret`), not yet
    /// under its name.
    pub fn stage(&self, name: &std::ffi::OsStr, data: &[u8], secret: bool) -> Result<Staged> {
        let (file, tmp) = if self.unnamed {
            let f = self
                .open_unnamed(secret)
                .map_err(|e| Error::io(&self.path, e))?;
            (f, None)
        } else {
            let (tmp, f) = create_temp(&self.path, name, secret)?;
            (f, Some(tmp))
        };
        // Staged first, so that a failed write (a full disk) drops it: nothing is left.
        let mut staged = Staged {
            file,
            tmp,
            name: name.to_os_string(),
        };
        staged
            .file
            .write_all(data)
            .map_err(|e| Error::io(self.path.join(name), e))?;
        Ok(staged)
    }

    /// Makes every staged file's content durable: one `syncfs` for the whole group.
    pub fn sync(&self) -> Result<()> {
        rustix::fs::syncfs(&self.dir).map_err(|e| Error::io(&self.path, e.into()))
    }

    /// Gives a staged (and synced) file its final name; an existing name is refused
    /// ([`Error::Exists`]) and left as it was.
    pub fn link(&self, staged: Staged) -> Result<()> {
        let name = staged.name.clone();
        self.link_as(&staged, &name)
    }

    /// Gives a staged (and synced) file the name `name` (another than the one it was
    /// staged for, say, when that one was taken meanwhile); an existing name is refused
    /// ([`Error::Exists`]) and left as it was, and the staged file can be linked again
    /// under another name.
    pub fn link_as(&self, staged: &Staged, name: &std::ffi::OsStr) -> Result<()> {
        use rustix::fs::{AtFlags, CWD, linkat};
        let target = self.path.join(name);
        let result = match &staged.tmp {
            None => {
                // The unnamed file through its /proc link (no capability needed), or by
                // its descriptor where /proc is not mounted (needs CAP_DAC_READ_SEARCH).
                use std::os::fd::AsRawFd;
                let proc_path = format!("/proc/self/fd/{}", staged.file.as_raw_fd());
                linkat(
                    CWD,
                    proc_path.as_str(),
                    &self.dir,
                    name,
                    AtFlags::SYMLINK_FOLLOW,
                )
                .or_else(|e| {
                    if e == rustix::io::Errno::NOENT {
                        linkat(&staged.file, "", &self.dir, name, AtFlags::EMPTY_PATH)
                    } else {
                        Err(e)
                    }
                })
                .map_err(std::io::Error::from)
            }
            Some(tmp) => fs::hard_link(tmp, &target),
        };
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Exists(target)),
            Err(e) => Err(Error::io(target, e)),
        }
    }

    /// Removes a name this writer linked (a key whose CSR could not be linked).
    pub fn unlink(&self, name: &std::ffi::OsStr) {
        let _ = fs::remove_file(self.path.join(name));
    }

    /// Syncs the folder once: every linked name is durable.
    pub fn finish(&self) -> Result<()> {
        self.dir.sync_all().map_err(|e| Error::io(&self.path, e))
    }
}

/// An error that will repeat for every further file in the same folder: disk full,
/// quota exceeded, a read-only file system, no permission, the folder gone.
pub fn is_fatal_for_folder(e: &Error) -> bool {
    let Error::Io { source, .. } = e else {
        return false;
    };
    matches!(
        source.kind(),
        std::io::ErrorKind::StorageFull
            | std::io::ErrorKind::QuotaExceeded
            | std::io::ErrorKind::ReadOnlyFilesystem
            | std::io::ErrorKind::PermissionDenied
            | std::io::ErrorKind::NotFound
            | std::io::ErrorKind::NotADirectory
    )
}
