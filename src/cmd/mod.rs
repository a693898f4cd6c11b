//! Commands, one file each: each takes its validated configuration and returns what `main`
//! prints, and goes through the corpus, where it reads one, by [`crate::pipeline`]. A new
//! command is a new file here, a variant in `cli.rs` and a match arm in `main.rs`.

pub mod agree;
pub mod check;
pub mod codebook;
pub mod compare;
pub mod diff;
pub mod kwic;
pub mod run;
