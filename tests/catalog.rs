//! The built-in catalog checks itself: every rule loads, carries real examples that come out as
//! its top diagnosis, never fires on its `not` texts, and gives safe, documented advice.

use ocidoctor::catalog::Catalog;
use ocidoctor::verify::{check, unsafe_steps, unscreened, Outcome};

fn catalog() -> Catalog {
    match Catalog::builtin() {
        Ok(c) => c,
        Err(e) => panic!("a built-in rule is broken:\n{e}"),
    }
}

#[test]
fn every_example_is_its_rules_top_diagnosis_and_no_non_example_fires() {
    let catalog = catalog();
    let cases = check(&catalog, catalog.rules());
    let failures: Vec<String> = cases
        .iter()
        .filter(|c| c.outcome != Outcome::Validated)
        .map(|c| format!("{} {}: {:?}", c.rule, c.label, c.outcome))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_two_sourced_examples_and_a_reference() {
    let catalog = catalog();
    let mut problems = Vec::new();
    for rule in catalog.rules() {
        if rule.examples.len() < 2 {
            problems.push(format!(
                "{}: {} example(s), needs at least 2",
                rule.id,
                rule.examples.len()
            ));
        }
        if rule
            .examples
            .iter()
            .any(|e| e.source.trim().is_empty() || e.text.trim().is_empty())
        {
            problems.push(format!("{}: an example has no source or no text", rule.id));
        }
        if rule.references.is_empty() {
            problems.push(format!("{}: no reference", rule.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn catalog_covers_every_stage_and_category() {
    use std::collections::BTreeSet;
    let catalog = catalog();
    let stages: BTreeSet<String> = catalog.rules().map(|r| r.stage.to_string()).collect();
    let categories: BTreeSet<String> = catalog.rules().map(|r| r.category.to_string()).collect();
    assert_eq!(stages.len(), 4, "stages covered: {stages:?}");
    assert_eq!(categories.len(), 7, "categories covered: {categories:?}");
}

#[test]
fn remediation_steps_never_suggest_an_unsafe_shortcut() {
    let catalog = catalog();
    let problems: Vec<String> = catalog.rules().flat_map(unsafe_steps).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// One pattern the literal screen cannot rule out makes a scan diagnose every line of a log in
/// full (it once cut the scan's throughput eightfold).
#[test]
fn every_pattern_has_a_literal_for_the_screen() {
    let catalog = catalog();
    let problems: Vec<String> = catalog.rules().flat_map(unscreened).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A generic errno reading still helps under a symptom (a podman OCI class suffix, a layer that
/// failed to register), ranked after it; a cause of medium or high confidence hides it.
#[test]
fn fallbacks_show_under_a_symptom_and_rank_last() {
    use ocidoctor::catalog::Role;
    let catalog = catalog();
    let mut seen = 0;
    for rule in catalog.rules().filter(|r| r.role == Role::Symptom) {
        for example in rule.examples.iter() {
            let diagnoses = ocidoctor::diagnose(&catalog, &example.text);
            let roles: Vec<Role> = diagnoses.iter().map(|d| d.role).collect();
            if let Some(first) = roles.iter().position(|r| *r == Role::Fallback) {
                seen += 1;
                assert!(
                    roles[first..].iter().all(|r| *r == Role::Fallback),
                    "{}: {roles:?}",
                    rule.id
                );
            }
        }
    }
    assert!(seen > 0, "no symptom example shows a fallback under it");
    // With a confident cause, no fallback: the dev corpus's no-shell case names ENOENT too.
    let text = r#"OCI runtime create failed: container_linux.go:346: starting container process caused "exec: \"/bin/sh\": stat /bin/sh: no such file or directory": unknown"#;
    let diagnoses = ocidoctor::diagnose(&catalog, text);
    assert!(
        !diagnoses.is_empty() && diagnoses.iter().all(|d| d.role != Role::Fallback),
        "{diagnoses:?}"
    );
}
