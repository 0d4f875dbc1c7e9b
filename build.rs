//! Turns `rules/**/*.yaml` into Rust at build time, so the binary parses no YAML and compiles no
//! regex when it starts.
//!
//! Each rule file is parsed with the same schema as user rules (`src/catalog/schema.rs`), its
//! patterns are compiled once here (a broken rule fails the build, naming the file and field),
//! its required literals are computed for the screen (`src/catalog/literals.rs`), and the rule
//! is written to `$OUT_DIR/builtin_rules.rs` as a record of offsets into one string blob
//! (`$OUT_DIR/builtin_blob.txt`): static data without pointers needs no load-time relocation,
//! so start-up costs the same whatever the catalog's size (see `src/catalog/builtin.rs`).

#[allow(dead_code)]
#[path = "src/catalog/schema.rs"]
mod schema;

#[allow(dead_code)]
#[path = "src/catalog/literals.rs"]
mod literals;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    // OCIDOCTOR_RULES_DIR builds the binary from another rule folder (scripts/bench.sh uses it
    // for a catalog grown 4x); the default is the repository's rules/.
    println!("cargo:rerun-if-env-changed=OCIDOCTOR_RULES_DIR");
    let rules = env::var_os("OCIDOCTOR_RULES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("rules"));
    println!("cargo:rerun-if-changed={}", rules.display());
    println!("cargo:rerun-if-changed=src/catalog/schema.rs");
    println!("cargo:rerun-if-changed=src/catalog/literals.rs");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    files.sort();
    let mut tables = Tables::default();
    let mut errors = Vec::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&rules)
            .expect("collected under rules/")
            .to_string_lossy()
            .replace('\\', "/");
        if let Err(e) = tables.rule(&rel, file) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            println!("cargo:warning={e}");
        }
        panic!("{} broken rule file(s):\n{}", errors.len(), errors.join("\n"));
    }
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("builtin_blob.txt"), &tables.blob.text).expect("write builtin_blob.txt");
    fs::write(out.join("builtin_rules.rs"), tables.code()).expect("write builtin_rules.rs");
}

/// `(start, length)` of a string in the blob, or `(start, count)` of a run in a table.
type Span = (u32, u32);

/// Every distinct string of the built-in rules, end to end: the generated tables hold offsets
/// into it instead of pointers, so the binary needs no load-time relocation for them and never
/// touches a rule it does not use.
#[derive(Default)]
struct Blob {
    text: String,
    index: std::collections::HashMap<String, Span>,
}

impl Blob {
    fn span(&mut self, s: &str) -> Span {
        if let Some(&span) = self.index.get(s) {
            return span;
        }
        let span = (
            u32::try_from(self.text.len()).expect("rules under 4 GiB"),
            u32::try_from(s.len()).expect("a string under 4 GiB"),
        );
        self.text.push_str(s);
        self.index.insert(s.to_string(), span);
        span
    }
}

/// The generated tables: rule records, the runs of strings and groups they point to, and the
/// literal screen.
#[derive(Default)]
struct Tables {
    blob: Blob,
    records: String,
    count: usize,
    /// Strings of every list (patterns, steps, examples as source/text pairs, literals).
    spans: Vec<Span>,
    /// A literal group: a run of `spans`.
    groups: Vec<Span>,
    /// An `any` pattern's groups: a run of `groups`.
    pattern_groups: Vec<Span>,
    screen: ScreenTables,
}

fn run(start: usize, len: usize) -> Span {
    (
        u32::try_from(start).expect("tables under 2^32 rows"),
        u32::try_from(len).expect("tables under 2^32 rows"),
    )
}

