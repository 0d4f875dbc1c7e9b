//! Orders the rules that fired into diagnoses: causes above symptoms, surer above less sure,
//! common above rare, the innermost layer of a chain above its wrappers.

use crate::catalog::{Catalog, Category, Confidence, Role, Rule, Stage};
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
    /// Whether `other` tells the user exactly what this one does.
    fn says_the_same(&self, other: &Diagnosis) -> bool {
        self.title == other.title
            && self.explanation == other.explanation
            && self.steps == other.steps
            && self.category == other.category
            && self.confidence == other.confidence
    }

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
        // The title, explanation and steps are the rule's own words plus captures: only a
        // capture can bring a secret into them.
        if changed {
            memo.redact_in_place(&mut self.title);
            memo.redact_in_place(&mut self.explanation);
            for step in &mut self.steps {
                memo.redact_in_place(step);
            }
        }
    }
}

/// Ranks `hits` into diagnoses, most likely first. Fallback rules are kept only when no cause of
/// medium or high confidence fired, and always rank last.
pub fn rank(catalog: &Catalog, normalized: &Normalized, hits: Vec<Hit>) -> Vec<Diagnosis> {
    // A generic errno or exit-code reading still helps under a symptom or a hesitant cause; a
    // cause of at least medium confidence makes it noise.
    let hits: Vec<(&Rule, Hit)> = hits
        .into_iter()
        .filter_map(|hit| Some((catalog.rule(hit.rule)?, hit)))
        .collect();
    let specific = hits
        .iter()
        .any(|(rule, _)| rule.role == Role::Cause && rule.confidence >= Confidence::Medium);
    let mut scored: Vec<_> = hits
        .into_iter()
        .filter(|(rule, _)| !specific || rule.role != Role::Fallback)
        .map(|(rule, hit)| {
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
            (key, rule, hit)
        })
        .collect();
    scored.sort_by_key(|a| a.0);
    let mut out: Vec<Diagnosis> = Vec::with_capacity(scored.len());
    for (_, rule, hit) in scored {
        let diagnosis = diagnosis(rule, normalized, hit);
        // Two rules that say the same thing (a user's copy of a built-in rule under another id,
        // say) are one diagnosis: the better-ranked one.
        if !out.iter().any(|d| d.says_the_same(&diagnosis)) {
            out.push(diagnosis);
        }
    }
    out
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

fn diagnosis(rule: &Rule, normalized: &Normalized, hit: Hit) -> Diagnosis {
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
        steps: rule.steps.iter().map(|s| fill_step(s, rule, &hit.captures)).collect(),
        tradeoff_steps: rule.tradeoff_steps.iter().map(|s| s.to_string()).collect(),
        security: rule.security.as_deref().map(str::to_string),
        evidence,
        references: rule.references.iter().map(|s| s.to_string()).collect(),
        captures: hit.captures,
    }
}

/// Replaces `{name}` with the capture. A capture that did not take part gives way to the
/// placeholder's own fallback (`{host|a host name}`; `{name|}` leaves it out), else is left out
/// where the word before it already names it ("Host port {port} is in use" reads "Host port is
/// in use"), else reads "the name" ("Cannot pull {image}" reads "Cannot pull the image").
pub fn fill(template: &str, captures: &BTreeMap<String, String>) -> String {
    substitute(template, |name, fallback, before| {
        match (captures.get(name), fallback) {
            (Some(value), _) => Fill::Value(value.clone()),
            (None, Some("")) => Fill::Drop,
            (None, Some(fallback)) => Fill::Value(fallback.to_string()),
            (None, None) => {
                let word = before
                    .trim_end()
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                let named = !word.is_empty() && name.split('_').any(|part| part.eq_ignore_ascii_case(word));
                if before.ends_with(' ') && named {
                    Fill::Drop
                } else {
                    Fill::Value(format!("the {}", name.replace('_', " ")))
                }
            }
        }
    })
}

/// Fills a remediation step, which users copy into a shell: a capture goes in only when it is a
/// plain word (path, name, number: nothing a shell would read as syntax), else `<name>` stands
/// for it; a `{word}` that names no capture of the rule (a jsonpath `{end}`) stays as written.
fn fill_step(template: &str, rule: &Rule, captures: &BTreeMap<String, String>) -> String {
    let plain = |value: &str| {
        !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_./:@%+=,-".contains(&b))
    };
    substitute(template, |name, _, _| match captures.get(name) {
        Some(value) if plain(value) => Fill::Value(value.clone()),
        Some(_) => Fill::Value(format!("<{name}>")),
        None if captures_name(rule, name) => Fill::Value(format!("<{name}>")),
        None => Fill::Keep,
    })
}

