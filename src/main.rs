//! The `skillgap` binary: parse the command line, run one library command, print the outcome
//! and exit with 0 (done), 1 (problems in the input or a failed run) or 2 (bad usage).

mod cli;

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;

use cli::{Cli, Command};
use skillgap::config::{self, Inputs, RunConfig};
use skillgap::diag::Diagnostics;
use skillgap::report::Language;
use skillgap::{plural, Error};

/// A run allocates and frees many small strings per segment from several threads; mimalloc
/// does that in about half the time of the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's `mi_option_set`, linked in by the `mimalloc` crate.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc's option enum (the same in mimalloc 2 and 3).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// A run frees and allocates its per-batch memory every few milliseconds; by default mimalloc
/// hands freed pages back to the system after 10 ms and then takes them again, page fault by page
/// fault. A batch run is short and its peak is what counts, so it keeps them.
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: mi_option_set only stores the value; it is called before any other thread exists.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    keep_freed_memory();
    clean_up_on_signal();
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(err) => {
            if let Error::Input(diags) = &err {
                err_out(&diags.to_string());
            }
            err_out(&format!("skillgap: {}\n", chain(&err)));
            match err {
                Error::Usage(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP, removes the temporary files and staging folders of the
/// command (the previous output stays as it was) and dies of the signal, as the shell expects.
fn clean_up_on_signal() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            skillgap::files::clean_up();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
}

/// The error and its causes, `: `-separated.
fn chain(err: &dyn std::error::Error) -> String {
    let mut s = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        s.push_str(": ");
        s.push_str(&e.to_string());
        source = e.source();
    }
    s
}

fn dispatch(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Run(args) => {
            if let Some(n) = args.threads {
                if n == 0 {
                    return Err(Error::Usage("--threads must be at least 1".into()));
                }
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
                    .map_err(|e| Error::Internal(e.to_string()))?;
            }
            let mut inputs = Inputs::new(&args.inputs.interviews, &args.inputs.codebook)?;
            inputs.interviewers = args.inputs.interviewer.clone();
            inputs.columns = args.inputs.columns();
            if !args.no_cache {
                inputs.cache = Some(
                    args.cache
                        .unwrap_or_else(|| config::default_cache(&args.out)),
                );
            }
            let mut cfg = RunConfig::new(inputs, &args.out, !args.quiet)?;
            cfg.min_cell = args.min_cell;
            cfg.include_text = args.include_text;
            cfg.report_per = args.report_per.clone();
            cfg.qdpx = args.qdpx.clone();
            cfg.salt = config::salt(
                args.pseudonymize,
                args.salt.as_deref(),
                args.salt_file.as_deref(),
                std::env::var(config::SALT_ENV).ok(),
            )?;
            cfg.lang = match args.lang {
                cli::Lang::Sv => Language::Sv,
                cli::Lang::En => Language::En,
            };
            let summary = skillgap::run(&cfg)?;
            print_warnings(&summary.warnings);
            if !args.quiet {
                out(&format!("{summary}\n"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kwic(args) => {
            if args.width > skillgap::cmd::kwic::MAX_WIDTH {
                return Err(Error::Usage(format!(
                    "--width {} is more than {} characters of context; a whole turn shows with \
                     --csv",
                    args.width,
                    skillgap::cmd::kwic::MAX_WIDTH
                )));
            }
            let mut inputs = Inputs::new(&args.inputs.interviews, &args.inputs.codebook)?;
            inputs.interviewers = args.inputs.interviewer.clone();
            inputs.columns = args.inputs.columns();
            let k = skillgap::cmd::kwic::kwic(&inputs, &args.target, args.regex, args.width)?;
            print_warnings(&k.warnings);
            if args.csv {
                out(&skillgap::cmd::kwic::to_csv(&k))?;
            } else {
                out(&skillgap::cmd::kwic::render(&k, args.width))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Agree(args) => {
            let mut inputs = Inputs::new(&args.inputs.interviews, &args.inputs.codebook)?;
            inputs.interviewers = args.inputs.interviewer.clone();
            inputs.columns = args.inputs.columns();
            let a = skillgap::cmd::agree::agree(&inputs, &args.manual, &args.coder)?;
            print_warnings(&a.warnings);
            out(&skillgap::cmd::agree::render(&a))?;
            let written = a.write(&args.out)?;
            out(&format!(
                "wrote {} files to {}\n",
                written.len(),
                args.out.display()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare(args) => {
            let c = skillgap::cmd::compare::compare(&args.baseline, &args.followup)?;
            out(&skillgap::cmd::compare::render(&c))?;
            let lang = match args.lang {
                Some(cli::Lang::Sv) => Language::Sv,
                Some(cli::Lang::En) => Language::En,
                None => c.language(),
            };
            let dir = args
                .out
                .unwrap_or_else(|| skillgap::cmd::compare::default_out(&args.followup));
            let written = c.write(&dir, lang)?;
            out(&format!(
                "wrote {} files to {}\n",
                written.len(),
                dir.display()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff(args) => {
            let d = skillgap::cmd::diff::diff(&args.old, &args.new)?;
            out(&skillgap::cmd::diff::render(&d))?;
            let path = args.out.unwrap_or_else(|| args.new.join("diff.csv"));
            skillgap::write_file(&path, &skillgap::cmd::diff::to_csv(&d))?;
            out(&format!("wrote {}\n", path.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Codebook(cmd) => {
            let (path, format, dest, names_as_terms) = match cmd {
                cli::CodebookCommand::Export {
                    codebook,
                    format,
                    out,
                } => (codebook, format, out, false),
                cli::CodebookCommand::Import {
                    file,
                    out,
                    names_as_terms,
                } => (file, cli::Format::Toml, out, names_as_terms),
            };
            let format = match format {
                cli::Format::Csv => skillgap::CodebookFormat::Csv,
                cli::Format::Toml => skillgap::CodebookFormat::Toml,
                cli::Format::Qdc => skillgap::CodebookFormat::Qdc,
            };
            if dest.as_deref().is_some_and(|o| same_file(o, &path)) {
                return Err(Error::Usage(format!(
                    "-o `{}` is the codebook being read; write to another file",
                    path.display()
                )));
            }
            let (text, warnings) = skillgap::convert_codebook(&path, format, names_as_terms)?;
            print_warnings(&warnings);
            match dest {
                Some(o) => skillgap::write_file(&o, &text)?,
                // The byte-order mark is for Excel opening a file, not for a terminal or pipe.
                None => out(text.strip_prefix('\u{feff}').unwrap_or(&text))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(args) => {
            let mut inputs = Inputs::new(&args.inputs.interviews, &args.inputs.codebook)?;
            inputs.interviewers = args.inputs.interviewer.clone();
            inputs.columns = args.inputs.columns();
            let opts = skillgap::lint::Options {
                max_glob_types: args.glob_types,
            };
            let report = skillgap::check(&inputs, opts)?;
            let d = &report.diagnostics;
            out(&d.to_string())?;
            if d.has_errors() {
                out(&format!(
                    "check: {} and {}\n",
                    plural(d.errors(), "error"),
                    plural(d.warnings(), "warning")
                ))?;
                Ok(ExitCode::from(1))
            } else {
                out(&format!(
                    "check: ok: {} codes, {}, {}; {}\n",
                    report.codes,
                    plural(report.interviews, "interview"),
                    plural(report.segments, "segment"),
                    plural(d.warnings(), "warning")
                ))?;
                Ok(ExitCode::SUCCESS)
            }
        }
    }
}

fn print_warnings(warnings: &[skillgap::diag::Diagnostic]) {
    let mut d = Diagnostics::new();
    for w in warnings {
        d.warning(&w.path, w.line, w.message.clone());
    }
    err_out(&d.to_string());
}

/// Set once standard output is a closed pipe (`skillgap diff a b | head -3`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to standard output. A closed pipe is not a failure: the reader has what it
/// wanted, so the command goes on (a `diff` still writes its CSV) and prints nothing more, and
/// exits 0, as ripgrep and bat do. Any other failure (`> /dev/full`) is an error.
fn out(text: &str) -> Result<(), Error> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(source) => Err(Error::Write {
            path: "standard output".into(),
            source,
        }),
    }
}

/// Writes `text` to standard error; there is nowhere left to report a failure to.
fn err_out(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
