//! The TOML codebook reader on arbitrary text: no panic; a codebook it accepts compiles into
//! a matcher and survives export to CSV and back.
#![no_main]
use libfuzzer_sys::fuzz_target;
use skillgap::codebook::{csv, parse};
use skillgap::diag::Diagnostics;

fuzz_target!(|data: &str| {
    let mut diags = Diagnostics::new();
    let path = std::path::Path::new("cb.toml");
    if let Some(cb) = parse(data, path, "", &mut diags) {
        skillgap::coding::Matcher::new(&cb).expect("a valid codebook compiles");
        let mut again = Diagnostics::new();
        let back = csv::parse(&csv::export_csv(&cb), std::path::Path::new("cb.csv"), "", &mut again);
        assert!(back.is_some(), "exported CSV does not read back: {again}");
    }
    let shown = diags.to_string();
    assert_eq!(shown.lines().count(), diags.len());
});
