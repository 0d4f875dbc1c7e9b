//! The rule catalog: built-in rules (converted to Rust at build time by `build.rs`, so start-up
//! parses nothing), plus user rule folders parsed and validated at run time.
//!
//! A rule's regexes are compiled on first use, so a run compiles only the rules whose required
//! literals appear in the input.

mod ascii;
pub mod literals;
mod load;
mod pattern;
pub mod schema;

pub use load::{load_dir, parse_rule, rule_files};
pub use pattern::{Found, Pattern};
pub use schema::{Category, Confidence, Role, Stage};

use crate::error::Error;
use crate::matcher::Screen;
use regex::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Text that is static for built-in rules and owned for user rules.
pub type Text = Cow<'static, str>;

/// A pattern's required literals: an AND of OR-groups.
pub type Groups = Cow<'static, [Cow<'static, [Text]>]>;

/// Compiled size limit for one pattern; a pattern over it is refused, not silently slow.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Where a rule came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary; the path is relative to `rules/`.
    Builtin(&'static str),
    /// A user's rule file.
    User(PathBuf),
}

/// One real example text of a rule.
#[derive(Debug, Clone)]
pub struct Example {
    /// Where it was printed.
    pub source: Text,
    /// The verbatim text.
    pub text: Text,
}

/// A rule's pattern sources, as written.
#[derive(Debug, Clone)]
pub struct Sources {
    /// At least one must match.
    pub any: Cow<'static, [Text]>,
    /// All must match.
    pub all: Cow<'static, [Text]>,
    /// None may match.
    pub not: Cow<'static, [Text]>,
}

/// A validated rule, ready to match.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `<stage>/<name>`.
    pub id: Text,
    /// One-line title; may hold `{capture}` placeholders.
    pub title: Text,
    /// Stage of the failure.
    pub stage: Stage,
    /// Category of the cause.
    pub category: Category,
    /// Confidence when it fires.
    pub confidence: Confidence,
    /// Cause, symptom or fallback.
    pub role: Role,
    /// 0-100 tie-breaker among rules firing on the same text.
    pub prior: u8,
    /// The patterns as written.
    pub sources: Sources,
    /// For each `any` pattern, its required literal groups (see [`literals`]): every group must
    /// have one of its lower-case strings in the text for the pattern to match. No groups: the
    /// pattern is always checked.
    pub literals: Cow<'static, [Groups]>,
    /// What happened and why; may hold placeholders.
    pub explanation: Text,
    /// Remediation steps, in order.
    pub steps: Cow<'static, [Text]>,
    /// A note on the insecure shortcut not to take.
    pub security: Option<Text>,
    /// Steps that weaken security, always shown marked.
    pub tradeoff_steps: Cow<'static, [Text]>,
    /// Documentation links.
    pub references: Cow<'static, [Text]>,
    /// Real texts this rule must diagnose first.
    pub examples: Cow<'static, [Example]>,
    /// Texts this rule must not match.
    pub not: Cow<'static, [Text]>,
    /// Where it came from.
    pub origin: Origin,
}

/// Compiles one rule pattern the way every pattern is compiled: multi-line, size-limited, with
/// ASCII `\w` and `\d` (see [`ascii`]).
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&ascii::asciify(pattern))
        .multi_line(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// All rules in use, in a stable order.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Borrowed from the binary until a user rule is added.
    rules: Cow<'static, [Rule]>,
    /// Exactly the built-in rules, so the screen computed at build time applies.
    pristine: bool,
    screen: OnceLock<Screen>,
    /// Compiled patterns by source text and engine (lite or not), so a pattern shared by rules
    /// compiles once.
    compiled: Mutex<HashMap<(Text, bool), Option<Pattern>>>,
}

impl Clone for Catalog {
    fn clone(&self) -> Catalog {
        Catalog {
            rules: self.rules.clone(),
            pristine: self.pristine,
            screen: OnceLock::new(),
            compiled: Mutex::default(),
        }
    }
}

impl Catalog {
    /// The rules built into the binary. Cheap: nothing is parsed or compiled here.
    ///
    /// `build.rs` already refused any broken rule file, so this does not fail today; it
    /// returns a `Result` so that callers need not change if loading ever can.
    pub fn builtin() -> Result<Catalog, Error> {
        Ok(Catalog {
            rules: Cow::Borrowed(&BUILTIN_RULES),
            pristine: true,
            ..Catalog::default()
        })
    }

    /// Adds `rule`, replacing a rule with the same id.
    pub fn insert(&mut self, rule: Rule) {
        self.screen = OnceLock::new();
        self.pristine = false;
        let rules = self.rules.to_mut();
        match rules.iter().position(|r| r.id == rule.id) {
            Some(i) => rules[i] = rule,
            None => rules.push(rule),
        }
    }

    /// Adds every rule under `dir` (see [`load_dir`]).
    pub fn load_dir(&mut self, dir: &std::path::Path) -> Result<(), Error> {
        for rule in load_dir(dir)? {
            self.insert(rule);
        }
        Ok(())
    }

    /// `pattern` compiled (once per catalog) for an input of `len` bytes; `None` when it does
    /// not compile, which validation at build or load time rules out.
    pub fn pattern(&self, pattern: &Text, len: usize) -> Option<Pattern> {
        let lite = len <= pattern::LITE_MAX;
        let mut cache = self.compiled.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry((pattern.clone(), lite))
            .or_insert_with(|| Pattern::new(pattern, len))
            .clone()
    }

    /// The literal screen over every rule, built on first use.
    pub fn screen(&self) -> &Screen {
        self.screen.get_or_init(|| match self.pristine {
            true => Screen::from_tables(SCREEN_LITERALS, SCREEN_OWNERS, SCREEN_PATTERNS, SCREEN_ALWAYS),
            false => Screen::new(self),
        })
    }

    /// Every rule.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with `id`.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The screen `build.rs` computed must be the one `Screen::new` computes from the same rules.
    #[test]
    fn the_build_time_screen_equals_the_run_time_screen() {
        let builtin = Catalog::builtin().expect("built-in catalog");
        let mut rebuilt = builtin.clone();
        rebuilt.pristine = false;
        for text in builtin
            .rules()
            .iter()
            .flat_map(|r| r.examples.iter().map(|e| e.text.to_string()))
        {
            assert_eq!(
                builtin.screen().candidates(&text),
                rebuilt.screen().candidates(&text),
                "{text}"
            );
        }
    }
}
