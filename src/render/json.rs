//! The JSON output contract (`--format json`), version 1:
//! `{"version": 1, "diagnoses": [{"rule", "title", "stage", "category", "confidence",
//! "explanation", "steps", "evidence": {"line", "text"}, "references", ...}]}`.
//! Most likely first; an empty list when nothing matched. Fields may be added, never removed.

use super::Report;
use serde::Serialize;

/// The contract's version; bumped only on an incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<&'a str>,
    diagnoses: &'a [crate::rank::Diagnosis],
    #[serde(skip_serializing_if = "Option::is_none")]
    innermost_error: Option<Innermost<'a>>,
}

#[derive(Serialize)]
struct Innermost<'a> {
    line: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tool: Option<&'static str>,
}

/// One JSON document (one line) for `report`.
pub fn render(report: &Report) -> String {
    let doc = Document {
        version: VERSION,
        input: report.name.as_deref(),
        diagnoses: &report.diagnoses,
        innermost_error: report.innermost.as_ref().map(|(line, layer)| Innermost {
            line: *line,
            text: &layer.text,
            tool: layer.tool.map(|t| t.name()),
        }),
    };
    let mut out = serde_json::to_string(&doc)
        .unwrap_or_else(|e| format!("{{\"version\":{VERSION},\"error\":{:?}}}", e.to_string()));
    out.push('\n');
    out
}

#[derive(Serialize)]
struct ScanDocument<'a> {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<&'a str>,
    lines: u64,
    bytes: u64,
    findings: &'a [crate::scan::Finding],
}

/// One JSON document for a scan: `{"version", "lines", "bytes", "findings": [diagnosis fields
/// plus "count" and "lines"]}`.
pub fn render_scan(report: &crate::scan::ScanReport, name: Option<&str>) -> String {
    let doc = ScanDocument {
        version: VERSION,
        input: name,
        lines: report.lines,
        bytes: report.bytes,
        findings: &report.findings,
    };
    let mut out = serde_json::to_string(&doc)
        .unwrap_or_else(|e| format!("{{\"version\":{VERSION},\"error\":{:?}}}", e.to_string()));
    out.push('\n');
    out
}
