//! Parsing and validating one rule file; the same code serves built-in and user rules.

use super::schema::{MatchFile, RuleFile};
use super::{compile, literals, Example, Groups, Origin, Rule, Sources, Text};
use crate::error::Error;
use regex::Regex;
use serde_saphyr::{Location, Spanned};
use std::borrow::Cow;
use std::path::Path;

/// Parses and validates one rule file's `contents`; `file` names it in errors.
pub fn parse_rule(file: &str, contents: &str, origin: Origin) -> Result<Rule, Error> {
    let raw: RuleFile = serde_saphyr::from_str(contents).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = yaml_message(&e.to_string());
        let message = match key_at(contents, line) {
            Some(key) if !message.contains(&format!("`{key}`")) => format!("field `{key}`: {message}"),
            _ => message,
        };
        Error::Rule {
            file: file.to_string(),
            line,
            column,
            message,
            hint: "check the field names and types against rules/README.md (unknown keys are refused)".into(),
        }
    })?;
    Validator { file }.rule(raw, origin, contents)
}

/// Loads every `*.yaml` / `*.yml` file under `dir`, recursively, in path order; the first file
/// that does not load is the error.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, Error> {
    load_each(dir)?.into_iter().collect()
}

/// Loads every rule file under `dir`, recursively, in path order: one result per file, so a
/// caller may go on past a broken one. `Err` only when `dir` cannot be read.
pub fn load_each(dir: &Path) -> Result<Vec<Result<Rule, Error>>, Error> {
    let files = rule_files(dir)?;
    let mut results: Vec<Result<Rule, Error>> = Vec::with_capacity(files.len());
    for path in files {
        let loaded = std::fs::read_to_string(&path)
            .map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })
            .and_then(|contents| {
                let file = path.display().to_string();
                let rule = parse_rule(&file, &contents, Origin::User(path.clone()))?;
                let first = results.iter().flatten().find(|r| r.id == rule.id);
                match first {
                    None => Ok(rule),
                    Some(first) => {
                        let other = match &first.origin {
                            Origin::User(p) => p.display().to_string(),
                            Origin::Builtin(p) => (*p).to_string(),
                        };
                        let line = contents
                            .lines()
                            .position(|l| l.starts_with("id:"))
                            .map_or(0, |i| i as u64 + 1);
                        Err(Error::Rule {
                            file,
                            line,
                            column: 5,
                            message: format!("field `id`: `{}` is already used by {other}", rule.id),
                            hint: "give each rule its own id (a rule with a built-in rule's id replaces it, but two of yours cannot share one)".into(),
                        })
                    }
                }
            });
        results.push(loaded);
    }
    Ok(results)
}

/// Every `*.yaml` / `*.yml` file under `dir`, recursively, in path order.
pub fn rule_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    Ok(files)
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::RuleDir {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
    Ok(())
}

/// The parser's message without its own `error: line N column M:` prefix (we print the
/// location ourselves).
fn yaml_message(s: &str) -> String {
    let first = s.lines().next().unwrap_or(s).trim();
    let rest = first.strip_prefix("error: ").unwrap_or(first);
    match rest.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((location, message)) if location.contains("column") => message.to_string(),
        _ => rest.to_string(),
    }
}

/// The mapping key written on `line` (1-based) of `contents`, if the line starts with one.
fn key_at(contents: &str, line: u64) -> Option<&str> {
    let text = contents.lines().nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let key = text.trim_start().trim_start_matches("- ").split_once(':')?.0.trim();
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')).then_some(key)
}

/// A rule's patterns compiled for validation.
struct Compiled {
    any: Vec<Regex>,
    #[allow(dead_code)]
    all: Vec<Regex>,
    #[allow(dead_code)]
    not: Vec<Regex>,
}

struct Validator<'a> {
    file: &'a str,
}

