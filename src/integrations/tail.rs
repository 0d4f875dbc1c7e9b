//! The end of a command's standard error, copied through as it comes: the wrapper
//! (`ocidoctor run`) and the shell hook's copier (`hook-tee`) keep errors this way.
//!
//! Standard library only: the small `ocidoctor-tee` binary is built from this file too.

use std::io::{Read, Write};
use std::sync::Mutex;

/// Bytes of standard error kept by default: errors are at the end.
pub const DEFAULT_TAIL: usize = 256 * 1024;

/// A bounded tail of a byte stream.
#[derive(Debug)]
pub(crate) struct Tail {
    keep: usize,
    bytes: Vec<u8>,
    total: u64,
}

impl Tail {
    pub(crate) fn new(keep: usize) -> Tail {
        Tail {
            keep,
            bytes: Vec::new(),
            total: 0,
        }
    }

    pub(crate) fn push(&mut self, chunk: &[u8]) {
        self.total += chunk.len() as u64;
        self.bytes.extend_from_slice(chunk);
        // Trim only when twice the bound is reached, so trimming stays amortised O(1) a byte.
        if self.bytes.len() > 2 * self.keep.max(1) {
            let cut = self.bytes.len() - self.keep;
            self.bytes.drain(..cut);
        }
    }

    pub(crate) fn finish(&self) -> Vec<u8> {
        let start = self.bytes.len().saturating_sub(self.keep);
        self.bytes[start..].to_vec()
    }
}

/// Copies `source` to this process's standard error as it comes, keeping its tail.
pub(crate) fn pump(mut source: impl Read, tail: &Mutex<Tail>) {
    let mut buf = vec![0u8; 64 * 1024];
    let stderr = std::io::stderr();
    loop {
        match source.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                // A closed standard error must not stop the command: keep draining.
                let _ = stderr.lock().write_all(&buf[..n]);
                tail.lock().unwrap_or_else(|p| p.into_inner()).push(&buf[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // EIO: the terminal's far end was closed by the last process holding it.
            Err(_) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tail;

    #[test]
    fn tail_keeps_only_the_last_bytes() {
        let mut tail = Tail::new(10);
        for chunk in (0..1000u32).map(|i| i.to_string()) {
            tail.push(chunk.as_bytes());
        }
        let all: String = (0..1000u32).map(|i| i.to_string()).collect();
        assert_eq!(tail.finish(), all.as_bytes()[all.len() - 10..]);
        assert_eq!(tail.total, all.len() as u64);
        assert!(tail.bytes.len() <= 20 + 3);
    }
}
