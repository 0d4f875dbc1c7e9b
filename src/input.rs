//! Reading what the user gives: stdin, files, or `-`; any bytes, any size.
//!
//! Invalid UTF-8 is read lossily. Input past [`MAX_INPUT`] keeps its last part, where a failed
//! command prints its error.

use crate::error::Error;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Most bytes of input kept for diagnosis (the last ones).
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// Where one input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// `-` is stdin, anything else a file.
    pub fn from_arg(arg: &Path) -> Source {
        if arg == Path::new("-") {
            Source::Stdin
        } else {
            Source::File(arg.to_path_buf())
        }
    }
}

/// Text read from one source.
#[derive(Debug, Clone)]
pub struct Input {
    /// The text, lossily decoded.
    pub text: String,
    /// Total bytes read, including any dropped beyond [`MAX_INPUT`].
    pub total_bytes: u64,
}

impl Input {
    /// Whether the start of the input was dropped to stay within [`MAX_INPUT`].
    pub fn truncated(&self) -> bool {
        self.total_bytes > self.text.len() as u64
    }
}

/// Reads `source` to its end.
pub fn read(source: &Source) -> Result<Input, Error> {
    match source {
        Source::Stdin => read_from(std::io::stdin().lock()).map_err(|source| Error::Read {
            path: "<stdin>".into(),
            source,
        }),
        Source::File(path) => {
            if path.is_dir() {
                return Err(Error::Read {
                    path: path.clone(),
                    source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "is a directory, not a file"),
                });
            }
            let file = std::fs::File::open(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            read_from(file).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })
        }
    }
}

/// Reads `reader` to its end, keeping at most the last [`MAX_INPUT`] bytes.
pub fn read_from(mut reader: impl Read) -> std::io::Result<Input> {
    let mut buf = Vec::new();
    let mut total = 0u64;
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        total += n as u64;
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > 2 * MAX_INPUT {
            buf.drain(..buf.len() - MAX_INPUT);
        }
    }
    if buf.len() > MAX_INPUT {
        buf.drain(..buf.len() - MAX_INPUT);
    }
    Ok(Input {
        text: String::from_utf8_lossy(&buf).into_owned(),
        total_bytes: total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_read_lossily() {
        let input = read_from(&b"bad \xff byte"[..]).expect("in-memory read");
        assert_eq!(input.text, "bad \u{fffd} byte");
        assert!(!input.truncated());
    }

    #[test]
    fn oversized_input_keeps_its_tail() {
        let mut data = vec![b'a'; MAX_INPUT + 10];
        data.extend_from_slice(b"the error");
        let input = read_from(&data[..]).expect("in-memory read");
        assert!(input.truncated());
        assert!(input.text.ends_with("the error"));
        assert_eq!(input.text.len(), MAX_INPUT);
    }
}
