//! The front matter block on arbitrary text after `---`: no panic, and every message is one line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use skillgap::diag::Diagnostics;
use skillgap::ingest::transcript::{parse, Roles};

fuzz_target!(|data: &str| {
    let text = format!("---\n{data}\n---\nR: Vi behöver svetsare.\n");
    let mut diags = Diagnostics::new();
    let _ = parse(&text, std::path::Path::new("fm.md"), &Roles::default(), &mut diags);
    let shown = diags.to_string();
    assert_eq!(shown.lines().count(), diags.len());
});
