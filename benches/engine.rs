//! Library benches: each step of diagnosing one error (normalise, screen, match and rank), then
//! the whole of it, over every text of the dev corpus (`../shared/corpus/dev.jsonl`), or the
//! bundled `examples/*.txt` when the corpus is absent. One iteration runs the step over every
//! text, so the time per text is the reported time divided by the count printed at start-up.
//!
//! `cargo bench --bench engine`; whole-process comparisons with grep and ripgrep are in
//! `scripts/bench.sh`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ocidoctor::normalize::Normalized;
use ocidoctor::{matcher, rank, Catalog};
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// The texts to diagnose: the dev corpus, else the bundled examples.
fn texts() -> (&'static str, Vec<String>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if let Some(texts) = corpus(&root.join("../shared/corpus/dev.jsonl")) {
        return ("dev corpus", texts);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("examples"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let texts = files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    ("examples/*.txt", texts)
}

/// The `text` field of every line of a JSON Lines corpus; `None` when it cannot be read.
fn corpus(path: &Path) -> Option<Vec<String>> {
    let data = std::fs::read_to_string(path).ok()?;
    let texts: Vec<String> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .collect();
    (!texts.is_empty()).then_some(texts)
}

fn engine(c: &mut Criterion) {
    let (source, texts) = texts();
    if texts.is_empty() {
        eprintln!("SKIPPED: no dev corpus and no examples/*.txt to benchmark");
        return;
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    eprintln!("benchmarking {} texts ({bytes} bytes) from {source}", texts.len());

    let mut group = c.benchmark_group(format!("{} texts", texts.len()));
    group.throughput(Throughput::Bytes(bytes as u64));

    group.bench_function("normalize", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(Normalized::new(black_box(text)));
            }
        })
    });

    // What a process pays: a fresh catalog per text, so building it and its literal table counts.
    group.bench_function("builtin + screen (cold)", |b| {
        b.iter(|| {
            for text in &texts {
                let catalog = Catalog::builtin().expect("built-in catalog");
                black_box(catalog.screen().candidates(black_box(text)));
            }
        })
    });

    let catalog = Catalog::builtin().expect("built-in catalog");
    let normalized: Vec<Normalized> = texts.iter().map(|t| Normalized::new(t)).collect();
    group.bench_function("screen (warm)", |b| {
        let screen = catalog.screen();
        b.iter(|| {
            for n in &normalized {
                black_box(screen.candidates(black_box(n.text())));
            }
        })
    });

    // Matching compiles each candidate pattern once per catalog; a fresh catalog per text
    // measures what one process pays, a shared one what a long-lived caller pays.
    group.bench_function("match (cold: compiles patterns)", |b| {
        b.iter(|| {
            for n in &normalized {
                let catalog = Catalog::builtin().expect("built-in catalog");
                black_box(matcher::screen(&catalog, black_box(n)));
            }
        })
    });
    group.bench_function("match (warm)", |b| {
        b.iter(|| {
            for n in &normalized {
                black_box(matcher::screen(&catalog, black_box(n)));
            }
        })
    });

    let hits: Vec<Vec<matcher::Hit>> = normalized.iter().map(|n| matcher::screen(&catalog, n)).collect();
    group.bench_function("rank", |b| {
        b.iter(|| {
            for (n, h) in normalized.iter().zip(&hits) {
                black_box(rank::rank(&catalog, n, black_box(h.clone())));
            }
        })
    });

    group.bench_function("diagnose (cold)", |b| {
        b.iter(|| {
            for text in &texts {
                let catalog = Catalog::builtin().expect("built-in catalog");
                black_box(ocidoctor::diagnose(&catalog, black_box(text)));
            }
        })
    });
    group.bench_function("diagnose (warm)", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(ocidoctor::diagnose(&catalog, black_box(text)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
