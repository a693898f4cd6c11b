//! The command line as clap structs, without logic; `main` turns them into a `Config`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Validate the codebook, transcripts and metadata, and lint the codebook against the
    /// corpus; write nothing.
    Check(CheckArgs),
    /// Show every match of a code, a term or a regex in its context.
    Kwic(KwicArgs),
    /// Compare two output folders (e.g. before and after a codebook change).
    Diff(DiffArgs),
    /// Compare two study waves (a follow-up against its baseline): per code the share of
    /// companies in each and the difference with a Newcombe 95 % interval.
    Compare(CompareArgs),
    /// Agreement per code: automatic coding against the manual codes in the transcripts, or
    /// two coders' manual codes (--manual A --manual B).
    Agree(AgreeArgs),
    /// Convert a codebook between TOML and CSV.
    #[command(subcommand)]
    Codebook(CodebookCommand),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Warn about a glob that matches more than N different words.
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub glob_types: usize,
}

#[derive(Debug, Args)]
pub struct KwicArgs {
    /// A code id (the code and its sub-codes), a term (codebook term semantics), or with
    /// --regex a regular expression.
    pub target: String,
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Take TARGET as a regular expression (case-insensitive).
    #[arg(long)]
    pub regex: bool,
    /// Characters of context on each side.
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub width: usize,
    /// Write CSV to standard output instead of aligned lines.
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Args)]
pub struct AgreeArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// A folder of one coder's manually coded transcripts; give two to compare two coders
    /// (the second is the reference).
    #[arg(long, value_name = "DIR")]
    pub manual: Vec<PathBuf>,
    /// A coder of a REFI-QDA project (--interviews project.qdpx), by user name: one to compare
    /// with the automatic coding, two to compare with each other (the second is the reference).
    #[arg(long, value_name = "NAME")]
    pub coder: Vec<String>,
    /// Folder for agreement.csv/.parquet and agreement_segments.csv/.parquet.
    #[arg(long, value_name = "DIR", default_value = "output/agreement")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The baseline wave's output folder (written by `skillgap run`).
    pub baseline: PathBuf,
    /// The follow-up wave's output folder.
    pub followup: PathBuf,
    /// Folder for compare.csv, compare.parquet, compare.html and compare.xlsx (default:
    /// FOLLOWUP/compare).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Language of the page and the sheet (default: the language of the follow-up's reports).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier output folder.
    pub old: PathBuf,
    /// The later output folder.
    pub new: PathBuf,
    /// Where to write the differences as CSV (default: NEW/diff.csv).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CodebookCommand {
    /// Write the codebook as CSV (for Excel) or TOML.
    Export {
        /// Codebook file (TOML, CSV, or REFI-QDA .qdc / .qdpx).
        #[arg(long, value_name = "FILE", default_value = "codebook/skills.toml")]
        codebook: PathBuf,
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Output file (default: standard output).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Read a CSV, REFI-QDA (.qdc, or the codebook of a .qdpx project) or TOML codebook,
    /// validate it and write it as TOML.
    Import {
        /// The codebook to import.
        file: PathBuf,
        /// REFI-QDA: make each code's name its first term (codes carry no terms in REFI-QDA).
        #[arg(long)]
        names_as_terms: bool,
        /// Output file (default: standard output).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Toml,
    /// A REFI-QDA codebook (QDA-XML), for NVivo, ATLAS.ti, MAXQDA, QualCoder.
    Qdc,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Folder of transcripts (*.md, *.txt, *.docx, *.vtt, *.srt) and an optional metadata.csv,
    /// or a REFI-QDA project (*.qdpx).
    #[arg(long, value_name = "DIR", default_value = "interviews")]
    pub interviews: PathBuf,
    /// Codebook file (TOML).
    #[arg(long, value_name = "FILE", default_value = "codebook/skills.toml")]
    pub codebook: PathBuf,
    /// A speaker label of an interviewer, beside the codebook's interviewer_labels (e.g. the
    /// interviewer's name in Teams or Zoom captions); repeat for several.
    #[arg(long, value_name = "NAME")]
    pub interviewer: Vec<String>,
    /// With --interviews FILE.csv or FILE.jsonl (one document per row): the column, or JSON
    /// field path such as description.text, that holds the text.
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    /// The column or field path of each row's id (default: the row number).
    #[arg(long, value_name = "NAME", requires = "text_column")]
    pub id_column: Option<String>,
    /// Make each paragraph of a row's text (parts between blank lines) a turn of its own.
    #[arg(long, requires = "text_column")]
    pub paragraphs: bool,
}

impl InputArgs {
    /// How to read a table of one document per row.
    pub fn columns(&self) -> skillgap::ingest::table::Columns {
        skillgap::ingest::table::Columns {
            text: self.text_column.clone().unwrap_or_default(),
            id: self.id_column.clone(),
            paragraphs: self.paragraphs,
        }
    }
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
    /// Publication mode: blank company counts below K (overrides the codebook's min_cell).
    #[arg(long, value_name = "K")]
    pub min_cell: Option<u32>,
    /// Write transcript text (segments.text, quotes) even in publication mode.
    #[arg(long)]
    pub include_text: bool,
    /// Replace company and interview ids, speaker labels and file names by keyed pseudonyms.
    #[arg(long)]
    pub pseudonymize: bool,
    /// Key for --pseudonymize (prefer --salt-file or SKILLGAP_SALT: they stay out of history).
    #[arg(long, value_name = "TEXT")]
    pub salt: Option<String>,
    /// File holding the key for --pseudonymize.
    #[arg(long, value_name = "FILE")]
    pub salt_file: Option<PathBuf>,
    /// Folder for the parsed-corpus cache (default: .skillgap-cache beside the output folder).
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
    /// Parse every transcript; neither read nor write the cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Language of report.html, report.xlsx and summary.md.
    #[arg(long, value_enum, default_value = "sv")]
    pub lang: Lang,
    /// Also write report-<value>.html per value of this group_by attribute (e.g. one page per
    /// subregion), each group beside the whole region, and by_<ATTRIBUTE>_vs_region.
    #[arg(long, value_name = "ATTRIBUTE")]
    pub report_per: Vec<String>,
    /// Also write the automatic coding as a REFI-QDA project NAME (e.g. review.qdpx) in the
    /// output folder, to review in QualCoder, NVivo, ATLAS.ti or MAXQDA.
    #[arg(long, value_name = "NAME")]
    pub qdpx: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Lang {
    Sv,
    En,
}
