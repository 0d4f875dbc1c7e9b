//! Output for people at a terminal: wrapped to its width, coloured when colour is on (decided
//! once by the binary through `colored`'s override).

use super::{skeleton, Report, Style};
use crate::catalog::{Confidence, Rule};
use crate::rank::Diagnosis;
use colored::Colorize;
use std::fmt::Write as _;

/// Renders `report` for a terminal.
pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    if let Some(name) = &report.name {
        let _ = writeln!(out, "{}", format!("==> {name} <==").bold());
    }
    if let Some(total) = report.truncated_from {
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!("note: the input was {total} bytes; only its last part was read."),
                style.width,
                ""
            )
            .dimmed()
        );
    }
    if report.diagnoses.is_empty() {
        no_match(&mut out, report, style);
        return out;
    }
    let shown = style.shown(&report.diagnoses);
    let more = report.diagnoses.len() - shown.len();
    if report.diagnoses.len() > 1 {
        let _ = writeln!(
            out,
            "{}",
            format!("{} possible causes, most likely first:", report.diagnoses.len()).bold()
        );
        out.push('\n');
    }
    for (i, d) in shown.iter().enumerate() {
        let number = (report.diagnoses.len() > 1).then_some(i + 1);
        diagnosis(&mut out, number, d, style);
    }
    if more > 0 {
        let _ = writeln!(
            out,
            "{}",
            format!("({more} less likely cause(s) not shown; --all shows every one)").dimmed()
        );
    }
    out
}

fn diagnosis(out: &mut String, number: Option<usize>, d: &Diagnosis, style: Style) {
    let width = style.width;
    let marker = match number {
        Some(n) => format!("{n}. "),
        None => String::new(),
    };
    let title = format!("{marker}{}", d.title);
    let _ = writeln!(out, "{}", title.bold().red());
    let _ = writeln!(out, "   {} · {} · {}", d.stage, d.category, confidence(d.confidence));
    let place = match d.evidence.line {
        0 => "evidence, from --exit-code:".to_string(),
        n => format!("evidence, line {n}:"),
    };
    let _ = writeln!(out, "   {}", place.dimmed());
    let _ = writeln!(out, "{}", wrap(&d.evidence.text, width, "   │ ").cyan());
    out.push('\n');
    let _ = writeln!(out, "{}", wrap(&d.explanation, width, "   "));
    out.push('\n');
    let _ = writeln!(out, "   {}", "Fix:".bold());
    for (i, step) in d.steps.iter().enumerate() {
        let _ = writeln!(out, "{}", wrap_hanging(&format!("{}. ", i + 1), step, width, "   "));
    }
    security_notes(out, d.security.as_deref(), &d.tradeoff_steps, width);
    if !d.references.is_empty() {
        let _ = writeln!(out, "   {}", "See:".bold());
        for r in &d.references {
            let _ = writeln!(out, "     {}", r.underline());
        }
    }
    let _ = writeln!(out, "   {}", format!("More: ocidoctor explain {}", d.rule).dimmed());
    out.push('\n');
}

fn security_notes<S: AsRef<str>>(out: &mut String, security: Option<&str>, tradeoffs: &[S], width: usize) {
    if let Some(s) = security {
        let _ = writeln!(out, "{}", wrap(&format!("Security: {s}"), width, "   ").yellow());
    }
    if !tradeoffs.is_empty() {
        let _ = writeln!(
            out,
            "   {}",
            "Security trade-off, only if the steps above cannot work:"
                .yellow()
                .bold()
        );
        for step in tradeoffs {
            let _ = writeln!(out, "{}", wrap_hanging("⚠ ", step.as_ref(), width, "   ").yellow());
        }
    }
}

fn confidence(c: Confidence) -> String {
    let text = format!("{c} confidence");
    match c {
        Confidence::High => text.green().to_string(),
        Confidence::Medium => text.yellow().to_string(),
        Confidence::Low => text.dimmed().to_string(),
    }
}

