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
