//! The metadata sheet on arbitrary text: no panic, one line per message.
#![no_main]
use libfuzzer_sys::fuzz_target;
use skillgap::diag::Diagnostics;

fuzz_target!(|data: &str| {
    let mut diags = Diagnostics::new();
    let _ = skillgap::ingest::metadata::parse(data, std::path::Path::new("metadata.csv"), &mut diags);
    let shown = diags.to_string();
    assert_eq!(shown.lines().count(), diags.len());
});
