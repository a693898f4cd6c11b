//! Pseudonyms replace company and interview ids, speaker labels and file names with stable codes
//! derived by HMAC-SHA-256 from a salt that the user supplies and keeps. The same salt gives the
//! same pseudonyms in every run, so outputs can be compared; without the salt the ids cannot be
//! recovered, since the inputs are few and guessable but the key is not.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::Corpus;

/// Derives pseudonyms with one salt.
pub struct Pseudonymizer {
    mac: Hmac<Sha256>,
}

impl Pseudonymizer {
    pub fn new(salt: &str) -> Pseudonymizer {
        Pseudonymizer {
            mac: Hmac::new_from_slice(salt.as_bytes()).expect("HMAC takes keys of any length"),
        }
    }

    /// An interview id's pseudonym, `I-` and 10 hex digits: the one rule, for the tables and
    /// the manifest alike.
    pub fn interview(&self, id: &str) -> String {
        self.pseudonym("I", "interview", id)
    }

    /// A company's pseudonym, `C-` and 10 hex digits.
    pub fn company(&self, company: &str) -> String {
        self.pseudonym("C", "company", company)
    }

    /// `prefix-` and 10 hex digits (40 bits) of HMAC(salt, kind NUL id).
    pub fn pseudonym(&self, prefix: &str, kind: &str, id: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(id.as_bytes());
        let bytes = mac.finalize().into_bytes();
        let hex: String = bytes.iter().take(5).map(|b| format!("{b:02x}")).collect();
        format!("{prefix}-{hex}")
    }
}

/// Speaker labels replaced by their role letter and order of appearance within the interview:
/// `R1`, `R2`, `I1` (labels can be names).
pub fn speaker_labels(segments: &[super::Segment]) -> HashMap<String, String> {
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for seg in segments {
        let letter = match seg.role {
            super::Role::Interviewer => "I",
            super::Role::Respondent => "R",
        };
        labels.entry(seg.speaker.clone()).or_insert_with(|| {
            let n = counts.entry(letter).or_insert(0);
            *n += 1;
            format!("{letter}{n}")
        });
    }
    labels
}

/// The 40 bits of an interview's pseudonym as a number, which orders interviews as their
/// pseudonyms do (`I-` and ten lowercase hex digits).
pub fn order_of(pseudonym: &str) -> u64 {
    pseudonym
        .get(2..)
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .unwrap_or(u64::MAX)
}

/// Replaces every identifying name in the corpus: interview ids (`I-…`), companies (`C-…`), file
/// paths (`F-…`) and speaker labels (role letter and order of appearance within the interview,
/// `R1`, `R2`, `I1`). Interviews are re-sorted by pseudonym so that row order gives nothing away.
pub fn pseudonymize(corpus: &mut Corpus, salt: &str) -> Result<(), String> {
    let p = Pseudonymizer::new(salt);
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut check = |pseudonym: &str, original: &str| -> Result<(), String> {
        match seen.insert(pseudonym.to_owned(), original.to_owned()) {
            Some(other) if other != original => Err(format!(
                "two ids share the pseudonym {pseudonym}; use another salt"
            )),
            _ => Ok(()),
        }
    };
    let mut paths: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for f in &mut corpus.files {
        let new = PathBuf::from(p.pseudonym("F", "file", &f.path.to_string_lossy()));
        paths.insert(f.path.clone(), new.clone());
        f.path = new;
    }
    for iv in &mut corpus.interviews {
        let id = p.interview(&iv.id);
        check(&id, &format!("interview {}", iv.id))?;
        let company = p.company(&iv.company);
        check(&company, &format!("company {}", iv.company))?;
        iv.id = id;
        iv.company = company;
        iv.path = paths
            .get(&iv.path)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(&iv.id));
        let labels = speaker_labels(&iv.segments);
        for seg in &mut iv.segments {
            if let Some(label) = labels.get(&seg.speaker) {
                seg.speaker = label.clone();
            }
        }
    }
    corpus.interviews.sort_by(|a, b| a.id.cmp(&b.id));
    corpus.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::ingest::{transcript, Interview};
    use std::path::Path;

    #[test]
    fn stable_per_salt_and_kind() {
        let a = Pseudonymizer::new("hemligt");
        let b = Pseudonymizer::new("annat");
        assert_eq!(
            a.pseudonym("C", "company", "C01"),
            a.pseudonym("C", "company", "C01")
        );
        assert_ne!(
            a.pseudonym("C", "company", "C01"),
            b.pseudonym("C", "company", "C01")
        );
        assert_ne!(
            a.pseudonym("C", "company", "X"),
            a.pseudonym("I", "interview", "X")
        );
        let p = a.pseudonym("C", "company", "C01");
        assert_eq!(p.len(), 12);
        assert!(p.starts_with("C-") && p[2..].bytes().all(|c| c.is_ascii_hexdigit()));
        // HMAC-SHA-256 known answer: key "key", message "company\0C01".
        use hmac::Mac;
        let mut mac = Hmac::<Sha256>::new_from_slice(b"key").unwrap();
        mac.update(b"company\0C01");
        let want: String = mac.finalize().into_bytes()[..5]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            Pseudonymizer::new("key").pseudonym("C", "company", "C01"),
            format!("C-{want}")
        );
    }

    #[test]
    fn corpus_ids_speakers_and_paths_are_replaced() {
        let mut d = Diagnostics::new();
        let t = transcript::parse(
            "I: Fråga?\nLena K.: Svar.\nI: Mer?\nOskar: Ja.\nLena K.: Nej.\n",
            Path::new("x"),
            &Default::default(),
            &mut d,
        );
        let mut corpus = Corpus {
            interviews: vec![Interview {
                id: "IP01".into(),
                company: "Verkstaden AB".into(),
                path: "interviews/IP01.md".into(),
                attributes: Default::default(),
                segments: t.segments,
                n_segments: 0,
            }],
            files: vec![crate::ingest::InputFile {
                path: "interviews/IP01.md".into(),
                sha256: String::new(),
                encoding: "UTF-8",
            }],
            cached_files: 0,
        };
        pseudonymize(&mut corpus, "salt").unwrap();
        let iv = &corpus.interviews[0];
        let p = Pseudonymizer::new("salt");
        assert_eq!(iv.id, p.pseudonym("I", "interview", "IP01"));
        assert_eq!(iv.company, p.pseudonym("C", "company", "Verkstaden AB"));
        assert_eq!(iv.path, corpus.files[0].path);
        assert!(!iv.path.to_string_lossy().contains("IP01"));
        let speakers: Vec<&str> = iv.segments.iter().map(|s| s.speaker.as_str()).collect();
        assert_eq!(speakers, ["I1", "R1", "I1", "R2", "R1"]);
    }
}
