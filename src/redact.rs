//! Hides credentials in text before ocidoctor shows it: error output often echoes a `docker
//! login` command line, a registry URL with a password in it, an `Authorization` header or a
//! Docker config file, and a diagnosis gets pasted into bug reports.
//!
//! Only the secret itself is replaced, by [`MARKER`]; the words around it stay, so the text still
//! reads (`Authorization: Bearer [REDACTED]`, `https://user:[REDACTED]@host`) and line numbers do
//! not move. Each pattern is compiled once and is a `regex` crate pattern, which runs in time
//! linear in the text; the patterns are also written so that finding every match stays linear
//! (none needs to look far past the end of its match). Known token prefixes (`ghp_`, `glpat-`,
//! `AKIA`...) are kept, so the reader still sees what kind of credential leaked.

use regex::Regex;
use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

/// What replaces each secret.
pub const MARKER: &str = "[REDACTED]";

/// Texts up to this size are matched with `regex-lite`, which compiles in microseconds (a
/// diagnosis's evidence line); longer ones with `regex`, which matches faster.
const LITE_MAX: usize = 4 * 1024;

/// One kind of secret: a pattern whose groups named `secret...` are the parts to hide. It is
/// compiled on first use, for the engine that suits the text.
struct Pattern {
    source: String,
    /// The pattern's required literals, lower-case (see [`crate::catalog::literals`]; a test
    /// checks they are the ones it computes): a text without one string of every group cannot
    /// match, so it is not searched, and the pattern is not compiled for it.
    required: &'static [&'static [&'static str]],
    lite: OnceLock<Option<regex_lite::Regex>>,
    full: OnceLock<Option<Regex>>,
    /// Whether a captured value really is a secret (and not a placeholder, a flag, prose...).
    accept: fn(&str) -> bool,
}

impl Pattern {
    fn new(pattern: &str, accept: fn(&str) -> bool, required: &'static [&'static [&'static str]]) -> Pattern {
        Pattern {
            source: pattern.to_string(),
            required,
            lite: OnceLock::new(),
            full: OnceLock::new(),
            accept,
        }
    }

    /// The spans of this pattern's `secret...` groups in `text`, in order.
    fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        // The two engines have the same API under different types.
        macro_rules! spans {
            ($re:expr) => {{
                let secret = |name: Option<&str>| name.is_some_and(|n| n.starts_with("secret"));
                let groups: Vec<usize> = $re
                    .capture_names()
                    .enumerate()
                    .filter(|(_, n)| secret(*n))
                    .map(|(i, _)| i)
                    .collect();
                let mut spans = Vec::new();
                for caps in $re.captures_iter(text) {
                    spans.extend(
                        groups
                            .iter()
                            .filter_map(|&g| caps.get(g))
                            .map(|m| (m.start(), m.end())),
                    );
                }
                spans
            }};
        }
        if text.len() <= LITE_MAX {
            // The unit tests compile every pattern with both engines.
            if let Some(re) = self.lite.get_or_init(|| regex_lite::Regex::new(&self.source).ok()) {
                return spans!(re);
            }
        }
        match self
            .full
            .get_or_init(|| Regex::new(&ascii_word_boundaries(&self.source)).ok())
        {
            Some(re) => spans!(re),
            None => Vec::new(),
        }
    }

    /// Whether `lower` (an ASCII-lower-cased text) has every required literal of the pattern.
    fn may_match(&self, lower: &[u8]) -> bool {
        self.required.iter().all(|group| {
            group
                .iter()
                .any(|l| memchr::memmem::find(lower, l.as_bytes()).is_some())
        })
    }

