//! Turns diagnoses into text: for people ([`human`]), for programs ([`json`]), for bug reports
//! ([`markdown`]). Rendering returns strings; the binary writes them.

pub mod human;
pub mod json;
pub mod markdown;

use crate::normalize::Layer;
use crate::rank::Diagnosis;

/// What was found in one input.
#[derive(Debug, Clone)]
pub struct Report {
    /// Diagnoses, most likely first.
    pub diagnoses: Vec<Diagnosis>,
    /// When nothing matched: the innermost error layer and its line number, if any.
    pub innermost: Option<(usize, Layer)>,
    /// The name of the input, when there were several.
    pub name: Option<String>,
    /// Set when the start of an oversized input was dropped.
    pub truncated_from: Option<u64>,
}

/// Options that shape human and markdown output.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Terminal width to wrap to.
    pub width: usize,
    /// Most diagnoses shown per input; 0 shows all.
    pub max: usize,
    /// Mask credentials in evidence and echoed text.
    pub redact: bool,
}

impl Style {
    fn shown<'a>(&self, diagnoses: &'a [Diagnosis]) -> &'a [Diagnosis] {
        match self.max {
            0 => diagnoses,
            n => &diagnoses[..n.min(diagnoses.len())],
        }
    }
}

/// A rule skeleton the user can fill in when nothing matched.
pub fn skeleton(innermost: Option<&Layer>) -> String {
    let (stage, pattern) = match innermost {
        Some(layer) => (stage_guess(layer), regex::escape(&layer.text).replace('\'', "''")),
        None => ("runtime", "the fixed words of the error".to_string()),
    };
    format!(
        "id: {stage}/my-cause
title: \"One line naming the cause\"
stage: {stage}               # build | registry | runtime | engine
category: configuration      # missing-dependency | permissions | corrupt-file | network |
                             # configuration | resources | platform
confidence: medium           # high only when the text leaves no doubt
match:
  any:
    - '{pattern}'
explanation: >
  What happened and why.
steps:
  - \"The first, safest fix.\"
references:
  - https://docs.docker.com/
examples:
  - source: where this output came from (owner/repo#N, a URL, or your own run)
    text: |
      paste the error output here
"
    )
}

fn stage_guess(layer: &Layer) -> &'static str {
    use crate::normalize::Tool;
    match layer.tool {
        Some(Tool::Buildkit) => "build",
        Some(Tool::Registry) => "registry",
        Some(Tool::Daemon | Tool::DockerCli) if layer.text.contains("daemon") => "engine",
        _ => "runtime",
    }
}
