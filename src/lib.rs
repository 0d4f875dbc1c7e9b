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
pub mod render;
pub mod verify;

pub use catalog::{Catalog, Rule};
pub use error::Error;
pub use rank::Diagnosis;

/// Diagnoses `text` against `catalog`: normalise, match, rank.
///
/// Returns the diagnoses most likely first; an empty list when nothing matched.
pub fn diagnose(catalog: &Catalog, text: &str) -> Vec<Diagnosis> {
    let normalized = normalize::Normalized::new(text);
    let hits = matcher::screen(catalog, &normalized);
    rank::rank(catalog, &normalized, hits)
}
