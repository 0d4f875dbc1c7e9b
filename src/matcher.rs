//! Screens every rule against the normalised text in one pass, then checks and extracts evidence
//! and captures only for the patterns that can still match.
//!
//! Each `any` pattern has required literals (computed at build time for built-in rules): a
//! match must contain one of them. The screen looks for every distinct literal in the
//! lower-cased text, with one `memmem` search each for an ordinary error text, or one
//! Aho-Corasick pass over a large input, and only the patterns whose literal appears are
//! compiled and run. Patterns without a literal are always checked.

use crate::catalog::Catalog;
use crate::normalize::Normalized;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// Texts up to this size are screened with one `memmem` search per literal, which needs no
/// set-up; larger ones with an Aho-Corasick automaton, built once.
const SMALL_TEXT: usize = 64 * 1024;

/// A rule that fired on the text.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Index of the rule in the catalog ([`Catalog::rule`]).
    pub rule: usize,
    /// Byte range of the evidence match in [`Normalized::text`].
    pub start: usize,
    /// End of the evidence match.
    pub end: usize,
    /// Named captures of the evidence match.
    pub captures: BTreeMap<String, String>,
}

/// A rule that may match, with the indices of its `any` patterns that may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Index of the rule in the catalog ([`Catalog::rule`]).
    pub rule: usize,
    /// Indices into the rule's `match.any`.
    pub patterns: Vec<usize>,
}

/// `(start, length)` of a literal in the screen's text, or `(start, count)` of a run of owners.
type Span = (u32, u32);

/// The one-pass literal screen over a catalog: plain tables of offsets, so the built-in one is
/// static data that needs no set-up.
#[derive(Debug)]
pub struct Screen {
    /// Holds every literal.
    text: Cow<'static, str>,
    /// Distinct lower-case literals, as spans of `text`.
    literals: Cow<'static, [Span]>,
    /// For each literal, its run of `owners`.
    owner_runs: Cow<'static, [Span]>,
    /// The `(pattern, group)` pairs each literal satisfies.
    owners: Cow<'static, [(u32, u8)]>,
    /// Every screened `any` pattern: `(rule, index in match.any, bit mask of all its groups)`.
    patterns: Cow<'static, [(usize, usize, u32)]>,
    /// `(rule, any-pattern)` pairs with no required literal.
    always: Cow<'static, [(usize, usize)]>,
    automaton: OnceLock<Option<AhoCorasick>>,
}

/// Which patterns' literal groups are all present: reused across lines by a scan.
#[derive(Debug, Default)]
pub struct Tally {
    masks: Vec<u32>,
    touched: Vec<u32>,
}

impl Tally {
    /// Records that literal `literal` is present.
    pub(crate) fn add(&mut self, screen: &Screen, literal: usize) {
        if self.masks.len() < screen.patterns.len() {
            self.masks.resize(screen.patterns.len(), 0);
        }
        for &(pattern, group) in screen.owners_of(literal) {
            let mask = &mut self.masks[pattern as usize];
            if *mask == 0 {
                self.touched.push(pattern);
            }
            *mask |= 1 << group;
        }
    }

    /// Whether some pattern has every group present.
    pub(crate) fn any_complete(&self, screen: &Screen) -> bool {
        self.touched
            .iter()
            .any(|&p| self.masks[p as usize] == screen.patterns[p as usize].2)
    }

    /// The `(rule, any-pattern)` pairs whose groups are all present; resets the tally.
    fn take_complete(&mut self, screen: &Screen, out: &mut Vec<(usize, usize)>) {
        for &p in &self.touched {
            let (rule, pattern, full) = screen.patterns[p as usize];
            if self.masks[p as usize] == full {
                out.push((rule, pattern));
            }
        }
        self.clear();
    }

    /// Forgets every literal.
    pub(crate) fn clear(&mut self) {
        for &p in &self.touched {
            self.masks[p as usize] = 0;
        }
        self.touched.clear();
    }
}

impl Screen {
    /// The screen over the built-in rules, computed by `build.rs`.
    pub(crate) fn from_tables(
        text: &'static str,
        literals: &'static [Span],
        owner_runs: &'static [Span],
        owners: &'static [(u32, u8)],
        patterns: &'static [(usize, usize, u32)],
        always: &'static [(usize, usize)],
    ) -> Screen {
        Screen {
            text: Cow::Borrowed(text),
            literals: Cow::Borrowed(literals),
            owner_runs: Cow::Borrowed(owner_runs),
            owners: Cow::Borrowed(owners),
            patterns: Cow::Borrowed(patterns),
            always: Cow::Borrowed(always),
            automaton: OnceLock::new(),
        }
    }

    /// Builds the screen for `catalog`: the same tables `build.rs` writes for the built-in
    /// rules, no automaton yet.
    pub fn new(catalog: &Catalog) -> Screen {
        let mut text = String::new();
        let mut literals: Vec<Span> = Vec::new();
        let mut owners: Vec<Vec<(u32, u8)>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut patterns = Vec::new();
        let mut always = Vec::new();
        for (r, rule) in catalog.rules().enumerate() {
            for p in 0..rule.sources.any.len() {
                let groups = rule.literals.get(p).map(|g| g.as_ref()).unwrap_or_default();
                let groups = &groups[..groups.len().min(32)];
                if groups.is_empty() {
                    always.push((r, p));
                    continue;
                }
                let id = u32::try_from(patterns.len()).unwrap_or(u32::MAX);
                patterns.push((
                    r,
                    p,
                    if groups.len() == 32 {
                        u32::MAX
                    } else {
                        (1u32 << groups.len()) - 1
                    },
                ));
                for (g, group) in groups.iter().enumerate() {
                    for literal in group.iter() {
                        let slot = *index.entry(literal.as_ref()).or_insert_with(|| {
                            literals.push((span_number(text.len()), span_number(literal.len())));
                            text.push_str(literal);
                            owners.push(Vec::new());
                            literals.len() - 1
                        });
                        owners[slot].push((id, g as u8));
                    }
                }
            }
        }
        let mut owner_runs = Vec::with_capacity(owners.len());
        let mut flat = Vec::new();
        for list in owners {
            owner_runs.push((span_number(flat.len()), span_number(list.len())));
            flat.extend(list);
        }
        Screen {
            text: text.into(),
            literals: literals.into(),
            owner_runs: owner_runs.into(),
            owners: flat.into(),
            always: always.into(),
            patterns: patterns.into(),
            automaton: OnceLock::new(),
        }
    }

