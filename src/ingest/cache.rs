//! The corpus cache keeps each transcript as parsed (decoded, NFC-normalised, split into turns)
//! under the SHA-256 of its bytes, so that a rerun after a codebook change skips decoding and
//! parsing of every unchanged file. It lives in its own folder (by default `.skillgap-cache`
//! beside the output folder), is keyed by content and tool version, and is safe to delete at any
//! time: a missing, stale or unreadable entry is simply parsed again.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::transcript::Transcript;

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    tool: String,
    encoding: String,
    transcript: Transcript,
}

fn tool() -> String {
    format!("skillgap {}", env!("CARGO_PKG_VERSION"))
}

impl Cache {
    pub fn new(dir: &Path) -> Cache {
        Cache {
            dir: dir.to_path_buf(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, sha256: &str) -> PathBuf {
        self.dir.join(format!("{sha256}.bin"))
    }

    /// The parsed transcript and its encoding, if cached by this version of skillgap. A hit
    /// marks the entry as used now (its modification time), for [`Cache::prune`].
    pub fn get(&self, sha256: &str) -> Option<(Transcript, String)> {
        let path = self.path(sha256);
        let bytes = fs::read(&path).ok()?;
        let entry: Entry = postcard::from_bytes(&bytes).ok()?;
        if entry.tool != tool() {
            return None;
        }
        if let Ok(f) = fs::File::options().append(true).open(&path) {
            let _ = f.set_modified(std::time::SystemTime::now());
        }
        Some((entry.transcript, entry.encoding))
    }

    /// Removes entries not used for `max_age` (files edited long ago, other corpora, older
    /// versions of skillgap), so the folder does not grow without bound. Returns how many.
    pub fn prune(&self, max_age: std::time::Duration) -> usize {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return 0;
        };
        let now = std::time::SystemTime::now();
        let mut removed = 0;
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age > max_age);
            let ours = e.file_name().to_string_lossy().ends_with(".bin");
            if old && ours && fs::remove_file(e.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }

    /// Stores a parsed transcript. Failing to write is not an error (the cache only saves
    /// time); the reason is returned for a warning.
    pub fn put(&self, sha256: &str, transcript: &Transcript, encoding: &str) -> Result<(), String> {
        let entry = Entry {
            tool: tool(),
            encoding: encoding.to_owned(),
            transcript: transcript.clone(),
        };
        let bytes = postcard::to_stdvec(&entry).map_err(|e| e.to_string())?;
        fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        let path = self.path(sha256);
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        fs::write(&tmp, bytes).map_err(|e| e.to_string())?;
        fs::rename(&tmp, &path).map_err(|e| {
            let _ = fs::remove_file(&tmp);
            e.to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::ingest::transcript::{parse, Roles};

    #[test]
    fn round_trip_and_misses() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(&dir.path().join("c"));
        let mut d = Diagnostics::new();
        let t = parse(
            "---\nsector: x\n---\nI: Fråga?\n[00:01:02] R: Svar [#ai].\nmer\n",
            Path::new("a.md"),
            &Roles::default(),
            &mut d,
        );
        assert!(cache.get("abc").is_none());
        cache.put("abc", &t, "windows-1252").unwrap();
        let (back, enc) = cache.get("abc").unwrap();
        assert_eq!(back, t);
        assert_eq!(enc, "windows-1252");
        // Entries used recently stay, old ones go.
        assert_eq!(cache.prune(std::time::Duration::from_secs(3600)), 0);
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        fs::File::options()
            .append(true)
            .open(dir.path().join("c/abc.bin"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(cache.prune(std::time::Duration::from_secs(3600)), 1);
        assert!(cache.get("abc").is_none());
        cache.put("abc", &t, "UTF-8").unwrap();
        // A corrupt entry is a miss, not an error.
        fs::write(dir.path().join("c/abc.bin"), b"\x00garbage").unwrap();
        assert!(cache.get("abc").is_none());
    }
}
