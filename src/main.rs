//! The `ocidoctor` binary: parse arguments, run, map the result to an exit code.

mod app;
mod cli;
mod progress;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("ocidoctor: {err}");
            ExitCode::from(2)
        }
    }
}
