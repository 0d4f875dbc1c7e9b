//! Scan mode: reads a large log line by line in constant memory and reports every distinct
//! failure once, with the line numbers where it shows.
//!
//! Each line is diagnosed on its own (patterns that need several lines do not fire here); the
//! most likely diagnosis of a line counts, and lines with the same rule are grouped.

use crate::catalog::{Catalog, Role};
use crate::matcher::Tally;
use crate::normalize::MAX_LINE;
use crate::rank::Diagnosis;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;

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

/// Bytes read per block; lines are never split across blocks.
const BLOCK: usize = 1 << 20;

/// Scans `reader`; `progress` is called after each block with the bytes read so far. With
/// `redact`, credentials in the quoted evidence are masked.
///
/// Each block is lower-cased and searched once for every rule's required literals (one
/// Aho-Corasick pass); only lines holding a literal, or an escape sequence that could hide
/// one, are normalised and diagnosed. Memory stays at a few blocks whatever the input's size.
pub fn scan(
    catalog: &Catalog,
    mut reader: impl Read,
    redact: bool,
    progress: &mut dyn FnMut(u64),
) -> std::io::Result<ScanReport> {
    let mut report = ScanReport::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + MAX_LINE);
    let mut lower: Vec<u8> = Vec::with_capacity(BLOCK + MAX_LINE);
    let mut eof = false;
    let mut skipping = false; // inside the dropped tail of an over-long line
    while !eof {
        // Fill the block.
        let kept = buf.len();
        buf.resize(kept + BLOCK, 0);
        let mut filled = kept;
        while filled < buf.len() {
            match reader.read(&mut buf[filled..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        buf.truncate(filled);
        report.bytes += (filled - kept) as u64;
        // Process whole lines; keep a trailing partial line for the next block.
        let end = if eof {
            buf.len()
        } else {
            memchr::memrchr(b'\n', &buf).map_or(0, |i| i + 1)
        };
        if end == 0 {
            // One line longer than a block: keep its first MAX_LINE bytes, drop the rest.
            if buf.len() > MAX_LINE {
                if !skipping {
                    let head = buf[..MAX_LINE].to_vec();
                    scan_block(catalog, &head, &mut lower, &mut report, &mut index, false);
                    report.lines -= 1; // counted when its end arrives
                }
                skipping = true;
                buf.clear();
            }
            continue;
        }
        let block = &buf[..end];
        if skipping {
            // The rest of the over-long line ends at the first newline.
            let nl = memchr::memchr(b'\n', block).map_or(block.len(), |i| i + 1);
            report.lines += 1;
            skipping = false;
            scan_block(catalog, &block[nl..], &mut lower, &mut report, &mut index, eof);
        } else {
            scan_block(catalog, block, &mut lower, &mut report, &mut index, eof);
        }
        buf.drain(..end);
        progress(report.bytes);
    }
    if redact {
        report.findings.iter_mut().for_each(|f| f.diagnosis.redact());
    }
    Ok(report)
}

/// Diagnoses the candidate lines of `block` (whole lines), counting every line.
fn scan_block(
    catalog: &Catalog,
    block: &[u8],
    lower: &mut Vec<u8>,
    report: &mut ScanReport,
    index: &mut HashMap<String, usize>,
    last: bool,
) {
    let screen = catalog.screen();
    lower.clear();
    lower.extend(block.iter().map(u8::to_ascii_lowercase));
    let mut starts: Vec<usize> = Vec::new();
    let line_of = |pos: usize| memchr::memrchr(b'\n', &block[..pos]).map_or(0, |i| i + 1);
    match screen.automaton().filter(|_| !screen.has_unscreened()) {
        Some(automaton) => {
            // A line is a candidate when some pattern has all its literal groups on it.
            let mut tally = Tally::default();
            let mut current: Option<usize> = None;
            let mut end_of_current = 0;
            for m in automaton.find_overlapping_iter(lower.as_slice()) {
                if current.is_none() || m.start() >= end_of_current {
                    if let Some(line) = current.take() {
                        if tally.any_complete(screen) {
                            starts.push(line);
                        }
                    }
                    tally.clear();
                    let start = line_of(m.start());
                    end_of_current = memchr::memchr(b'\n', &block[start..]).map_or(block.len(), |i| start + i);
                    current = Some(start);
                }
                tally.add(screen, m.pattern().as_usize());
            }
            if let Some(line) = current {
                if tally.any_complete(screen) {
                    starts.push(line);
                }
            }
        }
        None => starts.extend(line_starts(block)),
    }
    // An escape sequence can split a literal; such lines are always looked at.
    for i in memchr::memchr_iter(0x1b, block) {
        starts.push(line_of(i));
    }
    starts.sort_unstable();
    starts.dedup();
    let base = report.lines;
    let mut counted = 0usize;
    let mut lines_before = 0u64;
    for start in starts {
        lines_before += memchr::memchr_iter(b'\n', &block[counted..start]).count() as u64;
        counted = start;
        let end = memchr::memchr(b'\n', &block[start..]).map_or(block.len(), |i| start + i);
        let line = &block[start..end.min(start + MAX_LINE)];
        let number = base + lines_before + 1;
        let text = String::from_utf8_lossy(line);
        if let Some(diagnosis) = screen.diagnose_line(catalog, &text) {
            record(report, index, diagnosis, number);
        }
    }
    let mut total = memchr::memchr_iter(b'\n', block).count() as u64;
    if last && !block.is_empty() && block.last() != Some(&b'\n') {
        total += 1;
    }
    report.lines += total;
}

fn line_starts(block: &[u8]) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(
        memchr::memchr_iter(b'\n', block)
            .map(|i| i + 1)
            .filter(move |&i| i < block.len()),
    )
}

fn record(report: &mut ScanReport, index: &mut HashMap<String, usize>, diagnosis: Diagnosis, number: u64) {
    if diagnosis.role == Role::Fallback {
        return;
    }
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
