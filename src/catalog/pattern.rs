//! A compiled rule pattern, on the engine that suits the input.
//!
//! A run compiles only the patterns the screen lets through, but compiling is still the
//! largest cost of diagnosing one error: the full `regex` engine spends 70-150 µs per pattern
//! building its automata, `regex-lite` about 10 µs. For an ordinary error text (kilobytes) the
//! lite engine's slower matching costs nothing, so small inputs use it; large inputs, where
//! matching dominates, use `regex`. Both see the same pattern with ASCII `\w`, `\d` and `\b`
//! (see [`super::ascii`]), so they agree on what matches.

use std::collections::BTreeMap;

/// Inputs up to this size are matched with `regex-lite`.
pub const LITE_MAX: usize = 256 * 1024;

/// One compiled pattern.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// Fast to compile, for small inputs.
    Lite(regex_lite::Regex),
    /// Fast to match, for large inputs (and patterns `regex-lite` does not support).
    Full(regex::Regex),
}

/// Where a pattern matched, and its named captures.
#[derive(Debug, Clone)]
pub struct Found {
    /// Start of the match.
    pub start: usize,
    /// End of the match.
    pub end: usize,
    /// Named captures that took part.
    pub captures: BTreeMap<String, String>,
}

impl Pattern {
    /// Compiles `pattern` for an input of `len` bytes.
    pub fn new(pattern: &str, len: usize) -> Option<Pattern> {
        let source = super::ascii::asciify(pattern);
        if len <= LITE_MAX {
            if let Ok(re) = regex_lite::RegexBuilder::new(&source)
                .multi_line(true)
                .size_limit(super::REGEX_SIZE_LIMIT)
                .build()
            {
                return Some(Pattern::Lite(re));
            }
        }
        super::compile(pattern).ok().map(Pattern::Full)
    }

    /// Whether it matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            Pattern::Lite(re) => re.is_match(text),
            Pattern::Full(re) => re.is_match(text),
        }
    }

    /// The first match in `text`, with its named captures.
    pub fn find(&self, text: &str) -> Option<Found> {
        // The two engines have the same API under different types.
        macro_rules! find {
            ($re:expr) => {{
                let caps = $re.captures(text)?;
                let whole = caps.get(0)?;
                let captures = $re
                    .capture_names()
                    .flatten()
                    .filter_map(|n| caps.name(n).map(|m| (n.to_string(), m.as_str().to_string())))
                    .collect();
                Some(Found {
                    start: whole.start(),
                    end: whole.end(),
                    captures,
                })
            }};
        }
        match self {
            Pattern::Lite(re) => find!(re),
            Pattern::Full(re) => find!(re),
        }
    }
}