/// What a placeholder becomes.
enum Fill {
    /// This text.
    Value(String),
    /// Nothing, with the space before it.
    Drop,
    /// The placeholder as written.
    Keep,
}

/// Replaces each `{name}` or `{name|fallback}` (not `${name}`) in `template` with what
/// `fill(name, fallback, text before it)` says.
fn substitute(template: &str, fill: impl Fn(&str, Option<&str>, &str) -> Fill) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let inner = after.find('}').map(|c| &after[..c]);
        let parsed = inner
            .filter(|_| !out.ends_with('$'))
            .and_then(crate::catalog::placeholder);
        let (Some(inner), Some((name, fallback))) = (inner, parsed) else {
            out.push('{');
            rest = after;
            continue;
        };
        match fill(name, fallback, &out) {
            Fill::Value(v) => out.push_str(&v),
            Fill::Drop => {
                if out.ends_with(' ') {
                    out.pop();
                }
            }
            Fill::Keep => {
                out.push('{');
                out.push_str(inner);
                out.push('}');
            }
        }
        rest = &after[inner.len() + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether one of `rule`'s `any` patterns has a capture named `name`.
fn captures_name(rule: &Rule, name: &str) -> bool {
    let group = format!("(?P<{name}>");
    rule.sources.any.iter().any(|p| p.contains(&group))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_capture_is_left_out_where_the_word_before_names_it() {
        let none = BTreeMap::new();
        assert_eq!(
            fill("Host port {port} is already in use", &none),
            "Host port is already in use"
        );
        assert_eq!(fill("Network {network_name} not found", &none), "Network not found");
        assert_eq!(fill("Cannot pull {image}", &none), "Cannot pull the image");
        assert_eq!(fill("Port {port}: {port} taken", &none), "Port: the port taken");
        let some = captures(&[("port", "8080")]);
        assert_eq!(
            fill("Host port {port} is already in use", &some),
            "Host port 8080 is already in use"
        );
        assert_eq!(fill("${port} and {port}", &some), "${port} and 8080");
        assert_eq!(
            fill("Cannot resolve {host|a host name}", &none),
            "Cannot resolve a host name"
        );
        assert_eq!(fill("The socket {sock|}: denied", &none), "The socket: denied");
        assert_eq!(
            fill("Cannot resolve {host|a host name}", &captures(&[("host", "db")])),
            "Cannot resolve db"
        );
    }

    fn captures(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn rule_with(any: &str) -> Rule {
        let mut rule = Catalog::builtin()
            .expect("built-in catalog")
            .rules()
            .next()
            .expect("a built-in rule")
            .clone();
        rule.sources.any = vec![any.to_string().into()].into();
        rule
    }

    #[test]
    fn steps_take_plain_captures_and_keep_other_braces() {
        let rule = rule_with(r"open (?P<path>\S+): (?P<why>.+)");
        let step = "Check it: `ls -ld {path}`; `kubectl get pods -o jsonpath='{range .items[*]}{.x}{end}'` ${HOME}";
        assert_eq!(
            fill_step(step, &rule, &captures(&[("path", "/etc/docker/daemon.json")])),
            "Check it: `ls -ld /etc/docker/daemon.json`; `kubectl get pods -o jsonpath='{range .items[*]}{.x}{end}'` ${HOME}"
        );
        // A capture a shell would read as syntax, or one that did not take part, stays a
        // placeholder.
        for value in ["/x; rm -rf ~", "$(id)", "a b", "`x`", ""] {
            assert_eq!(
                fill_step("`ls -ld {path}`", &rule, &captures(&[("path", value)])),
                "`ls -ld <path>`",
                "{value:?}"
            );
        }
        assert_eq!(fill_step("`cat {why}`", &rule, &captures(&[])), "`cat <why>`");
    }

    #[test]
    fn a_rule_copied_under_another_id_gives_one_diagnosis() {
        let mut catalog = Catalog::builtin().expect("built-in catalog");
        let original = catalog.get("runtime/no-shell-in-image").expect("rule").clone();
        let text = original.examples[0].text.to_string();
        let before = crate::diagnose(&catalog, &text);
        let mut copy = original.clone();
        copy.id = "runtime/my-copy-of-no-shell".into();
        catalog.insert(copy);
        let after = crate::diagnose(&catalog, &text);
        assert_eq!(
            before.iter().map(|d| &d.title).collect::<Vec<_>>(),
            after.iter().map(|d| &d.title).collect::<Vec<_>>()
        );
        // Changing what the copy says makes it a diagnosis of its own.
        let mut other = original;
        other.id = "runtime/my-other-no-shell".into();
        other.title = "Another reading".into();
        catalog.insert(other);
        assert_eq!(crate::diagnose(&catalog, &text).len(), before.len() + 1);
    }
}