    /// `text` with this pattern's secrets replaced, or `None` when it has none.
    fn apply(&self, text: &str) -> Option<String> {
        let mut out = String::new();
        let mut last = 0;
        for (start, end) in self.spans(text) {
            // A value already redacted (its capture may stop inside the marker, at `]`).
            let done = text[start..].starts_with(MARKER);
            if start < last || done || !(self.accept)(&text[start..end]) {
                continue;
            }
            out.push_str(&text[last..start]);
            out.push_str(MARKER);
            last = end;
        }
        if last == 0 && out.is_empty() {
            return None;
        }
        out.push_str(&text[last..]);
        Some(out)
    }
}

/// A flag's value: quoted with `"` or `'`, or a bare word (which may hold `&` or `;`).
const FLAG_VALUE: &str = r#"(?:"(?P<secret_dq>[^"\n]*)"|'(?P<secret_sq>[^'\n]*)'|(?P<secret>[^\s"']+))"#;
/// A `key=value` value: quoted, or a bare word ending where a URL query or logfmt field does.
const KV_VALUE: &str = r#"(?:"(?P<secret_dq>[^"\n]*)"|'(?P<secret_sq>[^'\n]*)'|(?P<secret>[^\s"'&,;|]+))"#;

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    vec![
        // Basic auth in a URL: scheme://user:password@host. Only schemes that carry passwords:
        // `docker://nginx:1.25@sha256:...` is an image reference, not a login.
        Pattern::new(
            r#"(?i)\b(?:https?|ftps?|git|ssh|svn|postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mqtts?|ldaps?|smtps?|socks[45]h?)://[^\s:/?#@"'<>\[\]]*:(?P<secret>[^\s/?#@"'<>]+)@"#,
            is_secret,
            &[&[
                "amqp", "ftp", "git", "http", "ldap", "mariadb", "mongodb", "mqtt", "mysql", "postgres", "redis",
                "smtp", "socks", "ssh", "svn",
            ]],
        ),
        // HTTP Authorization headers (curl -v, Go's header maps, JSON): the value after the
        // scheme is always a credential.
        Pattern::new(
            r#"(?i)\b(?:proxy-)?authorization\b\\?"?\s*[:=]\s*\[?\\?"?(?:bearer|basic|token|bot|negotiate|aws4-hmac-sha256|jwt)\s+(?P<secret>[^\s"'\\\],;]+)"#,
            is_secret,
            &[
                &["authorization"],
                &[
                    "aws4-hmac-sha256",
                    "basic",
                    "bearer",
                    "bot",
                    "jwt",
                    "negotiate",
                    "token",
                ],
            ],
        ),
        // A bare `Bearer <token>`, when the token looks like one (prose says "Bearer token").
        Pattern::new(
            r"\b[Bb]earer\s+(?P<secret>[A-Za-z0-9._~+/-]+=*)",
            looks_like_token,
            &[&["bearer"]],
        ),
        // A bare `Basic <base64 of user:password>`; prose ("Basic authentication") does not decode.
        Pattern::new(
            r"\bBasic\s+(?P<secret>[A-Za-z0-9+/]+=*)",
            is_basic_credential,
            &[&["basic"]],
        ),
        // `docker login -p X` (and podman, nerdctl, helm registry...): -p is a password only
        // after `login`; on `docker run` it publishes a port.
        Pattern::new(
            &format!(
                r"(?i)\b(?:docker|podman|nerdctl|buildah|skopeo|oras|crane|finch|regctl|helm(?:\s+registry)?)(?:\.exe)?\s+login\b[^\n|;&]*?[ \t]-p(?:[ \t]+|=)?{FLAG_VALUE}"
            ),
            is_flag_value,
            &[
                &["login"],
                &[
                    "buildah", "crane", "docker", "finch", "helm", "nerdctl", "oras", "podman", "regctl", "skopeo",
                ],
            ],
        ),
        // `--password X`, `--password=X` and their relatives on any command line.
        // `--password-stdin` does not match: a word character follows `password`.
        Pattern::new(
            &format!(
                r"(?i)(?:^|[\s'\x22])--(?:password|passwd|pass|registry-password|registry-token|token|access-token|client-secret|secret-key|api-key)(?:[ \t]+|=){FLAG_VALUE}"
            ),
            is_flag_value,
            &[&[
                "access-token",
                "api-key",
                "client-secret",
                "pass",
                "passwd",
                "password",
                "registry-password",
                "registry-token",
                "secret-key",
                "token",
            ]],
        ),
        // skopeo / buildah `--creds user:password`, `--src-creds`, `--dest-creds`.
        Pattern::new(
            r#"(?i)--(?:src-|dest-|from-|to-)?creds(?:[ \t]+|=)["']?[^\s:"']*:(?P<secret>[^\s"']+)"#,
            is_secret,
            &[&["creds"]],
        ),
        // key=value settings: env files, --build-arg, logfmt, URL queries, ini files.
        Pattern::new(
            &format!(
                r"(?i)\b[A-Za-z0-9_.-]*(?:token|password|passwd|secret|api[_-]?key|secret[_-]?access[_-]?key|private[_-]?key|credentials?)[ \t]*=[ \t]*{KV_VALUE}"
            ),
            is_secret,
            &[&[
                "access",
                "credential",
                "key",
                "passwd",
                "password",
                "private",
                "secret",
                "token",
            ]],
        ),
        // Signed URLs: Azure SAS `sig=`, S3 and GCS signatures.
        Pattern::new(
            r"(?i)[?&](?:sig|x-amz-signature|x-goog-signature|signature)=(?P<secret>[^&\s#'\x22]+)",
            is_secret,
            &[&["sig", "signature", "x-amz-signature", "x-goog-signature"]],
        ),
        // JSON and escaped JSON: "password": "...", Docker config "auth" / "identitytoken".
        Pattern::new(
            r#"(?i)\\?"[A-Za-z0-9_.-]*(?:password|passwd|token|secret|auth|api[_-]?key|secret[_-]?access[_-]?key|private[_-]?key)\\?"\s*:\s*(?:"(?P<secret>(?:[^"\\\n]|\\[^\n"])+)|\\"(?P<secret_escaped>[^"\\\n]+))"#,
            is_secret,
            &[&[
                "access", "auth", "key", "passwd", "password", "private", "secret", "token",
            ]],
        ),
        // aws_secret_access_key in YAML or ini with `:`.
        Pattern::new(
            r#"(?i)\baws_?secret_?access_?key["']?[ \t]*:[ \t]*["']?(?P<secret>[A-Za-z0-9/+=]{20,})"#,
            is_secret,
            &[&["access"], &["secret"], &["aws"], &["key"]],
        ),
        // JSON Web Tokens: header.payload.signature, both first parts base64url JSON.
        Pattern::new(
            r"\b(?P<secret>eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)",
            is_secret,
            &[&[".eyj"]],
        ),
        // Tokens with a known prefix; the prefix stays to say what leaked.
        Pattern::new(
            r"\b(?:AKIA|ASIA|ABIA|ACCA)(?P<secret>[0-9A-Z]{16})\b",
            is_secret,
            &[&["abia", "acca", "akia", "asia"]],
        ),
        Pattern::new(
            r"\b(?:ghp|gho|ghs|ghu|ghr)_(?P<secret>[A-Za-z0-9]{36,255})\b",
            is_secret,
            &[&["gho", "ghp", "ghr", "ghs", "ghu"]],
        ),
        Pattern::new(
            r"\bgithub_pat_(?P<secret>[A-Za-z0-9_]{22,255})\b",
            is_secret,
            &[&["github_pat_"]],
        ),
        Pattern::new(
            r"\bgl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat|agent)-(?P<secret>[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]+)*)",
            is_secret,
            &[],
        ),
        Pattern::new(r"\bxox[abposr]-(?P<secret>[A-Za-z0-9-]{10,})", is_secret, &[&["xox"]]),
        Pattern::new(
            r"\bdckr_(?:pat|oat)_(?P<secret>[A-Za-z0-9_-]{20,})",
            is_secret,
            &[&["dckr_"], &["oat", "pat"]],
        ),
        Pattern::new(r"\bnpm_(?P<secret>[A-Za-z0-9]{36})\b", is_secret, &[&["npm_"]]),
        Pattern::new(
            r"\bpypi-(?P<secret>AgE[A-Za-z0-9_-]{50,})",
            is_secret,
            &[&["pypi-"], &["age"]],
        ),
        Pattern::new(r"\bAIza(?P<secret>[0-9A-Za-z_-]{35})\b", is_secret, &[&["aiza"]]),
    ]
});

