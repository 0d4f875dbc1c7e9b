//! Runs rules against their own examples: each example must come out as its rule's top
//! diagnosis (validated, else missing) and each `not` text must not fire it (else noisy).

use crate::catalog::{Catalog, Rule};
use crate::diagnose;

/// The outcome of one example or non-example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The example came out as the rule's top diagnosis, or the non-example did not fire it.
    Validated,
    /// The example was not diagnosed as this rule first; holds what came first, if anything.
    Missing {
        /// The rule that ranked first instead, if any fired.
        top: Option<String>,
        /// Whether this rule fired at all.
        fired: bool,
    },
    /// A `not` text fired the rule.
    Noisy,
}

/// One checked case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The rule checked.
    pub rule: String,
    /// `example N` or `not N` (1-based), with the example's source.
    pub label: String,
    /// What happened.
    pub outcome: Outcome,
}

/// Checks every example and non-example of `rules` against `catalog`.
pub fn check<'a>(catalog: &Catalog, rules: impl IntoIterator<Item = &'a Rule>) -> Vec<Case> {
    let mut cases = Vec::new();
    for rule in rules {
        for (i, example) in rule.examples.iter().enumerate() {
            let diagnoses = diagnose(catalog, &example.text);
            let top = diagnoses.first().map(|d| d.rule.clone());
            let outcome = if top.as_deref() == Some(rule.id.as_ref()) {
                Outcome::Validated
            } else {
                Outcome::Missing {
                    top,
                    fired: diagnoses.iter().any(|d| d.rule == rule.id),
                }
            };
            cases.push(Case {
                rule: rule.id.to_string(),
                label: format!("example {} ({})", i + 1, example.source),
                outcome,
            });
        }
        for (i, text) in rule.not.iter().enumerate() {
            let fired = diagnose(catalog, text).iter().any(|d| d.rule == rule.id);
            let outcome = if fired { Outcome::Noisy } else { Outcome::Validated };
            cases.push(Case {
                rule: rule.id.to_string(),
                label: format!("not {}", i + 1),
                outcome,
            });
        }
    }
    cases
}

/// Shortcuts that weaken a host's or an image's security: `(needle in lower case, what it is)`.
/// They may appear only in a rule's `tradeoff_steps`, which every output marks as such.
const UNSAFE: &[(&str, &str)] = &[
    ("--privileged", "--privileged"),
    ("chmod 777", "chmod 777"),
    ("chmod -r 777", "chmod -R 777"),
    ("chmod a+rwx", "chmod a+rwx"),
    ("setenforce 0", "setenforce 0"),
    ("selinux=disabled", "disabling SELinux"),
    ("=unconfined", "an unconfined seccomp/AppArmor profile"),
    ("--cap-add all", "--cap-add ALL"),
    ("--cap-add=all", "--cap-add ALL"),
    ("insecure-registr", "an insecure registry"),
    ("| sh", "piping a download into a shell"),
    ("| bash", "piping a download into a shell"),
    ("| sudo sh", "piping a download into a shell"),
    ("--user root", "running as root"),
    ("--user=root", "running as root"),
    ("--user 0", "running as root"),
    ("--user=0", "running as root"),
    ("user: root", "running as root"),
    ("--network host", "--network host"),
    ("--network=host", "--network host"),
    ("--net=host", "--network host"),
    ("--net host", "--network host"),
];

/// The steps of `rule` that suggest an unsafe shortcut outside `tradeoff_steps`, and a
/// trade-off offered with no narrower step before it. Empty when the advice is safe.
pub fn unsafe_steps(rule: &Rule) -> Vec<String> {
    let mut problems = Vec::new();
    for step in rule.steps.iter() {
        let lower = step.to_lowercase();
        for (needle, what) in UNSAFE {
            if lower.contains(needle) && !warns_against(&lower) {
                problems.push(format!(
                    "{}: a step suggests {what} (move it to `tradeoff_steps`, after a narrower fix): {step}",
                    rule.id
                ));
            }
        }
    }
    if !rule.tradeoff_steps.is_empty() && rule.steps.is_empty() {
        problems.push(format!("{}: a trade-off step needs a narrower step before it", rule.id));
    }
    problems
}

/// The `any` patterns of `rule` with no required literal of
/// [`MIN_LITERAL`](crate::catalog::literals::MIN_LITERAL) characters or more. The screen cannot
/// rule such a pattern out, so it runs on every text and a scan diagnoses every line in full,
/// whatever else the catalog holds: a catalog stays fast only while this is empty.
pub fn unscreened(rule: &Rule) -> Vec<String> {
    rule.sources
        .any
        .iter()
        .enumerate()
        .filter(|&(i, _)| rule.literals.get(i).is_none_or(|groups| groups.is_empty()))
        .map(|(i, pattern)| {
            format!(
                "{}: `any` pattern {} has no literal of {} or more characters outside quotes, so every line of a scan runs it: {pattern}",
                rule.id,
                i + 1,
                crate::catalog::literals::MIN_LITERAL
            )
        })
        .collect()
}

/// A step may name a dangerous flag to warn against it ("do not use --privileged").
fn warns_against(step: &str) -> bool {
    [
        "do not",
        "don't",
        "never",
        "avoid",
        "instead of",
        "rather than",
        "not needed",
        "no need",
    ]
    .iter()
    .any(|w| step.contains(w))
}
