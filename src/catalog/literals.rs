//! Required literals of a pattern, as groups: every match of the pattern contains, for each
//! group, at least one of the group's strings. The screen looks for these literals in one pass
//! and compiles only the patterns whose every group is present.
//!
//! This file is also compiled into `build.rs`, which computes the built-in rules' literals at
//! build time; it depends on `regex-syntax` alone.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Shortest literal kept in a group.
pub const MIN_LITERAL: usize = 3;

/// Most groups kept per pattern (the longest ones).
pub const MAX_GROUPS: usize = 6;

/// Characters that normalisation or log framing may rewrite (quotes, escapes, tabs and line
/// ends, JSON-escaped `<>&`, the `Reason:` of an events row). A literal is cut at them, so the
/// pieces appear verbatim in raw input as well as in normalised text. Single spaces stay: runs
/// of blanks are collapsed to one before matching.
fn breaks(c: char) -> bool {
    matches!(c, '"' | '\\' | '\'' | '<' | '>' | '&' | ':' | '`') || (c.is_whitespace() && c != ' ')
}

/// The lower-cased literal groups of `pattern`: a match contains one string of every group.
/// Empty when the pattern has no usable literal (it must always be checked) or does not parse.
pub fn required_groups(pattern: &str) -> Vec<Vec<String>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    let mut groups: Vec<Vec<String>> = Vec::new();
    for group in walk(&hir).groups {
        if group.len() == 1 {
            // Every piece of a single required literal is itself required.
            for piece in group[0].split(breaks).map(str::trim).filter(|p| p.len() >= MIN_LITERAL) {
                groups.push(vec![piece.to_string()]);
            }
        } else {
            let pieces: Vec<String> = group.iter().map(|a| longest_piece(a).to_string()).collect();
            if pieces.iter().all(|p| p.len() >= MIN_LITERAL) {
                groups.push(pieces);
            }
        }
    }
    for group in &mut groups {
        group.sort();
        group.dedup();
    }
    groups.sort();
    groups.dedup();
    // A group that another single-literal group already implies adds nothing: `/bin/` when
    // `stat /bin/` is required, or `a|b` when `xa` is.
    let singles: Vec<String> = groups.iter().filter(|g| g.len() == 1).map(|g| g[0].clone()).collect();
    groups.retain(|g| {
        !singles
            .iter()
            .any(|s| (g.len() > 1 || g[0] != *s) && g.iter().any(|a| s.contains(a.as_str())))
    });
    groups.sort_by_key(|g| std::cmp::Reverse(strength(g)));
    groups.truncate(MAX_GROUPS);
    groups
}

/// How selective a group is: its weakest alternative's length.
fn strength(group: &[String]) -> usize {
    group.iter().map(String::len).min().unwrap_or(0)
}

/// What a sub-pattern requires: an AND of OR-groups, and the exact literal when the
/// sub-pattern matches one fixed string (so it can be joined to its neighbours).
#[derive(Default)]
struct Required {
    groups: Vec<Vec<String>>,
    exact: Option<String>,
}

fn walk(hir: &Hir) -> Required {
    match hir.kind() {
        HirKind::Literal(literal) => exact(String::from_utf8_lossy(&literal.0).to_ascii_lowercase()),
        HirKind::Class(class) => single_char(class).map(|c| exact(c.to_string())).unwrap_or_default(),
        HirKind::Capture(capture) => walk(&capture.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => {
            let mut required = walk(&rep.sub);
            if !(rep.min == 1 && rep.max == Some(1)) {
                required.exact = None;
            }
            required
        }
        HirKind::Concat(subs) => concat(subs),
        HirKind::Alternation(subs) => {
            // One group: for each branch, its most selective group.
            let mut alternatives = Vec::new();
            for sub in subs {
                let branch = walk(sub);
                let Some(best) = branch.groups.into_iter().max_by_key(|g| strength(g)) else {
                    return Required::default();
                };
                alternatives.extend(best);
            }
            Required {
                groups: vec![alternatives],
                exact: None,
            }
        }
        _ => Required::default(),
    }
}

fn exact(literal: String) -> Required {
    Required {
        groups: vec![vec![literal.clone()]],
        exact: Some(literal),
    }
}

/// A concatenation requires everything its parts require; adjacent exact parts join into one
/// longer literal.
fn concat(subs: &[Hir]) -> Required {
    let mut groups = Vec::new();
    let mut run = String::new();
    let mut all_exact = true;
    for sub in subs {
        let part = walk(sub);
        match part.exact {
            Some(literal) => run.push_str(&literal),
            None => {
                all_exact = false;
                if !run.is_empty() {
                    groups.push(vec![std::mem::take(&mut run)]);
                }
                groups.extend(part.groups);
            }
        }
    }
    let exact = all_exact.then(|| run.clone());
    if !run.is_empty() {
        groups.push(vec![run]);
    }
    Required { groups, exact }
}

fn longest_piece(s: &str) -> &str {
    s.split(breaks).map(str::trim).max_by_key(|p| p.len()).unwrap_or("")
}

/// A class that matches one character up to ASCII case (`[Ee]`, as `(?i)e` compiles to).
fn single_char(class: &Class) -> Option<char> {
    let chars: Vec<char> = match class {
        Class::Unicode(c) => {
            let mut chars = Vec::new();
            for range in c.iter() {
                if (range.end() as u32) - (range.start() as u32) > 2 {
                    return None;
                }
                chars.extend(range.start()..=range.end());
            }
            chars
        }
        Class::Bytes(c) => {
            let mut chars = Vec::new();
            for range in c.iter() {
                if range.end() - range.start() > 2 {
                    return None;
                }
                chars.extend((range.start()..=range.end()).map(char::from));
            }
            chars
        }
    };
    let first = chars.first()?.to_ascii_lowercase();
    (first.is_ascii() && chars.len() <= 3 && chars.iter().all(|c| c.to_ascii_lowercase() == first || !c.is_ascii()))
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::required_groups;

    /// The groups, in a fixed order for comparison.
    fn groups(p: &str) -> Vec<Vec<String>> {
        let mut g = required_groups(p);
        g.sort();
        g
    }

    #[test]
    fn every_required_run_is_a_group_cut_at_quotes_and_colons() {
        assert_eq!(
            groups(r#"exec: "(?P<path>/bin/(?:ba)?sh)": stat /bin/(?:ba)?sh: no such file or directory"#),
            [vec!["exec"], vec!["no such file or directory"], vec!["stat /bin/"]]
        );
    }

    #[test]
    fn alternation_is_one_group_and_needs_a_literal_in_every_branch() {
        assert_eq!(
            groups("(?:permission denied|operation not permitted)"),
            [vec!["operation not permitted", "permission denied"]]
        );
        assert!(groups("(?:permission denied|x+)").is_empty());
    }

    #[test]
    fn case_insensitive_letters_count_as_literals() {
        assert_eq!(groups("(?i)no space left on device"), [vec!["no space left on device"]]);
    }

    #[test]
    fn short_literals_are_combined_not_dropped() {
        assert_eq!(
            groups(r"(?i)exit(?:ed)? (?:with )?(?:code|status):? 137\b"),
            [vec!["137"], vec!["code", "status"], vec!["exit"]]
        );
        assert!(groups("(?:toomanyrequests)?x").is_empty());
    }
}
