//! Screens every rule against the normalised text in one pass, then extracts evidence and
//! captures for the rules that fired.

use crate::catalog::Catalog;
use crate::normalize::Normalized;
use regex::RegexSet;
use std::collections::BTreeMap;

/// A rule that fired on the text.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Index of the rule in [`Catalog::rules`].
    pub rule: usize,
    /// Byte range of the evidence match in [`Normalized::text`].
    pub start: usize,
    /// End of the evidence match.
    pub end: usize,
    /// Named captures of the evidence match.
    pub captures: BTreeMap<String, String>,
}

/// One precompiled set of every `any` pattern of a catalog, for the one-pass screen.
#[derive(Debug, Clone)]
pub struct Screen {
    set: RegexSet,
    owners: Vec<usize>,
}

impl Screen {
    /// Builds the screen for `catalog`.
    pub fn new(catalog: &Catalog) -> Screen {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (i, rule) in catalog.rules().iter().enumerate() {
            for re in &rule.patterns.any {
                patterns.push(format!("(?m:{})", re.as_str()));
                owners.push(i);
            }
        }
        // Every pattern compiled on its own already, so the set compiles unless the combined
        // program exceeds the default limit; then fall back to an empty set and check rules one
        // by one.
        let set = RegexSet::new(&patterns).unwrap_or_else(|_| RegexSet::empty());
        Screen { set, owners }
    }

    /// The most likely diagnosis of one line on its own, if any rule fires on it.
    pub fn diagnose_line(&self, catalog: &Catalog, line: &str) -> Option<crate::rank::Diagnosis> {
        let normalized = Normalized::new(line);
        let hits = screen(catalog, &normalized);
        if hits.is_empty() {
            return None;
        }
        crate::rank::rank(catalog, &normalized, hits).into_iter().next()
    }

    /// Indices of the rules whose `any` patterns can match `text`.
    fn candidates(&self, catalog: &Catalog, text: &str) -> Vec<usize> {
        if self.set.is_empty() && !self.owners.is_empty() {
            return (0..catalog.rules().len()).collect();
        }
        let mut out: Vec<usize> = self.set.matches(text).iter().map(|p| self.owners[p]).collect();
        out.dedup();
        out
    }
}

/// Runs every rule of `catalog` against `normalized` and returns those that fired.
pub fn screen(catalog: &Catalog, normalized: &Normalized) -> Vec<Hit> {
    let text = normalized.text();
    let mut hits = Vec::new();
    for index in catalog.screen().candidates(catalog, text) {
        let rule = &catalog.rules()[index];
        let p = &rule.patterns;
        if !p.all.iter().all(|re| re.is_match(text)) || p.not.iter().any(|re| re.is_match(text)) {
            continue;
        }
        // The evidence is the earliest match of any `any` pattern: the first line that shows it.
        let best = p
            .any
            .iter()
            .filter_map(|re| re.captures(text).map(|c| (re, c)))
            .min_by_key(|(_, c)| c.get(0).map_or(usize::MAX, |m| m.start()));
        let Some((re, caps)) = best else { continue };
        let Some(whole) = caps.get(0) else { continue };
        let captures = re
            .capture_names()
            .flatten()
            .filter_map(|name| caps.name(name).map(|m| (name.to_string(), m.as_str().to_string())))
            .collect();
        hits.push(Hit {
            rule: index,
            start: whole.start(),
            end: whole.end(),
            captures,
        });
    }
    hits
}