/// A PEM private key's armour lines (RSA, EC, OPENSSH, ENCRYPTED or plain PKCS#8).
static KEY_BEGIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----").expect("valid pattern"));
static KEY_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"-----END [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----").expect("valid pattern"));
/// `pattern` with each `\b` made an ASCII word boundary, `(?-u:\b)`.
///
/// The regex crate's fast engine (a lazy DFA) cannot evaluate a Unicode `\b` on text that is
/// not ASCII; it then falls back to a far slower one (measured: 16 MiB of accented text took
/// 1.6-4.9 s instead of 0.1 s). Secrets are ASCII, so the ASCII boundary loses nothing.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("(?-u:\\b)"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Redacts many texts, each distinct text once: the diagnoses of one input often quote the same
/// evidence line.
#[derive(Debug, Default)]
pub struct Memo {
    seen: std::collections::HashMap<String, Option<String>>,
}

impl Memo {
    /// Replaces every credential in `text` with [`MARKER`]; returns whether anything changed.
    pub fn redact_in_place(&mut self, text: &mut String) -> bool {
        let clean = self.seen.entry(text.clone()).or_insert_with(|| match redact(text) {
            Cow::Owned(clean) => Some(clean),
            Cow::Borrowed(_) => None,
        });
        match clean {
            Some(clean) => {
                text.clone_from(clean);
                true
            }
            None => false,
        }
    }
}

