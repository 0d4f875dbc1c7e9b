//! Scan mode: reads a large log line by line in constant memory and reports every distinct
//! failure once, with the line numbers where it shows.
//!
//! Each line is diagnosed on its own (patterns that need several lines do not fire here); the
//! most likely diagnosis of a line counts, and lines with the same rule are grouped.

use crate::catalog::{Catalog, Role};
use crate::rank::Diagnosis;
use serde::Serialize;
use std::collections::HashMap;
use std::io::BufRead;

/// Line numbers kept per finding; the count goes on past it.
pub const MAX_LINES_PER_FINDING: usize = 50;

/// One distinct failure found in the log.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The diagnosis, from its first occurrence.
    #[serde(flatten)]
    pub diagnosis: Diagnosis,
    /// How many lines showed it.
    pub count: u64,
    /// The first line numbers that showed it (at most [`MAX_LINES_PER_FINDING`]).
    pub lines: Vec<u64>,
}

/// The result of a scan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScanReport {
    /// Distinct failures, in order of first appearance.
    pub findings: Vec<Finding>,
    /// Lines read.
    pub lines: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// Scans `reader` line by line; `progress` is called now and then with the bytes read so far.
pub fn scan(catalog: &Catalog, mut reader: impl BufRead, progress: &mut dyn FnMut(u64)) -> std::io::Result<ScanReport> {
    let mut report = ScanReport::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut buf = Vec::with_capacity(4096);
    let mut last_progress = 0u64;
    loop {
        buf.clear();
        let n = read_line_bounded(&mut reader, &mut buf)?;
        if n == 0 {
            break;
        }
        report.lines += 1;
        report.bytes += n as u64;
        if report.bytes - last_progress >= 1 << 20 {
            last_progress = report.bytes;
            progress(report.bytes);
        }
        let line = String::from_utf8_lossy(&buf);
        let Some(diagnosis) = catalog.screen().diagnose_line(catalog, &line) else {
            continue;
        };
        if diagnosis.role == Role::Fallback {
            continue;
        }
        let number = report.lines;
        match index.get(&diagnosis.rule) {
            Some(&i) => {
                let finding = &mut report.findings[i];
                finding.count += 1;
                if finding.lines.len() < MAX_LINES_PER_FINDING {
                    finding.lines.push(number);
                }
            }
            None => {
                index.insert(diagnosis.rule.clone(), report.findings.len());
                let mut diagnosis = diagnosis;
                diagnosis.evidence.line = usize::try_from(number).unwrap_or(usize::MAX);
                report.findings.push(Finding {
                    diagnosis,
                    count: 1,
                    lines: vec![number],
                });
            }
        }
    }
    progress(report.bytes);
    Ok(report)
}

/// Reads one line into `buf`, keeping at most [`crate::normalize::MAX_LINE`] bytes of it (the
/// rest is read and dropped, so memory stays bounded). Returns the bytes consumed.
fn read_line_bounded(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut consumed = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(consumed);
        }
        let (chunk, done) = match memchr(b'\n', available) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let room = crate::normalize::MAX_LINE.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let len = chunk.len();
        reader.consume(len);
        consumed += len;
        if done {
            return Ok(consumed);
        }
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}
