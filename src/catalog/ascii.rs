//! Rewrites `\w`, `\d` and `\b` in rule patterns to their ASCII forms before compiling.
//!
//! Error text from container tools is ASCII where it matters (ids, paths, flags), and the
//! Unicode word and digit classes and word boundaries cost one to five milliseconds of compile
//! time each; a catalog that compiles rules on every run cannot afford that. `\s` and
//! everything else keep their Unicode meaning.

use regex_syntax::ast::{
    self, AssertionKind, Ast, ClassAscii, ClassAsciiKind, ClassPerl, ClassPerlKind, ClassSet, ClassSetItem, Flag,
    Flags, FlagsItem, FlagsItemKind, Group, GroupKind,
};

/// `pattern` with `\w`/`\W`/`\d`/`\D`/`\b`/`\B` made ASCII-only, or `pattern` itself when it
/// does not parse (the caller's compile then reports the error) or has nothing to rewrite.
pub fn asciify(pattern: &str) -> std::borrow::Cow<'_, str> {
    if !["\\w", "\\W", "\\d", "\\D", "\\b", "\\B"]
        .iter()
        .any(|p| pattern.contains(p))
    {
        return pattern.into();
    }
    let Ok(mut parsed) = ast::parse::Parser::new().parse(pattern) else {
        return pattern.into();
    };
    rewrite(&mut parsed);
    let mut out = String::with_capacity(pattern.len() + 16);
    match ast::print::Printer::new().print(&parsed, &mut out) {
        Ok(()) => out.into(),
        Err(_) => pattern.into(),
    }
}

fn ascii_of(perl: &ClassPerl) -> Option<ClassAscii> {
    let kind = match perl.kind {
        ClassPerlKind::Word => ClassAsciiKind::Word,
        ClassPerlKind::Digit => ClassAsciiKind::Digit,
        ClassPerlKind::Space => return None,
    };
    Some(ClassAscii {
        span: perl.span,
        kind,
        negated: perl.negated,
    })
}

fn rewrite(node: &mut Ast) {
    match node {
        Ast::ClassPerl(perl) => {
            if let Some(ascii) = ascii_of(perl) {
                let span = perl.span;
                *node = Ast::class_bracketed(ast::ClassBracketed {
                    span,
                    negated: false,
                    kind: ClassSet::Item(ClassSetItem::Ascii(ascii)),
                });
            }
        }
        Ast::ClassBracketed(class) => rewrite_set(&mut class.kind),
        Ast::Assertion(assertion) if is_word_boundary(&assertion.kind) => {
            let span = assertion.span;
            let inner = std::mem::replace(node, Ast::empty(span));
            let negation = FlagsItem {
                span,
                kind: FlagsItemKind::Negation,
            };
            let unicode = FlagsItem {
                span,
                kind: FlagsItemKind::Flag(Flag::Unicode),
            };
            *node = Ast::group(Group {
                span,
                kind: GroupKind::NonCapturing(Flags {
                    span,
                    items: vec![negation, unicode],
                }),
                ast: Box::new(inner),
            });
        }
        Ast::Repetition(rep) => rewrite(&mut rep.ast),
        Ast::Group(group) => rewrite(&mut group.ast),
        Ast::Alternation(alt) => alt.asts.iter_mut().for_each(rewrite),
        Ast::Concat(concat) => concat.asts.iter_mut().for_each(rewrite),
        _ => {}
    }
}

fn is_word_boundary(kind: &AssertionKind) -> bool {
    !matches!(
        kind,
        AssertionKind::StartLine | AssertionKind::EndLine | AssertionKind::StartText | AssertionKind::EndText
    )
}

fn rewrite_set(set: &mut ClassSet) {
    match set {
        ClassSet::Item(item) => rewrite_item(item),
        ClassSet::BinaryOp(op) => {
            rewrite_set(&mut op.lhs);
            rewrite_set(&mut op.rhs);
        }
    }
}

fn rewrite_item(item: &mut ClassSetItem) {
    match item {
        ClassSetItem::Perl(perl) => {
            if let Some(ascii) = ascii_of(perl) {
                *item = ClassSetItem::Ascii(ascii);
            }
        }
        ClassSetItem::Bracketed(class) => rewrite_set(&mut class.kind),
        ClassSetItem::Union(union) => union.items.iter_mut().for_each(rewrite_item),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::asciify;

    #[test]
    fn word_and_digit_classes_become_ascii_inside_and_outside_brackets() {
        assert_eq!(
            asciify(r"(?P<c>\w+) [\w.-]+ \d+ \D \s"),
            r"(?P<c>[[:word:]]+) [[:word:].-]+ [[:digit:]]+ [[:^digit:]] \s"
        );
        assert_eq!(asciify(r"plain [^\s]"), r"plain [^\s]");
        assert_eq!(asciify(r"\bcode 137\b"), r"(?-u:\b)code 137(?-u:\b)");
    }

    #[test]
    fn rewritten_patterns_match_what_they_matched_in_ascii() {
        let re = regex::Regex::new(&asciify(r"controller `(?P<c>\w+)` is \d+")).expect("compiles");
        assert_eq!(
            &re.captures("controller `cpu_set` is 12").expect("matches")["c"],
            "cpu_set"
        );
    }
}
