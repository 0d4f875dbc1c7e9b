//! Orders the rules that fired into diagnoses: causes above symptoms, surer above less sure,
//! common above rare, the innermost layer of a chain above its wrappers.

use crate::catalog::{Catalog, Category, Confidence, Role, Stage};
use crate::matcher::Hit;
use crate::normalize::{layers, Normalized};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// The input line that shows a diagnosis's cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// 1-based line number in the input.
    pub line: usize,
    /// The line as given (without colour codes).
    pub text: String,
}

/// One diagnosed cause, with everything needed to explain it.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    /// The rule's id.
    pub rule: String,
    /// The title with captures filled in.
    pub title: String,
    /// Stage of the failure.
    pub stage: Stage,
    /// Category of the cause.
    pub category: Category,
    /// How sure the diagnosis is.
    pub confidence: Confidence,
    /// Cause, symptom or fallback.
    pub role: Role,
    /// What happened and why, captures filled in.
    pub explanation: String,
    /// Remediation steps, in order.
    pub steps: Vec<String>,
    /// Steps that weaken security; shown marked as a trade-off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tradeoff_steps: Vec<String>,
    /// A note on the insecure shortcut not to take.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<String>,
    /// The input line that shows it.
    pub evidence: Evidence,
    /// Documentation links.
    pub references: Vec<String>,
    /// Named captures from the evidence.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub captures: BTreeMap<String, String>,
}

impl Diagnosis {
    /// Masks credentials in everything the diagnosis quotes from the input: the evidence, the
    /// captures, and the title and explanation they fill.
    pub fn redact(&mut self) {
        self.redact_with(&mut crate::redact::Memo::default());
    }

    /// Like [`Diagnosis::redact`], sharing `memo` with the other diagnoses of the same input.
    pub fn redact_with(&mut self, memo: &mut crate::redact::Memo) {
        memo.redact_in_place(&mut self.evidence.text);
        let mut changed = false;
        for value in self.captures.values_mut() {
            changed |= memo.redact_in_place(value);
        }
        // The title and explanation are the rule's own words plus captures: only a capture can
        // bring a secret into them.
        if changed {
            memo.redact_in_place(&mut self.title);
            memo.redact_in_place(&mut self.explanation);
        }
    }
}

/// Ranks `hits` into diagnoses, most likely first. Fallback rules are kept only when no cause of
/// medium or high confidence fired, and always rank last.
pub fn rank(catalog: &Catalog, normalized: &Normalized, hits: Vec<Hit>) -> Vec<Diagnosis> {
    // A generic errno or exit-code reading still helps under a symptom or a hesitant cause; a
    // cause of at least medium confidence makes it noise.
    let specific = hits.iter().any(|h| {
        let rule = &catalog.rules()[h.rule];
        rule.role == Role::Cause && rule.confidence >= Confidence::Medium
    });
    let mut scored: Vec<_> = hits
        .into_iter()
        .filter(|h| !specific || catalog.rules()[h.rule].role != Role::Fallback)
        .map(|hit| {
            let rule = &catalog.rules()[hit.rule];
            let line_start = hit.start - offset_in_line(normalized, hit.start);
            let depth = layers(&normalized.text()[line_start..hit.start]).len();
            let key = (
                role_order(rule.role),
                Reverse(rule.confidence),
                Reverse(rule.prior),
                Reverse(depth),
                Reverse(hit.end - hit.start),
                hit.rule,
            );
            (key, hit)
        })
        .collect();
    scored.sort_by_key(|a| a.0);
    scored
        .into_iter()
        .map(|(_, hit)| diagnosis(catalog, normalized, hit))
        .collect()
}

/// How far `offset` is from the start of its line in the normalised text.
fn offset_in_line(normalized: &Normalized, offset: usize) -> usize {
    let text = normalized.text();
    offset - text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn role_order(role: Role) -> u8 {
    match role {
        Role::Cause => 0,
        Role::Symptom => 1,
        Role::Fallback => 2,
    }
}

fn diagnosis(catalog: &Catalog, normalized: &Normalized, hit: Hit) -> Diagnosis {
    let rule = &catalog.rules()[hit.rule];
    let evidence = normalized
        .line_at(hit.start)
        .map(|l| Evidence {
            line: l.number,
            text: l.raw.trim().to_string(),
        })
        .unwrap_or(Evidence {
            line: 0,
            text: String::new(),
        });
    Diagnosis {
        rule: rule.id.to_string(),
        title: fill(&rule.title, &hit.captures),
        stage: rule.stage,
        category: rule.category,
        confidence: rule.confidence,
        role: rule.role,
        explanation: fill(&rule.explanation, &hit.captures),
        steps: rule.steps.iter().map(|s| s.to_string()).collect(),
        tradeoff_steps: rule.tradeoff_steps.iter().map(|s| s.to_string()).collect(),
        security: rule.security.as_deref().map(str::to_string),
        evidence,
        references: rule.references.iter().map(|s| s.to_string()).collect(),
        captures: hit.captures,
    }
}

/// Replaces `{name}` with the capture; a capture that did not take part reads "the name".
pub fn fill(template: &str, captures: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) && !out.ends_with('$') => {
                let name = &after[..close];
                match captures.get(name) {
                    Some(value) => out.push_str(value),
                    None => {
                        out.push_str("the ");
                        out.push_str(&name.replace('_', " "));
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
