//! The rule catalog: built-in rules embedded at build time, plus user rule folders, loaded and
//! validated the same way.

mod load;
pub mod schema;

pub use load::{load_dir, parse_rule};
pub use schema::{Category, Confidence, Role, Stage};

use crate::error::Error;
use crate::matcher::Screen;
use regex::Regex;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

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
    pub source: String,
    /// The verbatim text.
    pub text: String,
}

/// A rule's patterns, compiled.
#[derive(Debug, Clone)]
pub struct Patterns {
    /// At least one must match; the first that does gives the evidence and captures.
    pub any: Vec<Regex>,
    /// All must match.
    pub all: Vec<Regex>,
    /// None may match.
    pub not: Vec<Regex>,
}

/// A validated rule, ready to match.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `<stage>/<name>`.
    pub id: String,
    /// One-line title; may hold `{capture}` placeholders.
    pub title: String,
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
    /// Compiled patterns.
    pub patterns: Patterns,
    /// What happened and why; may hold placeholders.
    pub explanation: String,
    /// Remediation steps, in order.
    pub steps: Vec<String>,
    /// A note on the insecure shortcut not to take.
    pub security: Option<String>,
    /// Steps that weaken security, always shown marked.
    pub tradeoff_steps: Vec<String>,
    /// Documentation links.
    pub references: Vec<String>,
    /// Real texts this rule must diagnose first.
    pub examples: Vec<Example>,
    /// Texts this rule must not match.
    pub not: Vec<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// All rules in use, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    rules: Vec<Rule>,
    by_id: HashMap<String, usize>,
    screen: OnceLock<Screen>,
}

impl Catalog {
    /// The rules embedded in the binary.
    ///
    /// A broken built-in rule is a bug caught by the test suite; it is reported, not panicked on.
    pub fn builtin() -> Result<Catalog, Error> {
        let mut catalog = Catalog::default();
        for (path, contents) in BUILTIN_RULES {
            let rule = parse_rule(&format!("rules/{path}"), contents, Origin::Builtin(path))?;
            catalog.insert(rule);
        }
        Ok(catalog)
    }

    /// The built-in rules that load, and the errors of those that do not. `rules check` uses
    /// this so that one broken rule does not hide the results of all the others.
    pub fn builtin_lenient() -> (Catalog, Vec<Error>) {
        let mut catalog = Catalog::default();
        let mut errors = Vec::new();
        for (path, contents) in BUILTIN_RULES {
            match parse_rule(&format!("rules/{path}"), contents, Origin::Builtin(path)) {
                Ok(rule) => catalog.insert(rule),
                Err(e) => errors.push(e),
            }
        }
        (catalog, errors)
    }

    /// Adds `rule`, replacing a rule with the same id.
    pub fn insert(&mut self, rule: Rule) {
        self.screen = OnceLock::new();
        match self.by_id.get(&rule.id) {
            Some(&i) => self.rules[i] = rule,
            None => {
                self.by_id.insert(rule.id.clone(), self.rules.len());
                self.rules.push(rule);
            }
        }
    }

    /// The one-pass screen over every rule, built on first use.
    pub fn screen(&self) -> &Screen {
        self.screen.get_or_init(|| Screen::new(self))
    }

    /// Every rule.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with `id`.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    /// The rule's position in [`Catalog::rules`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}