    /// Literal `i`.
    fn literal(&self, i: usize) -> &[u8] {
        let (start, len) = self.literals[i];
        self.text
            .as_bytes()
            .get(start as usize..(start + len) as usize)
            .unwrap_or_default()
    }

    /// The `(pattern, group)` pairs literal `i` satisfies.
    fn owners_of(&self, i: usize) -> &[(u32, u8)] {
        let (start, len) = self.owner_runs[i];
        self.owners
            .get(start as usize..(start + len) as usize)
            .unwrap_or_default()
    }

    /// Adds to `tally` every literal that occurs in `lower` (already ASCII-lower-cased).
    fn tally(&self, lower: &[u8], tally: &mut Tally) {
        if lower.len() <= SMALL_TEXT && self.automaton.get().is_none() {
            for i in 0..self.literals.len() {
                if memchr::memmem::find(lower, self.literal(i)).is_some() {
                    tally.add(self, i);
                }
            }
            return;
        }
        match self.automaton() {
            Some(automaton) => {
                let mut seen = vec![false; self.literals.len()];
                for m in automaton.find_overlapping_iter(lower) {
                    let i = m.pattern().as_usize();
                    if !std::mem::replace(&mut seen[i], true) {
                        tally.add(self, i);
                    }
                }
            }
            None => (0..self.literals.len()).for_each(|i| tally.add(self, i)),
        }
    }

    /// Whether some pattern has no required literal, so every line must be checked.
    pub(crate) fn has_unscreened(&self) -> bool {
        !self.always.is_empty()
    }

    /// The automaton over every literal, for large inputs and scans.
    ///
    /// A contiguous NFA: with the catalog's thousands of literals a DFA is about four times
    /// larger (some 50 MB) and, since overlapping matches must all be reported, no faster.
    pub(crate) fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build((0..self.literals.len()).map(|i| self.literal(i)))
                    .ok()
            })
            .as_ref()
    }

    /// The rules and patterns that can match `text`, in catalog order.
    pub fn candidates(&self, text: &str) -> Vec<Candidate> {
        let lower = text.to_ascii_lowercase();
        let mut tally = Tally::default();
        self.tally(lower.as_bytes(), &mut tally);
        let mut pairs: Vec<(usize, usize)> = self.always.to_vec();
        tally.take_complete(self, &mut pairs);
        pairs.sort_unstable();
        pairs.dedup();
        let mut out: Vec<Candidate> = Vec::new();
        for (rule, pattern) in pairs {
            match out.last_mut() {
                Some(c) if c.rule == rule => c.patterns.push(pattern),
                _ => out.push(Candidate {
                    rule,
                    patterns: vec![pattern],
                }),
            }
        }
        out
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
}

/// A count or offset of the screen's tables (rule catalogs stay far below 2^32 bytes).
fn span_number(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Runs every rule of `catalog` against `normalized` and returns those that fired.
pub fn screen(catalog: &Catalog, normalized: &Normalized) -> Vec<Hit> {
    let text = normalized.text();
    let mut results = Results::default();
    catalog
        .screen()
        .candidates(text)
        .into_iter()
        .filter_map(|c| check(catalog, &c, text, &mut results))
        .collect()
}

/// What each distinct pattern found in the text: rules that share a pattern (the causes of
/// one ambiguous message often do) run it once.
#[derive(Default)]
struct Results<'c> {
    found: HashMap<&'c str, Option<crate::catalog::Found>>,
    matched: HashMap<&'c str, bool>,
}

/// Checks one candidate against `text`: the earliest match of its possible `any` patterns is the
/// evidence (the first line that shows the cause); then every `all` must match and no `not`.
fn check<'c>(catalog: &'c Catalog, candidate: &Candidate, text: &str, results: &mut Results<'c>) -> Option<Hit> {
    let rule = catalog.rule(candidate.rule)?;
    let mut found: Option<crate::catalog::Found> = None;
    for &p in &candidate.patterns {
        let Some(source) = rule.sources.any.get(p) else {
            continue;
        };
        let hit = results
            .found
            .entry(source.as_ref())
            .or_insert_with(|| catalog.pattern(source, text.len())?.find(text));
        if let Some(hit) = hit {
            if found.as_ref().is_none_or(|f| hit.start < f.start) {
                found = Some(hit.clone());
            }
        }
    }
    let found = found?;
    let mut matches = |p: &'c crate::catalog::Text| {
        *results
            .matched
            .entry(p.as_ref())
            .or_insert_with(|| catalog.pattern(p, text.len()).is_some_and(|re| re.is_match(text)))
    };
    if !rule.sources.all.iter().all(&mut matches) || rule.sources.not.iter().any(&mut matches) {
        return None;
    }
    Some(Hit {
        rule: candidate.rule,
        start: found.start,
        end: found.end,
        captures: found.captures,
    })
}