/// Replaces every credential in `text` with [`MARKER`].
pub fn redact_in_place(text: &mut String) {
    if let Cow::Owned(clean) = redact(text) {
        *text = clean;
    }
}

/// `text` with every credential replaced by [`MARKER`]; borrowed when there is none.
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut out = match redact_private_keys(text) {
        Some(s) => Cow::Owned(s),
        None => Cow::Borrowed(text),
    };
    // Replacing a secret by the marker only removes text, so a literal missing from the input
    // is missing after every replacement too: one lower-cased copy screens every pattern.
    let lower = text.to_ascii_lowercase();
    for pattern in PATTERNS.iter() {
        if !pattern.may_match(lower.as_bytes()) {
            continue;
        }
        if let Some(s) = pattern.apply(&out) {
            out = Cow::Owned(s);
        }
    }
    out
}

/// Replaces the body of each PEM private key, keeping its armour lines and its line count.
///
/// Each BEGIN pairs with the first END after it. The END lines are all found in one pass
/// beforehand, so a text with many BEGIN lines and no END stays linear.
fn redact_private_keys(text: &str) -> Option<String> {
    memchr::memmem::find(text.as_bytes(), b"PRIVATE KEY")?; // else nothing to compile or search
    let begins: Vec<_> = KEY_BEGIN.find_iter(text).collect();
    if begins.is_empty() {
        return None;
    }
    let ends: Vec<_> = KEY_END.find_iter(text).collect();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut next_end = 0;
    for begin in begins {
        if begin.start() < last {
            continue; // inside a key already redacted
        }
        while next_end < ends.len() && ends[next_end].start() < begin.end() {
            next_end += 1;
        }
        let body_end = match ends.get(next_end) {
            Some(end) => end.start(),
            None => begin.end() + cut_key_body_len(&text[begin.end()..]),
        };
        let body = &text[begin.end()..body_end];
        if body.is_empty() || body == MARKER || body.trim_matches('\n') == MARKER {
            continue;
        }
        out.push_str(&text[last..begin.end()]);
        let newlines = body.matches('\n').count();
        if newlines == 0 {
            out.push_str(MARKER);
        } else {
            // One line for the marker, the others kept empty so that line numbers hold.
            out.push('\n');
            out.push_str(MARKER);
            out.push_str(&"\n".repeat(newlines - 1));
        }
        last = body_end;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// Length of the body of a key whose END line is missing (the output was cut short): the lines
/// right after BEGIN that are wholly base64 (or a `Proc-Type:`/`DEK-Info:` header), joined by
/// real or escaped (`\n` in JSON) line ends. Each byte is looked at once.
fn cut_key_body_len(rest: &str) -> usize {
    let mut pos = 0;
    loop {
        let tail = &rest[pos..];
        let sep = ["\r\n", "\n", "\\r\\n", "\\n"]
            .iter()
            .find(|s| tail.starts_with(**s))
            .map_or(0, |s| s.len());
        if sep == 0 {
            return pos;
        }
        let line = &tail[sep..];
        let len = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | ' ' | '\t')))
            .unwrap_or(line.len());
        let header = line.starts_with("Proc-Type:") || line.starts_with("DEK-Info:");
        let len = if header {
            line.find(['\r', '\n', '\\']).unwrap_or(line.len())
        } else {
            len
        };
        let ends_line = line[len..].is_empty() || line[len..].starts_with(['\r', '\n', '\\']);
        if len == 0 || !ends_line || line[..len].trim().is_empty() {
            return pos;
        }
        pos += sep + len;
    }
}

/// Every captured value is a secret, except one already redacted or a stand-in for one.
fn is_secret(value: &str) -> bool {
    !value.is_empty() && !is_placeholder(value)
}

