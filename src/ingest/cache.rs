//! The corpus cache keeps each transcript as parsed (decoded, NFC-normalised, split into turns)
//! under the SHA-256 of its bytes, so that a rerun after a codebook change skips decoding and
//! parsing of every unchanged file. It lives in its own folder (by default `.skillgap-cache`
//! beside the output folder), is keyed by content and by the parser's format, and is safe to
//! delete at any time: a missing, stale or damaged entry is simply parsed again.
//!
//! An entry is `postcard(Entry)` followed by the CRC-32 of those bytes, so a flipped byte is
//! caught before the entry is used, and every token span is checked against its text on load:
//! a damaged entry must never change a table. The parser's format is [`FORMAT`], bumped by
//! hand when parsing or tokenizing changes, together with a fingerprint of what this build's
//! parser makes of a fixed text ([`fingerprint`]), so that a change nobody bumped for still
//! invalidates the entries made by the old code.

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
    format: u32,
    fingerprint: u32,
    encoding: String,
    transcript: Transcript,
}

/// The version of the parsed form: bump it whenever the transcript parser, the NFC step or the
/// tokenizer changes what they make of a text.
pub const FORMAT: u32 = 4;

/// A text that exercises the parser and the tokenizer: front matter, labels, timestamps,
/// manual codes, continuation lines, Swedish and English words, acronyms with inflections,
/// compounds, numbers, punctuation, combining marks and non-Latin scripts.
const PROBE: &str = "---\ninterview: P1\ncompany: Fiktiv AB\n---\nFörord.\n\
I: Vilka kompetenser saknar ni?\n\
[00:01:02] R: Vi behöver PLC-programmering, AI:n och CNC-operatörer. [#ai #plc]\n\
fortsättning på raden: 3D-skrivare, e-post, we don't know… “citat” – 12,5 %\n\
R2: Sa\u{30A}dant (o\u{308}l) och 東京 och Ελλάδα; ingen här kan svetsa!\n\
Int: ok?\nR: Ja.\n";

/// A checksum of what this build's parser and tokenizer make of [`PROBE`].
pub fn fingerprint() -> u32 {
    static PRINT: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *PRINT.get_or_init(|| {
        let text = super::nfc(PROBE.to_owned());
        let mut diags = crate::diag::Diagnostics::new();
        let parsed = super::transcript::parse(
            &text,
            Path::new("probe.md"),
            &super::Roles::default(),
            &mut diags,
        );
        let bytes = postcard::to_stdvec(&parsed).unwrap_or_default();
        crc32fast::hash(&bytes)
    })
}

/// True when every segment's token spans lie, in order, on character boundaries of its text.
fn spans_fit(t: &Transcript) -> bool {
    t.segments.iter().all(|seg| {
        let mut last = 0usize;
        seg.tokens.iter().all(|s| {
            let (start, end) = (s.start as usize, s.end as usize);
            let ok = last <= start
                && start <= end
                && seg.text.is_char_boundary(start)
                && seg.text.is_char_boundary(end);
            last = end;
            ok
        })
    })
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

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.bin"))
    }

    /// The parsed transcript and its encoding, if cached in this build's format and whole. A
    /// hit marks the entry as used now (its modification time), for [`Cache::prune`].
    pub fn get(&self, key: &str) -> Option<(Transcript, String)> {
        let path = self.path(key);
        let bytes = crate::files::read_regular(&path).ok()?;
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
        if crc32fast::hash(body).to_le_bytes() != sum {
            return None;
        }
        let entry: Entry = postcard::from_bytes(body).ok()?;
        if entry.format != FORMAT || entry.fingerprint != fingerprint() {
            return None;
        }
        if !spans_fit(&entry.transcript) {
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
    pub fn put(&self, key: &str, transcript: &Transcript, encoding: &str) -> Result<(), String> {
        let entry = Entry {
            format: FORMAT,
            fingerprint: fingerprint(),
            encoding: encoding.to_owned(),
            transcript: transcript.clone(),
        };
        let mut bytes = postcard::to_stdvec(&entry).map_err(|e| e.to_string())?;
        bytes.extend_from_slice(&crc32fast::hash(&bytes).to_le_bytes());
        fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        let path = self.path(key);
        let tmp =
            crate::files::Temp::new(path.with_extension(format!("tmp-{}", std::process::id())));
        fs::write(tmp.path(), bytes).map_err(|e| e.to_string())?;
        fs::rename(tmp.path(), &path).map_err(|e| e.to_string())?;
        tmp.keep();
        Ok(())
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

    #[test]
    fn any_flipped_byte_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let mut d = Diagnostics::new();
        let t = parse(
            "R: Vi behöver AI och PLC.\nR2: Svetsning.\n",
            Path::new("a.md"),
            &Roles::default(),
            &mut d,
        );
        cache.put("k", &t, "UTF-8").unwrap();
        let good = fs::read(dir.path().join("k.bin")).unwrap();
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x10;
            fs::write(dir.path().join("k.bin"), &bad).unwrap();
            assert!(cache.get("k").is_none(), "byte {i} flipped and still a hit");
        }
        fs::write(dir.path().join("k.bin"), &good).unwrap();
        assert_eq!(cache.get("k").unwrap().0, t);
    }

    #[test]
    fn spans_that_do_not_fit_their_text_are_refused() {
        let mut d = Diagnostics::new();
        let mut t = parse(
            "R: Räksmörgås och AI.\n",
            Path::new("a.md"),
            &Roles::default(),
            &mut d,
        );
        assert!(spans_fit(&t));
        t.segments[0].tokens[0].end = 2; // inside `ä`
        assert!(!spans_fit(&t));
        t.segments[0].tokens[0].end = 4000;
        assert!(!spans_fit(&t));
    }

    /// The parser's output on the probe text is pinned here. When this fails, parsing or
    /// tokenizing has changed: bump [`FORMAT`] and put the new value here, so that caches made
    /// by the old code are parsed again.
    #[test]
    fn format_is_bumped_when_the_parser_changes() {
        assert_eq!((FORMAT, fingerprint()), (4, 4_078_146_071));
    }
}
