//! The command line as clap structs, without logic; `main` turns them into a `Config`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Batch pipeline for skills-gap interview studies: transcripts and a codebook in, demand
/// tables out.
#[derive(Debug, Parser)]
#[command(name = "skillgap", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Code the transcripts and write every table and the manifest to the output folder.
    Run(RunArgs),
    /// Validate the codebook, transcripts and metadata; write nothing.
    Check(InputArgs),
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Folder of transcripts (*.md, *.txt) and an optional metadata.csv.
    #[arg(long, value_name = "DIR", default_value = "interviews")]
    pub interviews: PathBuf,
    /// Codebook file (TOML).
    #[arg(long, value_name = "FILE", default_value = "codebook/skills.toml")]
    pub codebook: PathBuf,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Output folder; replaced as a whole when the run succeeds.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Worker threads for coding (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print nothing but warnings and errors.
    #[arg(long, short)]
    pub quiet: bool,
}
