//! Scoring shared by the accuracy tests (`tests/corpus.rs`, `tests/heldout.rs`): the corpus's
//! rule, per stage, with a floor.
//!
//! A case is right when the top diagnosis's category is one the case allows and one of its key
//! terms appears in the diagnosis's title or explanation; top-3 when any of the first three is.

use ocidoctor::{diagnose, Catalog, Diagnosis};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One labelled real output (the format of `../shared/corpus/dev.jsonl`).
#[derive(Deserialize)]
pub struct Case {
    pub id: String,
    pub text: String,
    pub stage: String,
    #[serde(default)]
    pub category: Vec<String>,
    #[serde(default)]
    pub key_terms: Vec<String>,
    #[serde(default)]
    pub cause: String,
}

/// The cases of a JSON-lines file, or `None` when it does not exist.
pub fn load(path: &Path) -> Option<Vec<Case>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: a line is not a case: {e}", path.display()))
            })
            .collect(),
    )
}

fn right(case: &Case, d: &Diagnosis) -> bool {
    let category = d.category.to_string();
    let haystack = format!("{} {}", d.title, d.explanation).to_lowercase();
    case.category.contains(&category) && case.key_terms.iter().any(|t| haystack.contains(&t.to_lowercase()))
}

/// Scores `cases`, prints per-stage top-1/top-3 and the misses, and fails below the floors.
pub fn assert_accuracy(name: &str, cases: &[Case], top1_floor: f64, top3_floor: f64) {
    assert!(!cases.is_empty(), "{name} has no cases");
    let catalog = Catalog::builtin().expect("built-in catalog loads");
    let mut per_stage: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for case in cases {
        let diagnoses = diagnose(&catalog, &case.text);
        let top1 = diagnoses.first().is_some_and(|d| right(case, d));
        let top3 = diagnoses.iter().take(3).any(|d| right(case, d));
        let entry = per_stage.entry(&case.stage).or_default();
        entry.0 += 1;
        entry.1 += usize::from(top1);
        entry.2 += usize::from(top3);
        if !top1 {
            let got = diagnoses
                .first()
                .map_or("nothing".to_string(), |d| format!("{} ({})", d.rule, d.category));
            let top3 = if top3 { " [in top 3]" } else { "" };
            misses.push(format!(
                "{} [{}] want {}: got {got}{top3}",
                case.id, case.stage, case.cause
            ));
        }
    }
    let (t1, t3) = per_stage.values().fold((0, 0), |acc, v| (acc.0 + v.1, acc.1 + v.2));
    eprintln!("{name}:");
    for (stage, (n, a, b)) in &per_stage {
        eprintln!(
            "{stage:>9}: {n:>3} cases, top-1 {:.1}%, top-3 {:.1}%",
            pct(*a, *n),
            pct(*b, *n)
        );
    }
    eprintln!(
        "{:>9}: {:>3} cases, top-1 {:.1}%, top-3 {:.1}%",
        "all",
        cases.len(),
        pct(t1, cases.len()),
        pct(t3, cases.len())
    );
    for m in &misses {
        eprintln!("  miss {m}");
    }
    let (top1, top3) = (t1 as f64 / cases.len() as f64, t3 as f64 / cases.len() as f64);
    assert!(
        top1 >= top1_floor,
        "{name}: top-1 {:.1}% fell below the floor {:.1}%",
        top1 * 100.0,
        top1_floor * 100.0
    );
    assert!(
        top3 >= top3_floor,
        "{name}: top-3 {:.1}% fell below the floor {:.1}%",
        top3 * 100.0,
        top3_floor * 100.0
    );
}

fn pct(a: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        100.0 * a as f64 / n as f64
    }
}
