//! The `ocidoctor` binary: parse arguments, run, map the result to an exit code.

mod app;
mod cli;
mod integrations;
mod progress;
mod rules_cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    match app::start(std::env::args_os().collect()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("ocidoctor: {err}");
            ExitCode::from(2)
        }
    }
}
