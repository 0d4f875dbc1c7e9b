//! The rule catalog: built-in rules (converted to static tables at build time by `build.rs`, so
//! start-up parses nothing and touches no rule), plus user rule folders parsed and validated at
//! run time.
//!
//! A built-in rule is built from its tables, and its regexes compiled, on first use, so a run
//! pays only for the rules whose required literals appear in the input.

mod ascii;
mod builtin;
pub mod literals;
mod load;
mod pattern;
pub mod schema;

pub(crate) use load::placeholder;
pub use load::{load_dir, parse_rule, rule_files};
pub use pattern::{Found, Pattern};
pub use schema::{Category, Confidence, Role, Stage};

use crate::error::Error;
use crate::matcher::Screen;
use regex::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

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

/// Compiled patterns by source text and engine (lite or not); `None` for one that does not
/// compile.
type Compiled = HashMap<(Text, bool), Option<Arc<Pattern>>>;

/// Where rule `i` of a catalog with user rules comes from.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// Built-in rule `n`.
    Builtin(usize),
    /// User rule `n`.
    User(usize),
}

/// All rules in use, in a stable order: the built-in ones, then user rules (a user rule with a
/// built-in rule's id takes its place).
#[derive(Debug)]
pub struct Catalog {
    /// `None` while the catalog is exactly the built-in rules (rule `i` is built-in rule `i`, and
    /// the screen computed at build time applies).
    slots: Option<Vec<Slot>>,
    user: Vec<Rule>,
    /// Built-in rules, built on first use.
    built: Box<[OnceLock<Box<Rule>>]>,
    screen: OnceLock<Screen>,
    /// Compiled patterns by source text and engine (lite or not), so a pattern shared by rules
    /// compiles once.
    compiled: Mutex<Compiled>,
}

impl Clone for Catalog {
    fn clone(&self) -> Catalog {
        Catalog {
            slots: self.slots.clone(),
            user: self.user.clone(),
            built: fresh_cells(),
            screen: OnceLock::new(),
            compiled: Mutex::default(),
        }
    }
}

/// One empty cell per built-in rule.
fn fresh_cells() -> Box<[OnceLock<Box<Rule>>]> {
    (0..builtin::len()).map(|_| OnceLock::new()).collect()
}

impl Catalog {
    /// The rules built into the binary. Cheap: nothing is parsed, built or compiled here.
    ///
    /// `build.rs` already refused any broken rule file, so this does not fail today; it
    /// returns a `Result` so that callers need not change if loading ever can.
    pub fn builtin() -> Result<Catalog, Error> {
        Ok(Catalog {
            slots: None,
            user: Vec::new(),
            built: fresh_cells(),
            screen: OnceLock::new(),
            compiled: Mutex::default(),
        })
    }

    /// Adds `rule`, replacing a rule with the same id.
    pub fn insert(&mut self, rule: Rule) {
        self.screen = OnceLock::new();
        let position = self.position(&rule.id);
        let slots = self
            .slots
            .get_or_insert_with(|| (0..builtin::len()).map(Slot::Builtin).collect());
        self.user.push(rule);
        let slot = Slot::User(self.user.len() - 1);
        match position {
            Some(i) => slots[i] = slot,
            None => slots.push(slot),
        }
    }

    /// Adds every rule under `dir` (see [`load_dir`]).
    pub fn load_dir(&mut self, dir: &std::path::Path) -> Result<(), Error> {
        for rule in load_dir(dir)? {
            self.insert(rule);
        }
        Ok(())
    }

    /// Adds every rule under `dir` that loads, and returns the errors of the files that do not.
    /// `Err` only when `dir` cannot be read.
    pub fn load_dir_skipping(&mut self, dir: &std::path::Path) -> Result<Vec<Error>, Error> {
        let mut skipped = Vec::new();
        for loaded in load::load_each(dir)? {
            match loaded {
                Ok(rule) => self.insert(rule),
                Err(e) => skipped.push(e),
            }
        }
        Ok(skipped)
    }

    /// `pattern` compiled (once per catalog) for an input of `len` bytes; `None` when it does
    /// not compile, which validation at build or load time rules out. Shared, so that its
    /// matching state is reused from one line of a scan to the next.
    pub fn pattern(&self, pattern: &Text, len: usize) -> Option<Arc<Pattern>> {
        let lite = len <= pattern::LITE_MAX;
        let mut cache = self.compiled.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry((pattern.clone(), lite))
            .or_insert_with(|| Pattern::new(pattern, len).map(Arc::new))
            .clone()
    }

    /// The literal screen over every rule, built on first use.
    pub fn screen(&self) -> &Screen {
        self.screen.get_or_init(|| match self.slots {
            None => builtin::screen(),
            Some(_) => Screen::new(self),
        })
    }

    /// How many rules are in use.
    pub fn len(&self) -> usize {
        self.slots.as_ref().map_or_else(builtin::len, Vec::len)
    }

    /// Whether no rule is in use.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rule `i`, in catalog order.
    pub fn rule(&self, i: usize) -> Option<&Rule> {
        let slot = match &self.slots {
            None => Slot::Builtin(i),
            Some(slots) => *slots.get(i)?,
        };
        match slot {
            Slot::User(n) => self.user.get(n),
            Slot::Builtin(n) => {
                let cell = self.built.get(n)?;
                if let Some(rule) = cell.get() {
                    return Some(rule);
                }
                let rule = builtin::rule(n)?;
                Some(cell.get_or_init(|| Box::new(rule)))
            }
        }
    }

    /// Every rule, in catalog order (builds every built-in rule: for listing and checking, not
    /// for diagnosing).
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &Rule> + Clone + '_ {
        (0..self.len())
            .filter_map(|i| self.rule(i))
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// The id of rule `i`, without building it.
    fn id(&self, i: usize) -> Option<&str> {
        match &self.slots {
            None => (i < builtin::len()).then(|| builtin::id(i)),
            Some(slots) => match *slots.get(i)? {
                Slot::Builtin(n) => Some(builtin::id(n)),
                Slot::User(n) => self.user.get(n).map(|r| r.id.as_ref()),
            },
        }
    }

    /// The index of the rule with `id`.
    fn position(&self, id: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.id(i) == Some(id))
    }

    /// The rule with `id`.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rule(self.position(id)?)
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
        rebuilt.slots = Some((0..builtin::len()).map(Slot::Builtin).collect());
        for text in builtin
            .rules()
            .flat_map(|r| r.examples.iter().map(|e| e.text.to_string()))
        {
            assert_eq!(
                builtin.screen().candidates(&text),
                rebuilt.screen().candidates(&text),
                "{text}"
            );
        }
    }

    /// Start-up builds no rule, and a diagnosis builds only the rules the screen let through.
    #[test]
    fn only_the_candidate_rules_are_built() {
        let catalog = Catalog::builtin().expect("built-in catalog");
        let built = |c: &Catalog| c.built.iter().filter(|cell| cell.get().is_some()).count();
        assert_eq!(built(&catalog), 0);
        let text = "docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/bin/bash\": stat /bin/bash: no such file or directory: unknown.";
        let diagnoses = crate::diagnose(&catalog, text);
        assert!(!diagnoses.is_empty());
        let normalized = crate::normalize::Normalized::new(text);
        let candidates = catalog.screen().candidates(normalized.text()).len();
        assert_eq!(built(&catalog), candidates);
        assert!(candidates < builtin::len() / 10, "{candidates} candidates");
    }
}
