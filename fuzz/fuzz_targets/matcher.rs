//! The matcher of the shipped codebook on arbitrary text: no panic, and every match lies on
//! character boundaries with character offsets that agree with its byte span.
#![no_main]
use libfuzzer_sys::fuzz_target;
use skillgap::coding::{Coder, Matcher};
use skillgap::diag::Diagnostics;

static CODEBOOK: &str = include_str!("../../codebook/skills.toml");

fn matcher() -> &'static Matcher {
    static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let mut d = Diagnostics::new();
        let cb = skillgap::codebook::parse(CODEBOOK, std::path::Path::new("skills.toml"), "", &mut d)
            .expect("the shipped codebook is valid");
        // The matcher borrows nothing from the codebook it was built from.
        Matcher::new(&cb).expect("the shipped codebook compiles")
    })
}

fuzz_target!(|text: &str| {
    let mut coder = Coder::new(matcher());
    for m in coder.matches(text) {
        assert!(m.start <= m.end && m.end <= text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert_eq!(m.char_start, text[..m.start].chars().count());
        assert_eq!(m.char_end, text[..m.end].chars().count());
    }
});
