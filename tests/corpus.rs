//! Accuracy on the shared corpus of real error outputs (`../shared/corpus`).
//!
//! A case is right when the top diagnosis's category is one the case allows and one of its key
//! terms appears in the diagnosis's title or explanation; top-3 when any of the first three is.
//! Negatives (outputs where nothing failed) must produce no diagnosis. The floors only go up.

mod common;

use ocidoctor::{diagnose, Catalog};
use std::path::PathBuf;

/// Floors, set from what the catalog reached; raise them when accuracy improves.
const TOP1_FLOOR: f64 = 1.0;
const TOP3_FLOOR: f64 = 1.0;

fn load(name: &str) -> Option<Vec<common::Case>> {
    let cases = common::load(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus")
            .join(name),
    );
    if cases.is_none() {
        eprintln!("SKIPPED: ../shared/corpus/{name} not found");
    }
    cases
}

#[test]
fn dev_corpus_accuracy_stays_above_its_floor() {
    let Some(cases) = load("dev.jsonl") else { return };
    common::assert_accuracy("dev corpus", &cases, TOP1_FLOOR, TOP3_FLOOR);
}

#[test]
fn negatives_get_no_diagnosis() {
    let Some(cases) = load("negatives.jsonl") else { return };
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
