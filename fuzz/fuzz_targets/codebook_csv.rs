//! The CSV codebook reader on arbitrary text: no panic, one line per message.
#![no_main]
use libfuzzer_sys::fuzz_target;
use skillgap::diag::Diagnostics;

fuzz_target!(|data: &str| {
    let mut diags = Diagnostics::new();
    if let Some(cb) = skillgap::codebook::csv::parse(data, std::path::Path::new("cb.csv"), "", &mut diags) {
        skillgap::coding::Matcher::new(&cb).expect("a valid codebook compiles");
    }
    let shown = diags.to_string();
    assert_eq!(shown.lines().count(), diags.len());
});
