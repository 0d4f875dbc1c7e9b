//! Errors the library reports; each says what went wrong and how to fix it.

use std::path::PathBuf;

/// Everything that can stop ocidoctor from producing a diagnosis.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file named by the user.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A rule file is not valid YAML or does not follow the rule schema.
    #[error("{file}:{line}:{column}: {message}\n  hint: {hint}")]
    Rule {
        /// The rule file.
        file: String,
        /// 1-based line, 0 when unknown.
        line: u64,
        /// 1-based column, 0 when unknown.
        column: u64,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// A rule directory could not be listed.
    #[error("cannot read rule folder {path}: {source}")]
    RuleDir {
        /// The folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// No rule has the id the user asked for.
    #[error("no rule with id `{0}`\n  hint: `ocidoctor rules list` shows every id")]
    UnknownRule(String),
}
