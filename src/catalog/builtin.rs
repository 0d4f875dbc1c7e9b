//! The built-in rules as `build.rs` generated them: one string blob and tables of offsets into
//! it, with no pointer in them. A pointer in static data costs a load-time relocation in a
//! position-independent binary, so a catalog of pointers would be paid for on every start, in
//! proportion to its size; offsets cost nothing until a rule is used. A rule is turned into a
//! [`Rule`] only when the screen says it may match (or when a command lists them all).

use super::schema::{Category, Confidence, Role, Stage};
use super::{Example, Origin, Rule, Sources, Text};
use std::borrow::Cow;

/// `(start, length)` of a string in the blob, or `(start, count)` of a run in a table.
pub(super) type Span = (u32, u32);

/// One built-in rule, as offsets (see [`Rule`] for the fields).
#[derive(Debug)]
pub(super) struct Record {
    id: Span,
    title: Span,
    stage: Stage,
    category: Category,
    confidence: Confidence,
    role: Role,
    prior: u8,
    any: Span,
    all: Span,
    not_patterns: Span,
    /// A run of `PATTERN_GROUPS`, one per `any` pattern.
    literals: Span,
    explanation: Span,
    steps: Span,
    security: Option<Span>,
    tradeoff_steps: Span,
    references: Span,
    /// A run of `SPANS` holding source, text, source, text...
    examples: Span,
    not: Span,
    path: Span,
}

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The string at `span`. The spans are generated with the blob, so they always fall on
/// character boundaries; an empty string stands in should they ever not.
fn text(span: Span) -> &'static str {
    let (start, len) = (span.0 as usize, span.1 as usize);
    BLOB.get(start..start + len).unwrap_or_default()
}

/// The rows of `table` in `run`.
fn rows<T>(table: &'static [T], run: Span) -> &'static [T] {
    let (start, len) = (run.0 as usize, run.1 as usize);
    table.get(start..start + len).unwrap_or_default()
}

fn texts(run: Span) -> Cow<'static, [Text]> {
    rows(SPANS, run).iter().map(|&s| Cow::Borrowed(text(s))).collect()
}

/// How many rules are built in.
pub(super) fn len() -> usize {
    RECORDS.len()
}

/// The id of built-in rule `i`, without building the rule.
pub(super) fn id(i: usize) -> &'static str {
    RECORDS.get(i).map_or("", |r| text(r.id))
}

/// Built-in rule `i` as a [`Rule`] whose strings borrow the blob.
pub(super) fn rule(i: usize) -> Option<Rule> {
    let r = RECORDS.get(i)?;
    Some(Rule {
        id: Cow::Borrowed(text(r.id)),
        title: Cow::Borrowed(text(r.title)),
        stage: r.stage,
        category: r.category,
        confidence: r.confidence,
        role: r.role,
        prior: r.prior,
        sources: Sources {
            any: texts(r.any),
            all: texts(r.all),
            not: texts(r.not_patterns),
        },
        literals: rows(PATTERN_GROUPS, r.literals)
            .iter()
            .map(|&groups| rows(GROUPS, groups).iter().map(|&group| texts(group)).collect())
            .collect(),
        explanation: Cow::Borrowed(text(r.explanation)),
        steps: texts(r.steps),
        security: r.security.map(|s| Cow::Borrowed(text(s))),
        tradeoff_steps: texts(r.tradeoff_steps),
        references: texts(r.references),
        examples: rows(SPANS, r.examples)
            .chunks_exact(2)
            .map(|pair| Example {
                source: Cow::Borrowed(text(pair[0])),
                text: Cow::Borrowed(text(pair[1])),
            })
            .collect(),
        not: texts(r.not),
        origin: Origin::Builtin(text(r.path)),
    })
}

/// The literal screen's tables over the built-in rules (see [`crate::matcher::Screen`]).
pub(super) fn screen() -> crate::matcher::Screen {
    crate::matcher::Screen::from_tables(
        BLOB,
        SCREEN_LITERALS,
        SCREEN_OWNER_RUNS,
        SCREEN_OWNERS,
        SCREEN_PATTERNS,
        SCREEN_ALWAYS,
    )
}
