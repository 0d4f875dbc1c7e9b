//! The last failure that was diagnosed (by `ocidoctor run`, a shell hook or the Docker hook),
//! kept so that `ocidoctor last` can show the full report: `$XDG_STATE_HOME/ocidoctor/last.json`
//! (default `~/.local/state/ocidoctor/last.json`), readable by its owner only, since error
//! output can hold secrets.

use super::state::{state_dir, write_private};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One failed command and the end of what it printed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    /// The command line, as given.
    pub command: Vec<String>,
    /// Its exit status, when known (128+N after signal N).
    pub exit_code: Option<i32>,
    /// Seconds since the Unix epoch when it failed.
    pub when: u64,
    /// Who recorded it: `run` (the wrapper and shell hooks) or `docker-hook`.
    pub via: String,
    /// The captured error output (its end, when it was long).
    pub output: String,
}

fn path() -> Option<PathBuf> {
    Some(state_dir()?.join("last.json"))
}

/// Records `failure` with its credentials masked (`docker login -p ...` on the command line,
/// tokens in the output), replacing the previous one (written aside, then renamed into place).
pub fn save(failure: &Failure) -> std::io::Result<()> {
    let mut failure = failure.clone();
    let line = failure.command.join(" ");
    if let std::borrow::Cow::Owned(masked) = ocidoctor::redact::redact(&line) {
        failure.command = masked.split(' ').map(str::to_string).collect();
    }
    ocidoctor::redact::redact_in_place(&mut failure.output);
    let path = path().ok_or_else(|| std::io::Error::other("neither XDG_STATE_HOME nor HOME is set"))?;
    write_private(&path, &[serde_json::to_string(&failure)?.as_bytes()])
}

/// The last recorded failure, or `None` when there is none yet.
pub fn load() -> std::io::Result<Option<Failure>> {
    let Some(path) = path() else { return Ok(None) };
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// "12 seconds ago", "3 minutes ago", ...
pub fn ago(when: u64) -> String {
    let secs = now().saturating_sub(when);
    let (n, unit) = match secs {
        0..=59 => (secs, "second"),
        60..=3599 => (secs / 60, "minute"),
        3600..=86399 => (secs / 3600, "hour"),
        _ => (secs / 86400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}
