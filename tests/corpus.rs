//! Accuracy on the shared corpus of real error outputs (`../shared/corpus`).
//!
//! A case is right when the top diagnosis's category is one the case allows and one of its key
//! terms appears in the diagnosis's title or explanation; top-3 when any of the first three is.
//! Negatives (outputs where nothing failed) must produce no diagnosis. The floors only go up.

use ocidoctor::{diagnose, Catalog, Diagnosis};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Floors, set from what the catalog reached; raise them when accuracy improves.
const TOP1_FLOOR: f64 = 1.0;
const TOP3_FLOOR: f64 = 1.0;

#[derive(Deserialize)]
struct Case {
    id: String,
    text: String,
    stage: String,
    #[serde(default)]
    category: Vec<String>,
    #[serde(default)]
    key_terms: Vec<String>,
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn load(name: &str) -> Option<Vec<Case>> {
    let text = std::fs::read_to_string(corpus_dir()?.join(name)).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("corpus line is valid JSON"))
            .collect(),
    )
}

fn right(case: &Case, d: &Diagnosis) -> bool {
    let category = d.category.to_string();
    let haystack = format!("{} {}", d.title, d.explanation).to_lowercase();
    case.category.contains(&category) && case.key_terms.iter().any(|t| haystack.contains(&t.to_lowercase()))
}

#[test]
fn dev_corpus_accuracy_stays_above_its_floor() {
    let Some(cases) = load("dev.jsonl") else {
        eprintln!("SKIPPED: ../shared/corpus/dev.jsonl not found");
        return;
    };
    let catalog = Catalog::builtin().expect("built-in catalog loads");
    let mut per_stage: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in &cases {
        let diagnoses = diagnose(&catalog, &case.text);
        let top1 = diagnoses.first().is_some_and(|d| right(case, d));
        let top3 = diagnoses.iter().take(3).any(|d| right(case, d));
        let entry = per_stage.entry(case.stage.clone()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(top1);
        entry.2 += usize::from(top3);
        if !top1 {
            let got = diagnoses
                .first()
                .map_or("nothing".to_string(), |d| format!("{} ({})", d.rule, d.category));
            failures.push(format!(
                "{}: got {got}{}",
                case.id,
                if top3 { " [in top 3]" } else { "" }
            ));
        }
    }
    let total = cases.len();
    let (t1, t3) = per_stage.values().fold((0, 0), |acc, v| (acc.0 + v.1, acc.1 + v.2));
    for (stage, (n, a, b)) in &per_stage {
        eprintln!(
            "{stage:>9}: {n:>3} cases, top-1 {:.1}%, top-3 {:.1}%",
            pct(*a, *n),
            pct(*b, *n)
        );
    }
    eprintln!(
        "{:>9}: {total:>3} cases, top-1 {:.1}%, top-3 {:.1}%",
        "all",
        pct(t1, total),
        pct(t3, total)
    );
    for f in &failures {
        eprintln!("  miss {f}");
    }
    assert!(
        t1 as f64 / total as f64 >= TOP1_FLOOR,
        "top-1 {:.1}% fell below the floor {:.1}%",
        pct(t1, total),
        TOP1_FLOOR * 100.0
    );
    assert!(
        t3 as f64 / total as f64 >= TOP3_FLOOR,
        "top-3 {:.1}% fell below the floor {:.1}%",
        pct(t3, total),
        TOP3_FLOOR * 100.0
    );
}

#[test]
fn negatives_get_no_diagnosis() {
    let Some(cases) = load("negatives.jsonl") else {
        eprintln!("SKIPPED: ../shared/corpus/negatives.jsonl not found");
        return;
    };
    let catalog = Catalog::builtin().expect("built-in catalog loads");
    let noisy: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let d = diagnose(&catalog, &case.text);
            (!d.is_empty()).then(|| {
                format!(
                    "{}: {}",
                    case.id,
                    d.iter().map(|d| d.rule.as_str()).collect::<Vec<_>>().join(", ")
                )
            })
        })
        .collect();
    assert!(
        noisy.is_empty(),
        "diagnoses on outputs where nothing failed:\n{}",
        noisy.join("\n")
    );
}

fn pct(a: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        100.0 * a as f64 / n as f64
    }
}
