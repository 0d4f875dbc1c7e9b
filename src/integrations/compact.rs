//! The short diagnosis printed right after a failed command: at a shell nobody wants sixty
//! lines after every failure, so it names the most likely cause, its first steps, and where the
//! full report is (`ocidoctor last`).

use colored::Colorize;
use ocidoctor::Diagnosis;

/// How many steps the short form shows.
const STEPS: usize = 2;

/// Renders the top diagnosis briefly, wrapped to `width`. `program` is how the user reaches
/// ocidoctor there (`ocidoctor`, `docker doctor`), for the `last` and `explain` hints.
pub fn render(diagnoses: &[Diagnosis], width: usize, program: &str) -> String {
    let Some(top) = diagnoses.first() else {
        return String::new();
    };
    let mut out = String::new();
    let head = format!(
        "{} {} ({} confidence)",
        "ocidoctor:".bold(),
        top.title.bold(),
        top.confidence
    );
    out.push_str(&head);
    out.push('\n');
    for (i, step) in top.steps.iter().take(STEPS).enumerate() {
        let first = format!("  {}. ", i + 1);
        let rest = " ".repeat(first.len());
        let options = textwrap::Options::new(width.max(40))
            .initial_indent(&first)
            .subsequent_indent(&rest);
        for line in textwrap::wrap(step, options) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    let others = diagnoses.len() - 1;
    let also = match others {
        0 => String::new(),
        1 => "1 other possible cause; ".to_string(),
        n => format!("{n} other possible causes; "),
    };
    out.push_str(&format!(
        "  {also}full report: {program} last · rule: {program} explain {}\n",
        top.rule
    ));
    out
}
