//! A progress bar on stderr for scans of large files, shown only at a terminal.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Files smaller than this finish too fast to need a bar.
const MIN_SIZE: u64 = 8 * 1024 * 1024;

/// Draws `[#####.....] 45%` on stderr, at most ten times a second.
pub struct Bar {
    total: Option<u64>,
    last: Instant,
    drawn: bool,
}

impl Bar {
    /// A bar for a file of `total` bytes; inert when stderr is not a terminal or the file is small.
    pub fn new(total: Option<u64>) -> Bar {
        let total = total.filter(|&t| t >= MIN_SIZE && std::io::stderr().is_terminal());
        Bar {
            total,
            last: Instant::now(),
            drawn: false,
        }
    }

    /// Records that `bytes` have been read.
    pub fn update(&mut self, bytes: u64) {
        let Some(total) = self.total else { return };
        if self.last.elapsed() < Duration::from_millis(100) {
            return;
        }
        self.last = Instant::now();
        let done = (bytes.min(total) * 30 / total.max(1)) as usize;
        let percent = bytes.min(total) * 100 / total.max(1);
        if !self.drawn {
            clear_on_signal();
        }
        let _ = write!(
            std::io::stderr(),
            "\r[{}{}] {percent:>3}% ",
            "#".repeat(done),
            ".".repeat(30 - done)
        );
        self.drawn = true;
    }

    /// Clears the bar's line.
    pub fn finish(&mut self) {
        if self.drawn {
            let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(40));
            self.drawn = false;
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Ctrl-C or SIGTERM during a scan: clear the bar's line, then die of the signal as usual, so
/// the shell's prompt starts on a clean line and the exit status says what happened.
fn clear_on_signal() {
    extern "C" fn handler(signal: libc::c_int) {
        const CLEAR: &[u8] = b"\r\x1b[2K";
        // SAFETY: write, signal and raise are async-signal-safe; CLEAR is a static buffer.
        unsafe {
            libc::write(2, CLEAR.as_ptr().cast(), CLEAR.len());
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: installs a handler that only calls async-signal-safe functions.
        unsafe {
            libc::signal(signal, handler as *const () as libc::sighandler_t);
        }
    }
}