impl Validator<'_> {
    fn fail(&self, at: Location, message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Rule {
            file: self.file.to_string(),
            line: at.line(),
            column: at.column(),
            message: message.into(),
            hint: hint.into(),
        }
    }

    fn rule(&self, raw: RuleFile, origin: Origin, _contents: &str) -> Result<Rule, Error> {
        let id = &raw.id.value;
        let kebab = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        let stage = raw.stage.to_string();
        match id.split_once('/') {
            Some((prefix, name)) if prefix == stage && kebab(name) => {}
            _ => {
                return Err(self.fail(
                    raw.id.referenced,
                    format!("field `id`: `{id}` is not `<stage>/<kebab-case-name>` with stage `{stage}`"),
                    format!("write it as `{stage}/some-name`"),
                ))
            }
        }
        if let Origin::Builtin(path) = origin {
            let expected = path.trim_end_matches(".yaml").trim_end_matches(".yml");
            if id != expected {
                return Err(self.fail(
                    raw.id.referenced,
                    format!("field `id`: `{id}` does not match the file's path"),
                    format!("rename the file or set `id: {expected}`"),
                ));
            }
        }
        let title = raw.title.value.trim().to_string();
        if title.is_empty() || title.contains('\n') {
            return Err(self.fail(
                raw.title.referenced,
                "field `title`: must be one non-empty line",
                "say the cause in one line",
            ));
        }
        if raw.prior.value > 100 {
            return Err(self.fail(
                raw.prior.referenced,
                "field `prior`: must be 0-100",
                "50 is the default",
            ));
        }
        let patterns = self.patterns(&raw.matcher)?;
        let names: Vec<&str> = patterns.any.iter().flat_map(|r| r.capture_names().flatten()).collect();
        for text in [&raw.title, &raw.explanation] {
            for placeholder in placeholders(&text.value) {
                if !names.contains(&placeholder) {
                    return Err(self.fail(
                        text.referenced,
                        format!("placeholder `{{{placeholder}}}` is not a named capture of `match.any`"),
                        format!("add `(?P<{placeholder}>...)` to every `any` pattern, or drop the placeholder"),
                    ));
                }
            }
        }
        if raw.explanation.value.trim().is_empty() {
            return Err(self.fail(
                raw.explanation.referenced,
                "field `explanation`: is empty",
                "say what happened and why",
            ));
        }
        if raw.steps.is_empty() || raw.steps.iter().any(|s| s.value.trim().is_empty()) {
            return Err(self.fail(
                raw.explanation.referenced,
                "field `steps`: needs at least one non-empty step",
                "list the fixes, safest first",
            ));
        }
        for reference in &raw.references {
            if !reference.value.starts_with("https://") {
                return Err(self.fail(
                    reference.referenced,
                    format!("field `references`: `{}` is not an https:// link", reference.value),
                    "link official documentation over https",
                ));
            }
        }
        if raw.examples.is_empty() {
            return Err(self.fail(
                raw.id.referenced,
                "field `examples`: a rule needs at least one real example",
                "paste real error output the rule must diagnose, with its `source`",
            ));
        }
        let owned = |v: Vec<Spanned<String>>| -> Cow<'static, [Text]> {
            v.into_iter()
                .map(|s| Cow::Owned(s.value.trim().to_string()))
                .collect::<Vec<Text>>()
                .into()
        };
        let plain =
            |v: Vec<String>| -> Cow<'static, [Text]> { v.into_iter().map(Cow::Owned).collect::<Vec<Text>>().into() };
        let _ = patterns; // compiled here only to validate; the catalog compiles on use
        let required: Vec<Groups> = raw
            .matcher
            .any
            .iter()
            .map(|p| {
                let groups: Vec<Cow<'static, [Text]>> = literals::required_groups(&p.value)
                    .into_iter()
                    .map(|g| g.into_iter().map(Cow::Owned).collect::<Vec<Text>>().into())
                    .collect();
                Cow::Owned(groups)
            })
            .collect();
        Ok(Rule {
            id: Cow::Owned(raw.id.value),
            title: Cow::Owned(title),
            stage: raw.stage,
            category: raw.category,
            confidence: raw.confidence,
            role: raw.role,
            prior: raw.prior.value,
            sources: Sources {
                any: owned(raw.matcher.any),
                all: owned(raw.matcher.all),
                not: owned(raw.matcher.not),
            },
            literals: required.into(),
            explanation: Cow::Owned(raw.explanation.value.trim().to_string()),
            steps: owned(raw.steps),
            security: raw.security.map(|s| Cow::Owned(s.trim().to_string())),
            tradeoff_steps: plain(raw.tradeoff_steps),
            references: owned(raw.references),
            examples: raw
                .examples
                .into_iter()
                .map(|e| Example {
                    source: Cow::Owned(e.source),
                    text: Cow::Owned(e.text),
                })
                .collect::<Vec<_>>()
                .into(),
            not: plain(raw.not),
            origin,
        })
    }

    fn patterns(&self, m: &MatchFile) -> Result<Compiled, Error> {
        if m.any.is_empty() {
            return Err(self.fail(
                Location::UNKNOWN,
                "field `match.any`: needs at least one pattern",
                "add the regex that recognises the message",
            ));
        }
        let compile = |field: &str, list: &[Spanned<String>]| -> Result<Vec<Regex>, Error> {
            list.iter()
                .enumerate()
                .map(|(i, p)| self.regex(&format!("match.{field}[{i}]"), p))
                .collect()
        };
        Ok(Compiled {
            any: compile("any", &m.any)?,
            all: compile("all", &m.all)?,
            not: compile("not", &m.not)?,
        })
    }

    fn regex(&self, field: &str, pattern: &Spanned<String>) -> Result<Regex, Error> {
        let at = pattern.referenced;
        let regex = compile(&pattern.value).map_err(|e| {
            let hint = match e {
                regex::Error::CompiledTooBig(_) => {
                    "the pattern compiles too large: narrow repetitions like `.{1,10000}`"
                }
                _ => "patterns use Rust regex syntax: no look-around, no back-references",
            };
            self.fail(
                at,
                format!(
                    "field `{field}`: invalid regex: {}",
                    e.to_string().lines().last().unwrap_or("")
                ),
                hint,
            )
        })?;
        if regex.is_match("") {
            return Err(self.fail(
                at,
                format!("field `{field}`: the pattern matches empty text, so it would match everything"),
                "key it on words the tool prints",
            ));
        }
        Ok(regex)
    }
}

/// The names of the `{name}` and `{name|fallback}` placeholders in a template.
pub(crate) fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .zip(template.split('{'))
        .filter_map(|(part, before)| {
            if before.ends_with('$') {
                return None; // `${VAR}` is shell, not a placeholder
            }
            placeholder(part.split_once('}')?.0).map(|(name, _)| name)
        })
}

/// The name and fallback of a placeholder's inside: `name` or `name|fallback` (the fallback is
/// for when the capture did not take part); `None` when the name is not a capture name.
pub(crate) fn placeholder(inner: &str) -> Option<(&str, Option<&str>)> {
    let (name, fallback) = match inner.split_once('|') {
        Some((name, fallback)) => (name, Some(fallback)),
        None => (inner, None),
    };
    let is_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    is_name.then_some((name, fallback))
}