/// `$VAR`, `${VAR}`, `%VAR%`, `<password>`, `***`, `[REDACTED]`, `"$(cat file)"`: not secrets.
fn is_placeholder(value: &str) -> bool {
    let v = value.trim_matches(|c| c == '"' || c == '\'');
    v.is_empty()
        || v == MARKER
        || v.starts_with('$')
        || (v.starts_with('%') && v.ends_with('%') && v.len() > 2)
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with("{{") && v.ends_with("}}"))
        || v.chars().all(|c| c == '*' || c == 'x' || c == 'X')
}

/// A flag's value, unless it is the next flag (`--password --username u`).
fn is_flag_value(value: &str) -> bool {
    is_secret(value) && !value.starts_with('-')
}

/// A bearer token: long, with letters and digits (a JWT, an opaque token), not a word.
fn looks_like_token(value: &str) -> bool {
    value.len() >= 16
        && value.bytes().any(|b| b.is_ascii_digit())
        && value.bytes().any(|b| b.is_ascii_alphabetic())
        && is_secret(value)
}

/// Standard base64 (padded) of `user:password`, as HTTP Basic auth sends it.
fn is_basic_credential(value: &str) -> bool {
    value.len() >= 8 && decode_base64(value).is_some_and(|bytes| bytes.contains(&b':'))
}

