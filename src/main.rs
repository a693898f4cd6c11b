//! The `skillgap` binary: parse the command line, run one library command, print the outcome
//! and exit with 0 (done), 1 (problems in the input or a failed run) or 2 (bad usage).

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use skillgap::config::{Inputs, RunConfig};
use skillgap::diag::Diagnostics;
use skillgap::{plural, Error};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(err) => {
            if let Error::Input(diags) = &err {
                eprint!("{diags}");
            }
            eprintln!("skillgap: {}", chain(&err));
            match err {
                Error::Usage(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
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
            let inputs = Inputs::new(&args.inputs.interviews, &args.inputs.codebook)?;
            let cfg = RunConfig::new(inputs, &args.out, !args.quiet)?;
            let summary = skillgap::run(&cfg)?;
            let mut warnings = Diagnostics::new();
            for w in &summary.warnings {
                warnings.warning(&w.path, w.line, w.message.clone());
            }
            eprint!("{warnings}");
            if !args.quiet {
                println!("{summary}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(args) => {
            let inputs = Inputs::new(&args.interviews, &args.codebook)?;
            let report = skillgap::check(&inputs)?;
            let d = &report.diagnostics;
            print!("{d}");
            if d.has_errors() {
                println!(
                    "check: {} and {}",
                    plural(d.errors(), "error"),
                    plural(d.warnings(), "warning")
                );
                Ok(ExitCode::from(1))
            } else {
                println!(
                    "check: ok: {} codes, {}, {}; {}",
                    report.codes,
                    plural(report.interviews, "interview"),
                    plural(report.segments, "segment"),
                    plural(d.warnings(), "warning")
                );
                Ok(ExitCode::SUCCESS)
            }
        }
    }
}
