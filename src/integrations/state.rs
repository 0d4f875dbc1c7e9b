//! Where ocidoctor keeps files between processes (`last.json`, the shell hook's captures), and
//! how it writes them: private to their owner, and never seen half written.
//!
//! Standard library only: the small `ocidoctor-tee` binary is built from this file too.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The state folder: `$XDG_STATE_HOME/ocidoctor`, by default `~/.local/state/ocidoctor`.
pub fn state_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("state")))?;
    Some(base.join("ocidoctor"))
}

/// Writes `parts` to `path`, readable by its owner only, in a folder only its owner may open
/// (made when missing): written aside first, then renamed into place, so a reader sees the old
/// file or the whole new one.
pub fn write_private(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let aside = dir.join(format!(".{name}.{}", std::process::id()));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&aside)?;
    for part in parts {
        file.write_all(part)?;
    }
    drop(file);
    std::fs::rename(&aside, path)
}
