//! `ocidoctor rules list` and `ocidoctor rules check`: the catalog as a user sees and tests it.

use crate::app::{emit, load_catalog, AppError};
use crate::cli::{Format, Options};
use ocidoctor::catalog::{self, Catalog, Origin, Rule};
use ocidoctor::verify::{self, Outcome};
use ocidoctor::Error;
use std::process::ExitCode;

/// `rules list`: the rules in use, filtered by stage and category.
pub fn list(options: &Options, stage: Option<String>, category: Option<String>) -> Result<ExitCode, AppError> {
    let catalog = load_catalog(&options.rule_dirs)?;
    let mut rules: Vec<&Rule> = catalog
        .rules()
        .filter(|r| stage.as_deref().is_none_or(|s| r.stage.to_string() == s))
        .filter(|r| category.as_deref().is_none_or(|c| r.category.to_string() == c))
        .collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    if options.format == Format::Json {
        let list: Vec<_> = rules
            .iter()
            .map(|r| serde_json::json!({"rule": r.id, "title": r.title, "stage": r.stage, "category": r.category, "confidence": r.confidence}))
            .collect();
        return emit(&format!("{}\n", serde_json::Value::Array(list))).map(|_| ExitCode::SUCCESS);
    }
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rules {
        out.push_str(&format!(
            "{:<width$}  {:<18}  {}\n",
            r.id,
            r.category.to_string(),
            r.title
        ));
    }
    out.push_str(&format!("{} rules\n", rules.len()));
    emit(&out)?;
    Ok(if rules.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `rules check DIR`: validates each rule file on its own (one broken file does not hide the
/// others), then runs every example and non-example, and refuses unsafe advice.
pub fn check(dir: &std::path::Path, verbose: bool) -> Result<ExitCode, AppError> {
    if !dir.is_dir() {
        return Err(AppError::Usage(format!(
            "{}: not a folder of rule files",
            dir.display()
        )));
    }
    // Each file is loaded on its own, so one broken file does not hide the others' results.
    let files = catalog::rule_files(dir)?;
    let mut catalog = Catalog::builtin()?;
    let mut broken = 0;
    let mut checked = Vec::new();
    for path in &files {
        let parsed = std::fs::read_to_string(path)
            .map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })
            .and_then(|text| catalog::parse_rule(&path.display().to_string(), &text, Origin::User(path.clone())));
        match parsed {
            Ok(rule) => {
                checked.push(rule.id.clone());
                catalog.insert(rule);
            }
            Err(e) => {
                broken += 1;
                eprintln!("error: {e}");
            }
        }
    }
    let rules: Vec<&Rule> = checked.iter().filter_map(|id| catalog.get(id)).collect();
    let mut out = String::new();
    let mut unsafe_advice = 0;
    for rule in &rules {
        for problem in verify::unsafe_steps(rule) {
            unsafe_advice += 1;
            out.push_str(&format!("unsafe     {problem}\n"));
        }
    }
    // Not an error: such a rule works, it only slows every scan down.
    for problem in rules.iter().flat_map(|r| verify::unscreened(r)) {
        out.push_str(&format!("slow       {problem}\n"));
    }
    let cases = verify::check(&catalog, rules);
    let (mut ok, mut missing, mut noisy) = (0, 0, 0);
    for case in &cases {
        let line = match &case.outcome {
            Outcome::Validated => {
                ok += 1;
                if !verbose {
                    continue;
                }
                format!("validated  {}  {}", case.rule, case.label)
            }
            Outcome::Missing { top, fired } => {
                missing += 1;
                let why = match (top, fired) {
                    (Some(top), true) => format!("fired, but `{top}` ranked first"),
                    (Some(top), false) => format!("did not fire; `{top}` came first"),
                    (None, _) => "nothing fired".to_string(),
                };
                format!("missing    {}  {}: {why}", case.rule, case.label)
            }
            Outcome::Noisy => {
                noisy += 1;
                format!(
                    "noisy      {}  {}: the rule fired on a text it must not match",
                    case.rule, case.label
                )
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!(
        "{} rule files: {} loaded, {broken} broken, {unsafe_advice} unsafe steps; {} cases: {ok} validated, {missing} missing, {noisy} noisy\n",
        files.len(),
        checked.len(),
        cases.len()
    ));
    emit(&out)?;
    Ok(if broken > 0 {
        ExitCode::from(2)
    } else if missing + noisy + unsafe_advice > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
