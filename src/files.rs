//! Files are what skillgap reads and writes on disk, with the rules every command shares: only
//! regular files (and links to them) are read, since a FIFO would block and a link to a device
//! would be read without end; a file is replaced through a temporary file only where it is a
//! regular file, and written through otherwise; and every temporary path is registered, so that
//! an interrupted run (Ctrl-C, SIGTERM) removes what it left and a later run removes what a
//! killed process left.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::Error;

/// The name of the manifest that marks a folder as skillgap output.
pub const MANIFEST: &str = "manifest.json";

/// The `tool` field of a skillgap manifest.
pub const TOOL: &str = "skillgap";

/// The SHA-256 of `bytes` in lowercase hex, as the manifest records every input.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        use std::fmt::Write;
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Reads a regular file (or the file a link points at) whole. Anything else is refused with
/// [`io::ErrorKind::InvalidInput`] and a message that says what it is.
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {}, not a regular file", kind_of(&meta.file_type())),
        ));
    }
    fs::read(path)
}

/// True when `path` is a regular file or a link to one.
pub fn is_regular(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// What a file that is not a regular file is, for a message.
pub fn kind_of(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_file() {
        "a file"
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// True for a folder holding a manifest written by skillgap. The manifest is read only if it is
/// a regular file of sensible size.
pub fn is_output_folder(dir: &Path) -> bool {
    is_skillgap_manifest(&dir.join(MANIFEST))
}

/// True for a manifest file written by skillgap.
pub fn is_skillgap_manifest(path: &Path) -> bool {
    const MAX_MANIFEST: u64 = 256 << 20;
    let readable = fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() < MAX_MANIFEST);
    readable
        && fs::read_to_string(path)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v.get("tool").and_then(|t| t.as_str()).map(|t| t == TOOL))
            .unwrap_or(false)
}

/// Writes `text` to `path`. A regular file (or a new one) is replaced through a temporary file,
/// so a failure leaves the old file whole; a link to a regular file replaces the file it points
/// at and keeps the link. A FIFO or a device (`-o /dev/stdout`) is written through, never
/// replaced; a folder is refused.
pub fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    write_bytes(path, text.as_bytes())
}

/// [`write_file`] for bytes.
pub fn write_bytes(path: &Path, text: &[u8]) -> Result<(), Error> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let target = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(err(e)),
        Ok(m) if m.file_type().is_symlink() => match fs::metadata(path) {
            // A dangling link: write through it, creating what it points at.
            Err(_) => return fs::write(path, text).map_err(err),
            Ok(t) if t.is_file() => fs::canonicalize(path).map_err(err)?,
            Ok(t) if t.is_dir() => return Err(err(is_a_folder())),
            Ok(_) => return fs::write(path, text).map_err(err),
        },
        Ok(m) if m.is_file() => path.to_path_buf(),
        Ok(m) if m.is_dir() => return Err(err(is_a_folder())),
        Ok(_) => return fs::write(path, text).map_err(err),
    };
    let tmp = Temp::new(tmp_name(&target));
    fs::write(tmp.path(), text).map_err(err)?;
    fs::rename(tmp.path(), &target).map_err(err)?;
    tmp.keep();
    Ok(())
}

fn is_a_folder() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "it is a folder")
}

/// `NAME.tmp-PID` beside `path`.
fn tmp_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

/// Temporary paths that exist now, removed by [`clean_up`] on a signal.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary file or folder: registered for removal on a signal while it lives, and removed
/// when dropped unless [`Temp::keep`] says it has been moved into place.
pub struct Temp {
    path: PathBuf,
    remove: bool,
}

impl Temp {
    pub fn new(path: PathBuf) -> Temp {
        if let Ok(mut t) = TEMPORARY.lock() {
            t.push(path.clone());
        }
        Temp { path, remove: true }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path has been renamed into place: nothing to remove.
    pub fn keep(mut self) {
        self.remove = false;
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Ok(mut t) = TEMPORARY.lock() {
            if let Some(i) = t.iter().rposition(|p| *p == self.path) {
                t.swap_remove(i);
            }
        }
        if self.remove {
            remove(&self.path);
        }
    }
}

fn remove(path: &Path) {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let _ = fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// Removes every registered temporary path. Called from the signal handler thread.
pub fn clean_up() {
    let paths = match TEMPORARY.lock() {
        Ok(mut t) => std::mem::take(&mut *t),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    for p in paths {
        remove(&p);
    }
}

/// Removes, in `dir`, temporary entries `PREFIX.tmp-PID` (and `PREFIX.tmp-PID.old`) left by
/// processes that no longer run: a run killed with SIGKILL or by a power cut cannot clean up
/// after itself. Returns how many were removed.
pub fn remove_stale(dir: &Path, prefix: &str) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|n| n.strip_prefix(".tmp-"))
        else {
            continue;
        };
        let pid = rest.strip_suffix(".old").unwrap_or(rest);
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !process_runs(pid) {
            remove(&e.path());
            removed += 1;
        }
    }
    removed
}

/// Whether a process with this id runs (on Linux, whether `/proc/PID` exists). Where `/proc` is
/// missing every process is taken to run, so nothing is removed by mistake.
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_regular_files_and_writes_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        write_file(&file, "one").unwrap();
        write_file(&file, "two").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "two");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        write_file(&link, "three").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&file).unwrap(), "three");
        let err = write_file(dir.path(), "x").unwrap_err();
        assert!(
            format!("{err}: {}", std::error::Error::source(&err).unwrap())
                .ends_with("it is a folder")
        );
        // Nothing temporary is left behind.
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.csv", "link.csv"]);
    }

    #[test]
    fn refuses_to_read_what_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular(dir.path()).unwrap_err();
        assert_eq!(err.to_string(), "it is a folder, not a regular file");
        let err = read_regular(Path::new("/dev/null")).unwrap_err();
        assert_eq!(err.to_string(), "it is a device, not a regular file");
    }

    #[test]
    fn removes_what_dead_processes_left() {
        let dir = tempfile::tempdir().unwrap();
        // No process has an id this large on Linux (the maximum is 2^22).
        let dead = dir.path().join(".out.tmp-99999999");
        fs::create_dir(&dead).unwrap();
        fs::write(dead.join("codes.csv"), "x").unwrap();
        let alive = dir.path().join(format!(".out.tmp-{}", std::process::id()));
        fs::create_dir(&alive).unwrap();
        let other = dir.path().join(".other.tmp-99999999");
        fs::create_dir(&other).unwrap();
        assert_eq!(remove_stale(dir.path(), ".out"), 1);
        assert!(!dead.exists() && alive.exists() && other.exists());
    }

    #[test]
    fn temporaries_are_removed_on_drop_unless_kept() {
        let dir = tempfile::tempdir().unwrap();
        let t = Temp::new(dir.path().join("x.tmp"));
        fs::write(t.path(), "x").unwrap();
        let p = t.path().to_path_buf();
        drop(t);
        assert!(!p.exists());
        let t = Temp::new(dir.path().join("y.tmp"));
        fs::write(t.path(), "y").unwrap();
        let p = t.path().to_path_buf();
        t.keep();
        assert!(p.exists());
    }
}