fn no_match(out: &mut String, report: &Report, style: Style) {
    let _ = writeln!(out, "{}", "ocidoctor: no known cause matched this output.".bold());
    match &report.innermost {
        Some((line, layer)) => {
            let tool = layer.tool.map(|t| format!(" ({})", t.name())).unwrap_or_default();
            let _ = writeln!(out, "Innermost error found, line {line}{tool}:");
            let _ = writeln!(
                out,
                "  {}",
                clip(&layer.text, style.width.saturating_sub(2).max(40)).red()
            );
        }
        None => {
            let _ = writeln!(out, "No error message was found in it.");
        }
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{}",
        wrap(
            "If you know the cause, teach ocidoctor: save this skeleton as ~/.config/ocidoctor/rules/<stage>/<name>.yaml, fill it in, and check it with `ocidoctor rules check ~/.config/ocidoctor/rules`.",
            style.width,
            ""
        )
    );
    out.push('\n');
    for line in skeleton(report.innermost.as_ref().map(|(_, l)| l)).lines() {
        let _ = writeln!(out, "    {line}");
    }
}

/// A scan's findings: each distinct failure once, with where it shows.
pub fn render_scan(report: &crate::scan::ScanReport, name: Option<&str>, style: Style) -> String {
    let mut out = String::new();
    if let Some(name) = name {
        let _ = writeln!(out, "{}", format!("==> {name} <==").bold());
    }
    if report.findings.is_empty() {
        let _ = writeln!(out, "ocidoctor: no known failure in {} lines.", report.lines);
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        format!(
            "{} distinct failure(s) in {} lines:",
            report.findings.len(),
            report.lines
        )
        .bold()
    );
    out.push('\n');
    for f in &report.findings {
        let d = &f.diagnosis;
        let _ = writeln!(out, "{}", d.title.bold().red());
        let _ = writeln!(
            out,
            "   {} · {} · {} · {}",
            d.stage,
            d.category,
            confidence(d.confidence),
            d.rule
        );
        let shown: Vec<String> = f.lines.iter().map(u64::to_string).collect();
        let more = f.count.saturating_sub(f.lines.len() as u64);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!("{} time(s), lines {}{more}", f.count, shown.join(", ")),
                style.width,
                "   "
            )
            .dimmed()
        );
        let _ = writeln!(out, "{}", wrap(&d.evidence.text, style.width, "   │ ").cyan());
        if let Some(step) = d.steps.first() {
            let _ = writeln!(out, "{}", wrap_hanging("First step: ", step, style.width, "   "));
        }
        let _ = writeln!(out, "   {}", format!("More: ocidoctor explain {}", d.rule).dimmed());
        out.push('\n');
    }
    out
}

/// The whole entry of a rule, for `ocidoctor explain`.
pub fn explain(rule: &Rule, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", rule.title.bold());
    let _ = writeln!(out, "   id: {}", rule.id);
    let _ = writeln!(
        out,
        "   {} · {} · {} · {}",
        rule.stage,
        rule.category,
        confidence(rule.confidence),
        rule.role
    );
    out.push('\n');
    let _ = writeln!(out, "{}", wrap(&rule.explanation, width, "   "));
    out.push('\n');
    let _ = writeln!(out, "   {}", "Fix:".bold());
    for (i, step) in rule.steps.iter().enumerate() {
        let _ = writeln!(out, "{}", wrap_hanging(&format!("{}. ", i + 1), step, width, "   "));
    }
    security_notes(&mut out, rule.security.as_deref(), &rule.tradeoff_steps, width);
    if !rule.references.is_empty() {
        let _ = writeln!(out, "   {}", "See:".bold());
        for r in rule.references.iter() {
            let _ = writeln!(out, "     {}", r.underline());
        }
    }
    let _ = writeln!(out, "   {}", "Matches:".bold());
    for p in rule.sources.any.iter() {
        let _ = writeln!(out, "     {}", p);
    }
    if let Some(example) = rule.examples.first() {
        let _ = writeln!(out, "   {} {}", "Example, from".bold(), example.source);
        for line in example.text.trim_end().lines() {
            let _ = writeln!(out, "     {}", line.dimmed());
        }
    }
    out
}

fn wrap(text: &str, width: usize, indent: &str) -> String {
    let options = textwrap::Options::new(width.max(20))
        .initial_indent(indent)
        .subsequent_indent(indent);
    textwrap::fill(text.trim(), options)
}

fn wrap_hanging(marker: &str, text: &str, width: usize, indent: &str) -> String {
    let first = format!("{indent}{marker}");
    let rest = " ".repeat(first.chars().count());
    let options = textwrap::Options::new(width.max(20))
        .initial_indent(&first)
        .subsequent_indent(&rest);
    textwrap::fill(text.trim(), options)
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{kept}…")
}
