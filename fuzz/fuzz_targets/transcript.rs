//! The text reader on arbitrary bytes: decoding, NFC and the transcript parser must not
//! panic, and every token span must lie on character boundaries of its segment's text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use skillgap::diag::Diagnostics;
use skillgap::ingest::reader::Reader;
use skillgap::ingest::transcript::Roles;

fuzz_target!(|data: &[u8]| {
    let mut diags = Diagnostics::new();
    let path = std::path::Path::new("fuzz.md");
    let roles = Roles::new(&["Moderator"]);
    if let Some(read) = skillgap::ingest::text::TEXT.read(data.to_vec(), path, &roles, &mut diags) {
        for seg in &read.transcript.segments {
            let mut last = 0;
            for s in &seg.tokens {
                let (a, b) = (s.start as usize, s.end as usize);
                assert!(last <= a && a <= b && b <= seg.text.len());
                assert!(seg.text.is_char_boundary(a) && seg.text.is_char_boundary(b));
                last = b;
            }
        }
    }
    let _ = diags.to_string();
});