/// Decodes padded standard base64; `None` when `s` is not that.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(4) {
        return None;
    }
    let digits = s.trim_end_matches('=');
    if s.len() - digits.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for b in digits.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_on_both_engines() {
        for p in PATTERNS.iter() {
            assert!(regex_lite::Regex::new(&p.source).is_ok(), "regex-lite: {}", p.source);
            assert!(
                Regex::new(&ascii_word_boundaries(&p.source)).is_ok(),
                "regex: {}",
                p.source
            );
        }
    }

    /// Realistic credentials, in the shapes real tools echo them, and what must remain.
    #[test]
    fn secrets_are_replaced_and_their_context_kept() {
        let cases: &[(&str, &str)] = &[
            (
                "> Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkJWM0Q6MkFWWjpVQjVaIn0.eyJhY2Nlc3MiOlt7InR5cGUiOiJyZXBvc2l0b3J5In1dfQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU",
                "> Authorization: Bearer [REDACTED]",
            ),
            ("Authorization: Basic dXNlcjpodW50ZXIy", "Authorization: Basic [REDACTED]"),
            (
                r#"req.Header=map[Authorization:[Bearer 4f1c2d3e9a8b7c6d5e4f3a2b1c0d9e8f]]"#,
                r#"req.Header=map[Authorization:[Bearer [REDACTED]]]"#,
            ),
            (
                "header: Basic YWRtaW46czNjcjN0UGFzcw== sent",
                "header: Basic [REDACTED] sent",
            ),
            (
                "fatal: unable to access 'https://ci-bot:s3cr3t-P4ss@registry.example.com/v2/': 401",
                "fatal: unable to access 'https://ci-bot:[REDACTED]@registry.example.com/v2/': 401",
            ),
            (
                "Get https://oauth2:glpat-xY7k2mQp9RbT4vLw8NcZ@gitlab.example.com/group/app.git",
                "Get https://oauth2:[REDACTED]@gitlab.example.com/group/app.git",
            ),
            (
                "+ docker login -u deploy -p Tr0ub4dor&3 registry.example.com",
                "+ docker login -u deploy -p [REDACTED] registry.example.com",
            ),
            (
                "$ docker login --username deploy --password 'c0rrect horse' ghcr.io",
                "$ docker login --username deploy --password '[REDACTED]' ghcr.io",
            ),
            (
                "podman login --password=hunter2hunter2 quay.io",
                "podman login --password=[REDACTED] quay.io",
            ),
            (
                "helm registry login registry.example.com -u admin -p S3cretPass",
                "helm registry login registry.example.com -u admin -p [REDACTED]",
            ),
            (
                "helm repo add private https://charts.example.com --username admin --password S3cretPass",
                "helm repo add private https://charts.example.com --username admin --password [REDACTED]",
            ),
            (
                "skopeo copy --src-creds bot:Zq8xW2pL docker://a/b docker://c/d",
                "skopeo copy --src-creds bot:[REDACTED] docker://a/b docker://c/d",
            ),
            (
                r#"time="2024-03-01T10:00:00Z" level=debug msg="login" token=8f14e45fceea167a5a36dedd4bea2543 user=ci"#,
                r#"time="2024-03-01T10:00:00Z" level=debug msg="login" token=[REDACTED] user=ci"#,
            ),
            (
                "GET /oauth2/token?access_token=ya29.a0AfH6SMBx3k&service=registry.docker.io",
                "GET /oauth2/token?access_token=[REDACTED]&service=registry.docker.io",
            ),
            (
                "#5 [2/4] RUN --mount=type=cache npm ci NPM_TOKEN=npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
                "#5 [2/4] RUN --mount=type=cache npm ci NPM_TOKEN=[REDACTED]",
            ),
            ("DB_PASSWORD=\"p@ss word\" ./start.sh", "DB_PASSWORD=\"[REDACTED]\" ./start.sh"),
            (
                r#"{"username":"ci","password":"hunter2!","serveraddress":"https://index.docker.io/v1/"}"#,
                r#"{"username":"ci","password":"[REDACTED]","serveraddress":"https://index.docker.io/v1/"}"#,
            ),
            (
                r#"{"auths": {"registry.example.com": {"auth": "Y2k6aHVudGVyMiE="}}}"#,
                r#"{"auths": {"registry.example.com": {"auth": "[REDACTED]"}}}"#,
            ),
            (
                r#"{"auths":{"123456789012.dkr.ecr.us-east-1.amazonaws.com":{"identitytoken":"AQICAHh9b2tlbi1ieXRlcw"}}}"#,
                r#"{"auths":{"123456789012.dkr.ecr.us-east-1.amazonaws.com":{"identitytoken":"[REDACTED]"}}}"#,
            ),
            (
                r#"msg="{\"auth\":\"Y2k6aHVudGVyMiE=\"}""#,
                r#"msg="{\"auth\":\"[REDACTED]\"}""#,
            ),
            (
                "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
                "aws_access_key_id = AKIA[REDACTED]",
            ),
            (
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "aws_secret_access_key = [REDACTED]",
            ),
            (
                "aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "aws_secret_access_key: [REDACTED]",
            ),
            (
                "remote: Invalid username or token ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
                "remote: Invalid username or token ghp_[REDACTED]",
            ),
            (
                "GITHUB_TOKEN: github_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ0123",
                "GITHUB_TOKEN: github_pat_[REDACTED]",
            ),
            ("token glpat-Xy7k2mQp9RbT4vLw8NcZ used", "token glpat-[REDACTED] used"),
            (
                "SLACK_BOT=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
                "SLACK_BOT=xoxb-[REDACTED]",
            ),
            (
                "echo dckr_pat_2b3e36beeb386dfdaacb9b46004 | docker login",
                "echo dckr_pat_[REDACTED] | docker login",
            ),
            (
                "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2024-01-01&sig=AbC%2Bd3F%3D",
                "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2024-01-01&sig=[REDACTED]",
            ),
            (
                "kubectl --token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.abc get pods",
                "kubectl --token=[REDACTED] get pods",
            ),
        ];
        let failures: Vec<String> = cases
            .iter()
            .filter(|(input, want)| redact(input) != *want)
            .map(|(input, want)| format!("  in:   {input}\n  want: {want}\n  got:  {}", redact(input)))
            .collect();
        assert!(
            failures.is_empty(),
            "{} cases failed:\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }

    /// Texts that look a little like secrets and are not: they come back untouched (borrowed).
    #[test]
    fn near_misses_are_left_alone() {
        let texts = [
            "Digest: sha256:4c1e997385b8fb4ad4d1d3c7e5af7ff3f882e9d07cf0b0d3cb2f8f1c0c3b3c3e",
            "docker: Error response from daemon: Conflict. The container name \"/web\" is already in use by container \"0270fbfd68911886f1121168e84fff95d067257761395b3e478b7409c3124a3e\".",
            "Unable to find image 'ghcr.io/acme/api:v1.4.2-alpine3.19' locally",
            "docker run -d -p 8080:80 --name login nginx:1.25",
            "docker run -p 5432:5432 -e POSTGRES_PASSWORD_FILE=/run/secrets/db postgres",
            "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password",
            "Error: Cannot perform an interactive login from a non TTY device",
            "Password: ",
            "password: ",
            "Enter your token when prompted; the token is stored in ~/.docker/config.json",
            "Get \"https://auth.docker.io/token?scope=repository%3Alibrary%2Fnginx%3Apull&service=registry.docker.io\": dial tcp: lookup auth.docker.io: no such host",
            "WWW-Authenticate: Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\"",
            "failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized",
            "Basic authentication failed for user ci",
            "the registry wants a Bearer token",
            "echo \"$CI_REGISTRY_PASSWORD\" | docker login -u \"$CI_REGISTRY_USER\" --password-stdin $CI_REGISTRY",
            "docker login -u ci -p \"$REGISTRY_TOKEN\" registry.example.com",
            "docker build --build-arg NPM_TOKEN=${NPM_TOKEN} .",
            "ssh://git@github.com/acme/app.git",
            "http://[::1]:5000/v2/ and https://registry.example.com:5000/v2/",
            "max_tokens=100 token_count=5",
            "secret \"regcred\" not found",
            "MountVolume.SetUp failed for volume \"db-secret\" : secret \"db-secret\" not found",
            "docker buildx build --secret id=npmrc,src=$HOME/.npmrc .",
            "AKIA is the prefix of an access key id",
            "ghp_ tokens start with ghp_",
            "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----",
            "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYI\n-----END PUBLIC KEY-----",
            "exec /usr/local/bin/docker-entrypoint.sh: exec format error",
        ];
        for text in texts {
            assert!(
                matches!(redact(text), Cow::Borrowed(_)),
                "changed a text with no secret:\n  in:  {text}\n  out: {}",
                redact(text)
            );
        }
    }

    #[test]
    fn private_key_bodies_are_replaced_and_line_numbers_kept() {
        let key = "error loading key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBm8Yd4o1cT1yL0pX9lPzVw3sN9Gk2t4f8c2Z1vD8rQxQAAAJgAAAAA\n-----END OPENSSH PRIVATE KEY-----\nnext line";
        let out = redact(key);
        assert_eq!(
            out,
            "error loading key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n[REDACTED]\n\n-----END OPENSSH PRIVATE KEY-----\nnext line"
        );
        assert_eq!(out.lines().count(), key.lines().count());

        let escaped = r#"{"key":"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----\n"}"#;
        assert_eq!(
            redact(escaped),
            r#"{"key":"-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----\n"}"#
        );

        // Cut short before its END line: the base64 lines go, the next message stays.
        let cut = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\nAwEHoUQDQgAEPR3tU2Fta9ktY+6P9G0cWO+0kETA6SOs38Hq\nError: invalid key";
        assert_eq!(
            redact(cut),
            "-----BEGIN EC PRIVATE KEY-----\n[REDACTED]\n\nError: invalid key"
        );
    }

    #[test]
    fn redacting_twice_changes_nothing_more() {
        let text = "docker login -p Zq8xW2pLm registry; curl -H 'Authorization: Bearer abcdef0123456789abcdef' https://u:p4ss@h/ password=x1 AKIAIOSFODNN7EXAMPLE\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        let once = redact(text).into_owned();
        assert_ne!(once, text);
        assert!(
            matches!(redact(&once), Cow::Borrowed(_)),
            "second pass changed: {}",
            redact(&once)
        );
    }

    /// The patterns must not need to look far past a match: many matches, or many starts of a
    /// match that never completes, in one long line must stay linear.
    #[test]
    fn adversarial_repetition_stays_linear() {
        let units = [
            "-----BEGIN RSA PRIVATE KEY-----x",
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA",
            "https://a:b",
            "https://a:b@",
            "docker login ",
            "docker login -p ",
            "password=",
            "password=a ",
            "--password ",
            "\"token\":\"",
            "\\\"auth\\\":\\\"a",
            "Authorization: Bearer ",
            "Bearer aaaaaaaaaaaaaaaaa1 ",
            "Basic YWFh",
            "eyJaaaa.eyJaaaa.",
            "AKIA",
            "ghp_",
            "glpat-aaaaaaaaaaaaaaaaaaaa.",
            "a",
        ];
        for unit in units {
            let text = unit.repeat(1_000_000 / unit.len());
            let start = std::time::Instant::now();
            std::hint::black_box(redact(&text));
            let took = start.elapsed();
            // Linear is tens of milliseconds here; a quadratic pattern (each of ~50,000 starts
            // scanning on to the end) would take minutes.
            assert!(
                took < std::time::Duration::from_secs(2),
                "{unit:?} repeated to 1 MB took {took:?}"
            );
        }
    }

    #[test]
    fn word_boundaries_become_ascii_and_escaped_backslashes_stay() {
        assert_eq!(ascii_word_boundaries(r"\bAKIA\b"), r"(?-u:\b)AKIA(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\\b\\\b"), r"a\\b\\(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"\B\s\\"), r"\B\s\\");
    }

    /// Text that is not ASCII keeps the fast regex engine: no Unicode `\b` in any pattern.
    #[test]
    fn accented_text_is_redacted_as_fast_as_ascii() {
        let text = "é Ünïcödé — “quoted” ✔ password=a https://a:b ".repeat(20_000);
        let start = std::time::Instant::now();
        std::hint::black_box(redact(&text));
        let took = start.elapsed();
        // ~1 MB: tens of milliseconds with the lazy DFA, seconds with the fallback engine.
        assert!(
            took < std::time::Duration::from_secs(1),
            "1 MB of accented text took {took:?}"
        );
    }

    #[test]
    fn base64_decoding_follows_the_standard() {
        assert_eq!(decode_base64("dXNlcjpwYXNz").as_deref(), Some(&b"user:pass"[..]));
        assert_eq!(decode_base64("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode_base64("authentication"), None);
        assert_eq!(decode_base64("YQ="), None);
        assert_eq!(decode_base64("Y==="), None);
    }

    /// Each pattern's declared literals are exactly what the screen's analysis computes from it,
    /// so the screen never skips a text the pattern would match.
    #[test]
    fn declared_literals_are_the_computed_ones() {
        for pattern in PATTERNS.iter() {
            let declared: Vec<Vec<String>> = pattern
                .required
                .iter()
                .map(|g| g.iter().map(|l| l.to_string()).collect())
                .collect();
            assert_eq!(
                declared,
                crate::catalog::literals::required_groups(&pattern.source),
                "{}",
                pattern.source
            );
        }
    }

    /// The literal screen may skip a pattern only if no replacement can create one of its
    /// literals: none may hold a bracket of the marker or be a piece of its word.
    #[test]
    fn the_marker_never_completes_a_required_literal() {
        let word = MARKER.trim_matches(['[', ']']).to_ascii_lowercase();
        for pattern in PATTERNS.iter() {
            for literal in pattern.required.iter().flat_map(|g| g.iter()) {
                assert!(
                    !literal.contains(['[', ']']) && !word.contains(literal),
                    "{literal:?} of {}",
                    pattern.source
                );
            }
        }
    }

    /// Diagnoses are masked after their title and explanation are filled in, so a rule's own
    /// words (advice such as `docker login -u USER --password-stdin`) must never look like a
    /// credential.
    #[test]
    fn rule_texts_are_never_taken_for_credentials() {
        let catalog = crate::Catalog::builtin().expect("the built-in catalog loads");
        let mut masked = Vec::new();
        for rule in catalog.rules() {
            let texts = [&rule.title, &rule.explanation]
                .into_iter()
                .chain(rule.steps.iter())
                .chain(rule.tradeoff_steps.iter())
                .chain(rule.security.iter());
            for text in texts {
                let text: &str = text.as_ref();
                if redact(text) != text {
                    masked.push(format!("{}: {}", rule.id, redact(text)));
                }
            }
        }
        assert!(
            masked.is_empty(),
            "rule texts that redaction masks:\n{}",
            masked.join("\n")
        );
    }

    /// Redaction runs before matching: no rule example may lose its diagnosis to it.
    #[test]
    fn rule_examples_keep_their_diagnosis_after_redaction() {
        let catalog = crate::Catalog::builtin().expect("the built-in catalog loads");
        let mut changed = Vec::new();
        for rule in catalog.rules() {
            for example in rule.examples.iter() {
                let redacted = redact(&example.text);
                if redacted == example.text {
                    continue;
                }
                let top = crate::diagnose(&catalog, &redacted).first().map(|d| d.rule.clone());
                let want = crate::diagnose(&catalog, &example.text).first().map(|d| d.rule.clone());
                if top != want {
                    changed.push(format!("{} ({}): {want:?} became {top:?}", rule.id, example.source));
                }
            }
        }
        assert!(
            changed.is_empty(),
            "redaction changed diagnoses:\n{}",
            changed.join("\n")
        );
    }
}
