//! The shell hook's capture beside a command: `ocidoctor hook-tee KEY TOKEN` reads the command's
//! standard error from a pipe, passes it on to its own standard error, and when the pipe closes
//! saves the last bytes for `ocidoctor hook-report KEY TOKEN STATUS -- CMD`, which the hook calls
//! only when the command failed.
//!
//! The hook starts the copier beside the command (`cmd 2> >(ocidoctor hook-tee ...)` in bash
//! and zsh, a pipeline of standard error in fish), as one would start `tee`, so a successful
//! command costs what a tee costs.
//! KEY names the shell (its pid), so each shell has one capture file, replaced by every call;
//! TOKEN, a random number the hook draws for each call, lets the reporter tell this call's
//! capture from an earlier one (a pipeline runs the hook in a subshell, so a counter would not
//! do). The file lives in `$XDG_RUNTIME_DIR/ocidoctor` (memory, private to the user), else next
//! to `last.json`; it is readable by its owner only, and files of shells that have exited are
//! removed as the copier finishes.

use super::tail::{pump, Tail};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long the reporter waits for the copier to save the capture: the copier saves it when
/// the last holder of the pipe closes it, which is at once unless the command left a
/// background process holding its standard error.
pub const WAIT: Duration = Duration::from_secs(1);

/// The first line of a capture file, before its token.
const HEADER: &str = "ocidoctor-capture ";

/// Whether `text` can be a key or token: 1 to 32 ASCII digits, so it is safe in a file name.
pub fn valid(text: &str) -> bool {
    (1..=32).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// The folder of capture files: `$XDG_RUNTIME_DIR/ocidoctor`, else the state folder.
pub fn dir() -> Option<PathBuf> {
    match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
        Some(runtime) if runtime.is_absolute() && runtime.is_dir() => Some(runtime.join("ocidoctor")),
        _ => super::state::state_dir(),
    }
}

fn file(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("capture-{key}"))
}

/// The copier: passes standard input to standard error until it closes, keeping the last
/// `keep` bytes, then saves them for `key` under `token`. It reads to the end whatever happens,
/// since a reader that went away would kill the command with SIGPIPE; Ctrl-C is the command's
/// business, so the copier ignores it and ends when the command does.
pub fn tee(key: &str, token: &str, keep: usize) {
    // SAFETY: setting the disposition of two signals to "ignore" has no other effect.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGQUIT, libc::SIG_IGN);
    }
    let tail = Mutex::new(Tail::new(keep));
    match std::io::stdin().as_fd().try_clone_to_owned() {
        Ok(fd) => pump(std::fs::File::from(fd), &tail),
        Err(_) => pump(std::io::stdin().lock(), &tail),
    }
    let bytes = tail.into_inner().unwrap_or_else(|p| p.into_inner()).finish();
    if let Some(dir) = dir() {
        // A capture that cannot be saved only costs the diagnosis; the reporter stops waiting.
        let _ = save(&dir, key, token, &bytes);
        sweep(&dir);
    }
}

/// Saves the capture (written aside, then renamed into place: a reader sees all or nothing).
fn save(dir: &Path, key: &str, token: &str, bytes: &[u8]) -> std::io::Result<()> {
    super::state::write_private(&file(dir, key), &[format!("{HEADER}{token}\n").as_bytes(), bytes])
}

/// Removes the capture files (and half-written ones) of processes that are gone.
fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let owner = if let Some(key) = name.strip_prefix("capture-") {
            key
        } else if let Some(rest) = name.strip_prefix(".capture-") {
            rest.rsplit('.').next().unwrap_or("")
        } else {
            continue;
        };
        if valid(owner) && gone(owner) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether no process has the pid `pid`.
fn gone(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<libc::pid_t>() else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    !alive && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// The capture saved for `key` under `token`, removed once read; waits up to `wait` for the
/// copier to save it. `None` when it did not come (the copier is still held open, or could not
/// save it), or when a later call replaced it.
pub fn take(key: &str, token: &str, wait: Duration) -> Option<Vec<u8>> {
    take_from(&dir()?, key, token, wait)
}

fn take_from(dir: &Path, key: &str, token: &str, wait: Duration) -> Option<Vec<u8>> {
    let path = file(dir, key);
    let header = format!("{HEADER}{token}\n");
    let start = Instant::now();
    loop {
        if let Ok(bytes) = std::fs::read(&path) {
            if let Some(rest) = bytes.strip_prefix(header.as_bytes()) {
                let _ = std::fs::remove_file(&path);
                return Some(rest.to_vec());
            }
        }
        if start.elapsed() >= wait {
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_digits_only() {
        assert!(valid("12345"));
        for bad in ["", "12a", "../x", "1/2", "123456789012345678901234567890123", "-1"] {
            assert!(!valid(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_saved_capture_is_taken_once_and_only_under_its_token() {
        let dir = std::env::temp_dir().join(format!("ocidoctor-capture-test-{}", std::process::id()));
        let key = std::process::id().to_string();
        save(&dir, &key, "7", b"boom\n").unwrap();
        let path = file(&dir, &key);
        // This process is alive: its capture survives a sweep; a dead pid's does not.
        sweep(&dir);
        assert!(path.exists());
        assert_eq!(take_from(&dir, &key, "8", Duration::ZERO), None, "another call's token");
        assert_eq!(
            take_from(&dir, &key, "7", Duration::ZERO).as_deref(),
            Some(&b"boom\n"[..])
        );
        assert_eq!(take_from(&dir, &key, "7", Duration::ZERO), None, "taken once");
        assert!(!path.exists());
        let dead = dir.join("capture-999999999");
        std::fs::write(&dead, "x").unwrap();
        sweep(&dir);
        assert!(!dead.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
