//! ocidoctor: turns the error output of container tools into a diagnosis.
//!
//! Data flows one way: [`input`] reads bytes, [`normalize`] cleans them into lines and error
//! chains, [`matcher`] screens every rule of the [`catalog`] in one pass, [`rank`] orders what
//! fired into diagnoses, and [`render`] turns them into text. The binary only parses arguments
//! and maps the result to an exit code.
#![deny(missing_docs)]

pub mod catalog;
pub mod error;
pub mod input;
pub mod matcher;
pub mod normalize;
pub mod rank;
pub mod redact;
pub mod render;
pub mod scan;
pub mod verify;

pub use catalog::{Catalog, Rule};
pub use error::Error;
pub use rank::Diagnosis;

/// Diagnoses `text` against `catalog`: normalise, match, rank.
///
/// Returns the diagnoses most likely first; an empty list when nothing matched.
pub fn diagnose(catalog: &Catalog, text: &str) -> Vec<Diagnosis> {
    analyze(catalog, text, None).diagnoses
}

/// What one input showed.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Diagnoses, most likely first.
    pub diagnoses: Vec<Diagnosis>,
    /// When nothing matched: the innermost error layer found, with its input line number.
    pub innermost: Option<(usize, normalize::Layer)>,
}

/// Diagnoses `text`, with the failed command's exit status when the caller knows it.
///
/// Credentials in what the diagnoses quote (evidence, captures, and the title and explanation
/// they fill) are masked; [`analyze_with`] can leave them as given.
pub fn analyze(catalog: &Catalog, text: &str, exit_code: Option<i32>) -> Analysis {
    analyze_with(catalog, text, exit_code, true)
}

/// Like [`analyze`]; `redact` says whether to mask credentials.
pub fn analyze_with(catalog: &Catalog, text: &str, exit_code: Option<i32>, redact: bool) -> Analysis {
    let mut analysis = analyze_raw(catalog, text, exit_code);
    if redact {
        analysis.redact();
    }
    analysis
}

impl Analysis {
    /// Masks credentials in everything the analysis quotes from the input.
    pub fn redact(&mut self) {
        let mut memo = redact::Memo::default();
        self.diagnoses.iter_mut().for_each(|d| d.redact_with(&mut memo));
        if let Some((_, layer)) = &mut self.innermost {
            redact::redact_in_place(&mut layer.text);
        }
    }
}

fn analyze_raw(catalog: &Catalog, text: &str, exit_code: Option<i32>) -> Analysis {
    let mut normalized = normalize::Normalized::new(text);
    if let Some(code) = exit_code {
        normalized.push_exit_code(code);
    }
    let hits = matcher::screen(catalog, &normalized);
    let diagnoses = rank::rank(catalog, &normalized, hits);
    let innermost = if diagnoses.is_empty() {
        normalized.innermost_error()
    } else {
        None
    };
    Analysis { diagnoses, innermost }
}
