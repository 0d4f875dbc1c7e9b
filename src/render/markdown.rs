//! Markdown for pasting into a bug report or pull request.

use super::{Report, Style};
use crate::rank::Diagnosis;
use std::fmt::Write as _;

/// Renders `report` as Markdown.
pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    if let Some(name) = &report.name {
        let _ = writeln!(out, "### {name}\n");
    }
    if report.diagnoses.is_empty() {
        out.push_str("**ocidoctor:** no known cause matched.\n");
        if let Some((line, layer)) = &report.innermost {
            let _ = writeln!(out, "\nInnermost error (line {line}):\n\n{}", fence(&layer.text));
        }
        return out;
    }
    for (i, d) in style.shown(&report.diagnoses).iter().enumerate() {
        diagnosis(&mut out, i + 1, d);
    }
    out
}

fn diagnosis(out: &mut String, n: usize, d: &Diagnosis) {
    let _ = writeln!(out, "## {n}. {}\n", d.title);
    let _ = writeln!(
        out,
        "*{} · {} · {} confidence* (`{}`)\n",
        d.stage, d.category, d.confidence, d.rule
    );
    let _ = writeln!(
        out,
        "Evidence (line {}):\n\n{}",
        d.evidence.line,
        fence(&d.evidence.text)
    );
    let _ = writeln!(out, "{}\n", d.explanation);
    out.push_str("**Fix**\n\n");
    for (i, step) in d.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {step}", i + 1);
    }
    if let Some(security) = &d.security {
        let _ = writeln!(out, "\n> **Security:** {security}");
    }
    if !d.tradeoff_steps.is_empty() {
        out.push_str("\n**Security trade-off** (only when the steps above cannot work):\n\n");
        for step in &d.tradeoff_steps {
            let _ = writeln!(out, "- ⚠ {step}");
        }
    }
    if !d.references.is_empty() {
        out.push_str("\n**References:** ");
        out.push_str(
            &d.references
                .iter()
                .map(|r| format!("<{r}>"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push('\n');
    }
    out.push('\n');
}

/// A fenced block long enough not to be closed by backticks inside `text`.
fn fence(text: &str) -> String {
    let mut ticks = 3;
    while text.contains(&"`".repeat(ticks)) {
        ticks += 1;
    }
    let f = "`".repeat(ticks);
    format!("{f}text\n{text}\n{f}\n")
}
