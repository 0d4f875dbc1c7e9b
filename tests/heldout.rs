//! Accuracy on a held-out set of real error outputs (`tests/heldout/cases.jsonl`).
//!
//! The cases were collected from public bug reports that no rule example and no dev-corpus case
//! uses (different threads), and were labelled from what each thread established before the
//! catalog was run on them. They measure how well the rules generalise beyond the texts they
//! were written from. Same scoring as `tests/corpus.rs`: a case is right when the top
//! diagnosis's category is one the case allows and one of its key terms appears in the
//! diagnosis's title or explanation; top-3 when any of the first three is.
//!
//! Four sets: `cases.jsonl` (set A, 98 cases) was measured once before any rule change and the
//! rules were then improved against its misses, so its figure is no longer a blind estimate;
//! `cases-b.jsonl` (set B, 19 cases), `cases-c.jsonl` (set C, 84 cases) and `cases-d.jsonl` (set
//! D, 101 cases) were collected and labelled by people who wrote no rules, and never tuned on, so
//! they are the honest estimates.
//! Keep them untouched: add new blind cases in a new set instead of fixing rules against them.
//!
//! Run `cargo test --test heldout -- --nocapture` to see per-stage figures and the misses.
//! Do not "fix" a miss by keying a rule on a case's names, paths or hashes: the point of the set
//! is to measure structure-level generalisation.

mod common;

use std::path::PathBuf;

/// Floors, set from what the catalog reached; raise them when accuracy improves.
const A_TOP1_FLOOR: f64 = 0.97;
const A_TOP3_FLOOR: f64 = 0.97;
const B_TOP1_FLOOR: f64 = 0.94;
const B_TOP3_FLOOR: f64 = 0.94;
const C_TOP1_FLOOR: f64 = 0.82;
const C_TOP3_FLOOR: f64 = 0.82;
const D_TOP1_FLOOR: f64 = 0.67;
const D_TOP3_FLOOR: f64 = 0.67;

fn measure(name: &str, top1_floor: f64, top3_floor: f64) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/heldout")
        .join(name);
    let cases = common::load(&path).unwrap_or_else(|| panic!("{} is not readable", path.display()));
    common::assert_accuracy(&format!("held-out {name}"), &cases, top1_floor, top3_floor);
}

#[test]
fn heldout_set_a_stays_above_its_floor() {
    measure("cases.jsonl", A_TOP1_FLOOR, A_TOP3_FLOOR);
}

#[test]
fn heldout_set_b_stays_above_its_floor() {
    measure("cases-b.jsonl", B_TOP1_FLOOR, B_TOP3_FLOOR);
}

#[test]
fn heldout_set_c_stays_above_its_floor() {
    measure("cases-c.jsonl", C_TOP1_FLOOR, C_TOP3_FLOOR);
}

#[test]
fn heldout_set_d_stays_above_its_floor() {
    measure("cases-d.jsonl", D_TOP1_FLOOR, D_TOP3_FLOOR);
}

/// The logs of the gap hunts (`hunt*-*.jsonl`, five rounds): real outputs examined while widening the rules,
/// labelled before the catalog ran on them. Tuned on, so a regression guard, not an estimate.
#[test]
fn gap_hunt_logs_stay_above_their_floor() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/heldout");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/heldout is readable").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("hunt") && name.ends_with(".jsonl") {
            cases.extend(common::load(&entry.path()).unwrap_or_default());
        }
    }
    common::assert_accuracy("gap-hunt logs", &cases, HUNT_TOP1_FLOOR, HUNT_TOP1_FLOOR);
}

/// Floor for the gap-hunt logs.
const HUNT_TOP1_FLOOR: f64 = 0.97;