impl Tables {
    /// A run of `spans` holding `items`.
    fn list<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) -> Span {
        let start = self.spans.len();
        for item in items {
            let span = self.blob.span(item);
            self.spans.push(span);
        }
        run(start, self.spans.len() - start)
    }

    /// Parses, validates and adds one rule file.
    fn rule(&mut self, rel: &str, file: &Path) -> Result<(), String> {
        let text = fs::read_to_string(file).map_err(|e| format!("rules/{rel}: {e}"))?;
        let raw: schema::RuleFile = serde_saphyr::from_str(&text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!("{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            format!("rules/{rel}:{at}: {}", e.to_string().lines().next().unwrap_or_default())
        })?;
        let id = &raw.id.value;
        let expected = rel.trim_end_matches(".yaml").trim_end_matches(".yml");
        if id != expected {
            return Err(format!(
                "rules/{rel}: field `id`: `{id}` does not match the file's path (`{expected}`)"
            ));
        }
        let mut literals: Vec<Vec<Vec<String>>> = Vec::new();
        for (field, list) in [
            ("any", &raw.matcher.any),
            ("all", &raw.matcher.all),
            ("not", &raw.matcher.not),
        ] {
            for (i, p) in list.iter().enumerate() {
                regex::RegexBuilder::new(&p.value)
                    .multi_line(true)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| format!("rules/{rel}:{}: field `match.{field}[{i}]`: {e}", p.referenced.line()))?;
                if field == "any" {
                    literals.push(literals::required_groups(&p.value));
                }
            }
        }
        self.screen.add(&literals, &mut self.blob);
        let trimmed =
            |v: &[serde_saphyr::Spanned<String>]| v.iter().map(|s| s.value.trim().to_string()).collect::<Vec<_>>();
        let any = self.list(trimmed(&raw.matcher.any).iter().map(String::as_str));
        let all = self.list(trimmed(&raw.matcher.all).iter().map(String::as_str));
        let not_patterns = self.list(trimmed(&raw.matcher.not).iter().map(String::as_str));
        let start = self.pattern_groups.len();
        for groups in &literals {
            let first = self.groups.len();
            for group in groups {
                let group = self.list(group.iter().map(String::as_str));
                self.groups.push(group);
            }
            self.pattern_groups.push(run(first, self.groups.len() - first));
        }
        let literal_run = run(start, self.pattern_groups.len() - start);
        let steps = self.list(trimmed(&raw.steps).iter().map(String::as_str));
        let tradeoff = self.list(raw.tradeoff_steps.iter().map(|s| s.trim()));
        let references = self.list(trimmed(&raw.references).iter().map(String::as_str));
        let examples = self.list(raw.examples.iter().flat_map(|e| [e.source.as_str(), e.text.as_str()]));
        let nots = self.list(raw.not.iter().map(|s| s.trim()));
        let security = match &raw.security {
            Some(s) => format!("Some({:?})", self.blob.span(s.trim())),
            None => "None".to_string(),
        };
        let _ = writeln!(
            self.records,
            "    Record {{ id: {id:?}, title: {title:?}, stage: Stage::{stage:?}, category: Category::{category:?}, \
             confidence: Confidence::{confidence:?}, role: Role::{role:?}, prior: {prior}, any: {any:?}, all: {all:?}, \
             not_patterns: {not_patterns:?}, literals: {literal_run:?}, explanation: {explanation:?}, steps: {steps:?}, \
             security: {security}, tradeoff_steps: {tradeoff:?}, references: {references:?}, examples: {examples:?}, \
             not: {nots:?}, path: {path:?} }},",
            id = self.blob.span(id),
            title = self.blob.span(raw.title.value.trim()),
            stage = raw.stage,
            category = raw.category,
            confidence = raw.confidence,
            role = raw.role,
            prior = raw.prior.value,
            explanation = self.blob.span(raw.explanation.value.trim()),
            path = self.blob.span(rel),
        );
        self.count += 1;
        Ok(())
    }

    fn code(&self) -> String {
        let table = |name: &str, ty: &str, doc: &str, rows: &dyn Fn() -> String| {
            format!("/// {doc}\npub(super) static {name}: {ty} = &{};\n", rows())
        };
        let mut code = format!(
            "// Generated by build.rs from rules/: do not edit.\n\
             /// Every string of the built-in rules, end to end.\n\
             const BLOB: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/builtin_blob.txt\"));\n\
             /// The built-in rules, in path order.\npub(super) static RECORDS: &[Record; {}] = &[\n{}];\n",
            self.count, self.records
        );
        code.push_str(&table(
            "SPANS",
            "&[Span]",
            "The strings of every list: runs of it.",
            &|| format!("{:?}", self.spans),
        ));
        code.push_str(&table("GROUPS", "&[Span]", "Literal groups: runs of `SPANS`.", &|| {
            format!("{:?}", self.groups)
        }));
        code.push_str(&table(
            "PATTERN_GROUPS",
            "&[Span]",
            "Each `any` pattern's literal groups: runs of `GROUPS`.",
            &|| format!("{:?}", self.pattern_groups),
        ));
        code.push_str(&self.screen.code());
        code
    }
}

/// The literal screen over the built-in rules, computed here so that start-up builds nothing
/// (the same tables `Screen::new` builds at run time when user rules are added).
#[derive(Default)]
struct ScreenTables {
    rules: usize,
    literals: Vec<Span>,
    index: std::collections::HashMap<String, usize>,
    owners: Vec<Vec<(u32, u8)>>,
    patterns: Vec<(usize, usize, u32)>,
    always: Vec<(usize, usize)>,
}

impl ScreenTables {
    /// Adds the next rule, given its `any` patterns' literal groups.
    fn add(&mut self, groups: &[Vec<Vec<String>>], blob: &mut Blob) {
        let rule = self.rules;
        self.rules += 1;
        for (p, groups) in groups.iter().enumerate() {
            let groups = &groups[..groups.len().min(32)];
            if groups.is_empty() {
                self.always.push((rule, p));
                continue;
            }
            let id = u32::try_from(self.patterns.len()).expect("fewer than 2^32 patterns");
            let mask = if groups.len() == 32 {
                u32::MAX
            } else {
                (1u32 << groups.len()) - 1
            };
            self.patterns.push((rule, p, mask));
            for (g, group) in groups.iter().enumerate() {
                for literal in group {
                    let slot = match self.index.get(literal) {
                        Some(&slot) => slot,
                        None => {
                            self.literals.push(blob.span(literal));
                            self.owners.push(Vec::new());
                            self.index.insert(literal.clone(), self.literals.len() - 1);
                            self.literals.len() - 1
                        }
                    };
                    self.owners[slot].push((id, g as u8));
                }
            }
        }
    }

    fn code(&self) -> String {
        let mut runs = Vec::new();
        let mut flat = Vec::new();
        for owners in &self.owners {
            runs.push(run(flat.len(), owners.len()));
            flat.extend_from_slice(owners);
        }
        format!(
            "/// Distinct required literals of the built-in rules.\npub(super) static SCREEN_LITERALS: &[Span] = &{:?};\n\
             /// For each literal, its run of `SCREEN_OWNERS`.\npub(super) static SCREEN_OWNER_RUNS: &[Span] = &{runs:?};\n\
             /// The `(pattern, group)` pairs each literal satisfies.\npub(super) static SCREEN_OWNERS: &[(u32, u8)] = &{flat:?};\n\
             /// Screened patterns: `(rule, any-pattern, mask of all groups)`.\npub(super) static SCREEN_PATTERNS: &[(usize, usize, u32)] = &{:?};\n\
             /// Patterns without a literal.\npub(super) static SCREEN_ALWAYS: &[(usize, usize)] = &{:?};\n",
            self.literals, self.patterns, self.always
        )
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
}
