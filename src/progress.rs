//! Progress is the bar shown while a long stage runs. It is drawn on standard error only when
//! that is a terminal, so logs and pipes stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that may be hidden.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    pub fn new(enabled: bool, len: u64, what: &'static str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
        if enabled && std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{msg:>8} [{bar:30}] {pos}/{len} interviews ({elapsed}, {eta} left)",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(what);
        }
        Progress { bar }
    }

    pub fn inc(&self) {
        self.bar.inc(1);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
