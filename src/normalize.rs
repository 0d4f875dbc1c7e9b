//! Turns raw tool output into clean lines that rules can match: no colour codes or carriage
//! returns, no log framing, no nested escaping; and splits each line into its error-chain layers.

// regex-lite: these few anchored patterns run per line and must cost nothing to compile at start-up.
use regex_lite::Regex;
use std::sync::LazyLock;

/// Longest line (in bytes) that is matched; the rest of a longer line is ignored.
pub const MAX_LINE: usize = 64 * 1024;

/// Most lines joined to one Go error chain broken after its `: ` separators.
const MAX_CHAIN_JOINS: usize = 8;

/// One cleaned line and the input line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the input.
    pub number: usize,
    /// The line as the user gave it, without colour codes or line ends.
    pub raw: String,
    /// The cleaned text that rules see.
    pub text: String,
}

/// The input after normalisation.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    lines: Vec<Line>,
    text: String,
    starts: Vec<usize>,
}

impl Normalized {
    /// Normalises `input`.
    pub fn new(input: &str) -> Normalized {
        let mut out = Normalized::default();
        let mut events = EventsTable::default();
        let input = keep_quoted_cr(input);
        let raws: Vec<String> = split_lines(&input)
            .map(|l| straighten_quotes(strip_pasted_ansi(strip_ansi(l))))
            .collect();
        let width = wrap_width(&raws);
        let mut i = 0;
        while i < raws.len() {
            let number = i + 1;
            // A line cut at the terminal's width continues on the next line: join them back.
            // So does a Go error chain broken after one of its `: ` separators (the trailing
            // space shows the break was not the tool's own line end).
            let mut joined = std::borrow::Cow::Borrowed(raws[i].as_str());
            let mut chain_joins = 0;
            loop {
                let fixed = width.is_some_and(|w| raws[i].chars().count() == w)
                    && raws.get(i + 1).is_none_or(|n| !starts_record(n));
                let chain = chain_joins < MAX_CHAIN_JOINS
                    && raws[i].ends_with(": ")
                    && raws[i].bytes().any(|b| b.is_ascii_alphabetic())
                    && raws.get(i + 1).is_some_and(|n| !n.trim().is_empty());
                if !(fixed || chain) || i + 1 >= raws.len() {
                    break;
                }
                chain_joins += usize::from(!fixed);
                joined.to_mut().push_str(&raws[i + 1]);
                i += 1;
            }
            i += 1;
            let raw = truncate(&joined, MAX_LINE);
            let text = events.unwrap(raw).unwrap_or_else(|| clean(raw));
            if text.is_empty() {
                continue;
            }
            out.push(Line {
                number,
                raw: raw.trim_end().to_string(),
                text,
            });
        }
        out
    }

    /// Adds the exit status the caller knows (`--exit-code`) as a line of evidence numbered 0.
    pub fn push_exit_code(&mut self, code: i32) {
        self.push(Line {
            number: 0,
            raw: format!("--exit-code {code}"),
            text: format!("exit code: {code}"),
        });
    }

    fn push(&mut self, line: Line) {
        self.starts.push(self.text.len());
        self.text.push_str(&line.text);
        self.text.push('\n');
        self.lines.push(line);
    }

    /// The cleaned lines joined with `\n`: what patterns run on.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cleaned lines.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The line holding byte `offset` of [`Normalized::text`].
    pub fn line_at(&self, offset: usize) -> Option<&Line> {
        let i = self.starts.partition_point(|&s| s <= offset).checked_sub(1)?;
        self.lines.get(i)
    }

    /// Byte offset in [`Normalized::text`] where `line` (an index into [`Normalized::lines`]) starts.
    pub fn start_of(&self, index: usize) -> usize {
        self.starts.get(index).copied().unwrap_or(self.text.len())
    }

    /// The innermost layer of the most telling error line, with that line's number, for when
    /// no rule matched.
    pub fn innermost_error(&self) -> Option<(usize, Layer)> {
        let line = self
            .lines
            .iter()
            .rev()
            .filter(|l| looks_like_error(&l.text))
            .max_by_key(|l| layers(&l.text).len())?;
        let chain = layers(&line.text);
        chain
            .into_iter()
            .rev()
            .find(|l| !is_class_suffix(&l.text))
            .map(|layer| (line.number, layer))
    }
}

/// The width at which a terminal hard-wrapped the pasted text, if it did: the longest line's
/// length, shared by several different lines (or one line at a usual terminal width cut in
/// the middle of a word), with nothing longer.
fn wrap_width(lines: &[String]) -> Option<usize> {
    let lengths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    let max = *lengths.iter().max()?;
    if max < 60 {
        return None;
    }
    let at_max: Vec<usize> = (0..lines.len())
        .filter(|&i| lengths[i] == max && i + 1 < lines.len())
        .collect();
    let distinct = at_max.iter().any(|&i| lines[i] != lines[at_max[0]]);
    let mid_word = |i: usize| {
        let end = lines[i].chars().last().is_some_and(|c| c.is_alphanumeric());
        let start = lines[i + 1].chars().next().is_some_and(|c| c.is_alphanumeric());
        end && start
    };
    let usual = matches!(max, 80 | 100 | 120 | 132 | 160 | 200);
    ((at_max.len() >= 2 && distinct) || (usual && at_max.iter().any(|&i| mid_word(i)))).then_some(max)
}

/// Whether `line` starts a new log record (a journald, ISO-time, logfmt, logrus or klog
/// prefix, or a JSON log object): a line cut at the wrap width does not continue onto it. Lines
/// that a tool cut to one width (journald, a 120-column pod log) are records of their own.
fn starts_record(line: &str) -> bool {
    let line = line.trim_start();
    match line.as_bytes().first() {
        Some(b'{') => line.starts_with("{\""),
        Some(b't' | b'l') => line.starts_with("time=") || line.starts_with("level="),
        Some(b'0'..=b'9' | b'[') => ISO_TIME.is_match(line),
        Some(b'A'..=b'Z') => JOURNALD.is_match(line) || LOGRUS_LEVEL.is_match(line) || KLOG.is_match(line),
        _ => false,
    }
}

/// Splits on `\n`, `\r\n` and lone `\r` (a progress bar's redraws become separate lines).
fn split_lines(input: &str) -> impl Iterator<Item = &str> {
    input
        .split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// A lone `\r` right before a quote or a colon is not a redraw but a character the tool
/// quoted, the trace of a script saved with CRLF line ends (`env: can't execute 'bash\r'`,
/// `exec: "./run.sh\r": no such file`): it is kept, written `\r` as a pasted text shows it.
fn keep_quoted_cr(input: &str) -> std::borrow::Cow<'_, str> {
    if input.contains('\r') {
        QUOTED_CR.replace_all(input, "\\r$1")
    } else {
        input.into()
    }
}

/// A carriage return right before a quote or a colon.
static QUOTED_CR: LazyLock<Regex> = LazyLock::new(|| Regex::new("\r(['\":])").expect("static regex"));

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Removes ANSI CSI and OSC sequences and other escapes; a truncated escape at the end is dropped.
pub fn strip_ansi(s: &str) -> String {
    if !s.contains('\x1b') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                // CSI: parameters and intermediates, then one final byte in @..~
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                // OSC: ends with BEL or ST (ESC \)
                while let Some(c) = chars.next() {
                    if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Turns typographic quotes, which an editor or a chat client put in place of the tool's own,
/// back into `"` and `'`.
fn straighten_quotes(line: String) -> String {
    if line.is_ascii() || !line.contains(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']) {
        return line;
    }
    line.chars()
        .map(|c| match c {
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            c => c,
        })
        .collect()
}

/// Removes colour and cursor codes that lost their escape byte on the way (a paste from a
/// web page or a log viewer): `^[[31m` in caret notation, and bare `[0;31m`, `[2K` (digits
/// first, then one of `mKGJABCDH`), so `[+] Building` and `[internal]` stay.
fn strip_pasted_ansi(line: String) -> String {
    if !line.contains('[') {
        return line;
    }
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let (mut i, mut kept) = (0, 0);
    while i < bytes.len() {
        if bytes[i] != b'[' {
            i += 1;
            continue;
        }
        let caret = i >= 2 && &bytes[i - 2..i] == b"^[";
        let start = i + 1;
        let params = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b';' || (caret && **b == b'?'))
            .count();
        let end = start + params;
        let code = match bytes.get(end) {
            Some(b) if caret => b.is_ascii_alphabetic(),
            Some(b) => params > 0 && bytes[start].is_ascii_digit() && params <= 12 && b"mKGJABCDH".contains(b),
            None => false,
        };
        if code {
            out.push_str(&line[kept..if caret { i - 2 } else { i }]);
            kept = end + 1;
            i = end + 1;
        } else {
            i += 1;
        }
    }
    if kept == 0 {
        return line;
    }
    out.push_str(&line[kept..]);
    out
}

/// Cleans one line: framing, escaped quotes, whitespace.
fn clean(line: &str) -> String {
    let mut s = line.trim().to_string();
    // Framing can nest (a journald line holding a logrus line holding a JSON log), so peel until
    // nothing changes, a bounded number of times.
    for _ in 0..4 {
        let next = unframe(&s);
        if next == s {
            break;
        }
        s = next;
    }
    collapse_whitespace(&collapse_escaped_quotes(&fold_quotes(&s)))
}

/// Typographic quotes (a word processor's, a chat's, a web page's) become ASCII quotes.
fn fold_quotes(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return s.into();
    }
    s.chars()
        .map(|c| match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            c => c,
        })
        .collect::<String>()
        .into()
}

static LOGRUS_LEVEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:ERRO|FATA|WARN|INFO|DEBU|TRAC|PANI)\[[^\]]*\]\s*").expect("static regex"));
static ISO_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\]?\s+").expect("static regex")
});
static JOURNALD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \S+ [\w.@/-]+(?:\[\d+\])?: ").expect("static regex")
});
static KLOG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w./-]+:\d+\] ").expect("static regex"));
static BUILDKIT_STEP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^#\d+ (?:\d+\.\d+ )?").expect("static regex"));
static STEP_TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d+\.\d+ ").expect("static regex"));
static COMPOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[pod/[^\]]+\]|[\w.-]+(?:[_-]\d+)?\s*\|)\s?").expect("static regex"));

/// Removes one layer of log framing, if any.
fn unframe(s: &str) -> String {
    let s = s.trim();
    if s.starts_with('{') {
        if let Some(message) = json_message(s) {
            return message;
        }
    }
    if s.starts_with("time=") || s.starts_with("level=") {
        if let Some(message) = logfmt_message(s) {
            return message;
        }
    }
    // Terraform (the docker provider) draws a box down the left of its diagnostics.
    if let Some(rest) = s.strip_prefix('\u{2502}') {
        return rest.trim_start().to_string();
    }
    // Each framing has a cheap first-bytes test, so an ordinary line runs no regex at all.
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let framings: [(bool, &Regex); 7] = [
        (b.get(4) == Some(&b'['), &LOGRUS_LEVEL),
        (digit(0) || (b.first() == Some(&b'[') && digit(1)), &ISO_TIME),
        (
            b.first().is_some_and(u8::is_ascii_uppercase) && b.get(3) == Some(&b' '),
            &JOURNALD,
        ),
        (matches!(b.first(), Some(b'I' | b'W' | b'E' | b'F')) && digit(1), &KLOG),
        (b.first() == Some(&b'#') && digit(1), &BUILDKIT_STEP),
        (digit(0), &STEP_TIME),
        (memchr::memchr(b'|', b).is_some() || s.starts_with("[pod/"), &COMPOSE),
    ];
    for (maybe, re) in framings {
        if !maybe {
            continue;
        }
        if let Some(m) = re.find(s) {
            if m.end() > 0 && m.end() < s.len() {
                return s[m.end()..].to_string();
            }
        }
    }
    s.to_string()
}

/// The message of a JSON log line: docker's `{"log": ...}`, or `msg` / `message` / `error`.
fn json_message(s: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(s).ok()?;
    let obj = value.as_object()?;
    let mut parts = Vec::new();
    for key in ["log", "msg", "message"] {
        if let Some(v) = obj.get(key).and_then(|v| v.as_str()) {
            parts.push(v.trim_end().to_string());
            break;
        }
    }
    for key in ["error", "err"] {
        if let Some(v) = obj.get(key).and_then(|v| v.as_str()) {
            parts.push(v.to_string());
        }
    }
    // Structured logs keep the detail one level down: MongoDB's `attr` (`message`, `error`,
    // `reason`, or an `error` object with `codeName` and `errmsg`), ECS's `error.message`.
    if !parts.is_empty() {
        for key in ["attr", "error"] {
            if let Some(inner) = obj.get(key).and_then(|v| v.as_object()) {
                nested_detail(inner, &mut parts, 1);
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(": "))
}

/// Appends the text fields that carry an error's detail in `obj`, looking `depth` levels into
/// nested objects.
fn nested_detail(obj: &serde_json::Map<String, serde_json::Value>, parts: &mut Vec<String>, depth: u8) {
    for key in ["message", "reason", "error", "codeName", "errmsg"] {
        match obj.get(key) {
            Some(serde_json::Value::String(v)) if !v.is_empty() => parts.push(v.trim_end().to_string()),
            Some(serde_json::Value::Object(inner)) if depth > 0 => nested_detail(inner, parts, depth - 1),
            _ => {}
        }
    }
}

/// The `msg` of a logrus / logfmt line, with its `error`/`err` field appended as the cause.
fn logfmt_message(s: &str) -> Option<String> {
    let fields = logfmt(s);
    let msg = fields.iter().find(|(k, _)| *k == "msg").map(|(_, v)| v.clone())?;
    let mut out = msg;
    for (k, v) in &fields {
        if matches!(*k, "error" | "err") && !v.is_empty() {
            out.push_str(": ");
            out.push_str(v);
        }
    }
    Some(out)
}

/// Splits `key=value key="quoted \"value\""` pairs.
fn logfmt(s: &str) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        let after = &rest[eq + 1..];
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, 'n')) => value.push('\n'),
                        Some((_, 't')) => value.push('\t'),
                        Some((_, c)) => value.push(c),
                        None => {}
                    },
                    // A quote closes the value only where a field could end: journal lines
                    // pasted into a web page lose their backslashes, leaving bare inner quotes
                    // (`error="exec: "containerd-shim": executable file not found"`).
                    '"' if closes_value(&quoted[i + 1..]) => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end.min(quoted.len())..])
        } else {
            let end = after.find(' ').unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        if key.contains(' ') {
            break;
        }
        out.push((key, value));
        rest = next;
    }
    out
}

/// Whether a quote followed by `rest` can close a logfmt value: at the end of the line, or
/// before a blank and the next `key=`.
fn closes_value(rest: &str) -> bool {
    let Some(after) = rest.strip_prefix([' ', '\t']) else {
        return rest.trim().is_empty();
    };
    let after = after.trim_start();
    let key = after.find('=').map_or("", |eq| &after[..eq]);
    after.is_empty() || (!key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b)))
}

/// `\"`, `\\\"`, `\\\\\\\"`... all become `"`: undoes the nested quoting of old runc chains.
fn collapse_escaped_quotes(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut pending = 0usize;
    for c in s.chars() {
        if c == '\\' {
            pending += 1;
            continue;
        }
        if c != '"' {
            out.extend(std::iter::repeat_n('\\', pending));
        }
        pending = 0;
        out.push(c);
    }
    out.extend(std::iter::repeat_n('\\', pending));
    out
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c == ' ' || c == '\t' {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Rows of a `kubectl describe` Events table become `Reason: message`.
#[derive(Default)]
struct EventsTable {
    message_column: Option<usize>,
}

static EVENT_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:Warning|Normal)\s+(?P<reason>[A-Za-z]+)\s+\S+(?: \(x\d+ over \S+\))?\s+(?:\S+(?:, \S+)?)\s{2,}(?P<msg>\S.*)$")
        .expect("static regex")
});

impl EventsTable {
    fn unwrap(&mut self, raw: &str) -> Option<String> {
        if raw.contains("Type") && raw.contains("Reason") && raw.contains("Message") {
            self.message_column = raw.find("Message");
            return None;
        }
        let row = raw.trim_start();
        if !(row.starts_with("Warning") || row.starts_with("Normal")) {
            return None;
        }
        let caps = EVENT_ROW.captures(raw)?;
        let msg = match self.message_column {
            Some(col)
                if raw.len() > col
                    && raw.is_char_boundary(col)
                    && !raw[..col].ends_with(|c: char| !c.is_whitespace()) =>
            {
                &raw[col..]
            }
            _ => caps.name("msg").map_or("", |m| m.as_str()),
        };
        Some(format!("{}: {}", &caps["reason"], clean(msg)))
    }
}

/// Which tool printed a layer of an error chain, where the words tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// The docker CLI.
    DockerCli,
    /// dockerd.
    Daemon,
    /// containerd, its CRI plugin and ctr.
    Containerd,
    /// containerd-shim.
    Shim,
    /// runc.
    Runc,
    /// crun.
    Crun,
    /// podman, buildah, skopeo and their libraries.
    Podman,
    /// The kubelet.
    Kubelet,
    /// BuildKit and buildx.
    Buildkit,
    /// A registry's own error.
    Registry,
}

impl Tool {
    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            Tool::DockerCli => "docker CLI",
            Tool::Daemon => "docker daemon",
            Tool::Containerd => "containerd",
            Tool::Shim => "containerd shim",
            Tool::Runc => "runc",
            Tool::Crun => "crun",
            Tool::Podman => "podman",
            Tool::Kubelet => "kubelet",
            Tool::Buildkit => "buildkit",
            Tool::Registry => "registry",
        }
    }

    fn of(layer: &str) -> Option<Tool> {
        const SIGNS: &[(&str, Tool)] = &[
            ("docker:", Tool::DockerCli),
            ("Error response from daemon", Tool::Daemon),
            ("OCI runtime create failed", Tool::Shim),
            ("OCI runtime exec failed", Tool::Shim),
            ("OCI runtime start failed", Tool::Shim),
            ("failed to create shim", Tool::Containerd),
            ("failed to create task", Tool::Containerd),
            ("failed to pull and unpack", Tool::Containerd),
            ("runc", Tool::Runc),
            ("container_linux.go", Tool::Runc),
            ("standard_init_linux.go", Tool::Runc),
            ("unable to start container process", Tool::Runc),
            ("error during container init", Tool::Runc),
            ("crun", Tool::Crun),
            ("Error: ", Tool::Podman),
            ("Failed to pull image", Tool::Kubelet),
            ("Failed to create pod sandbox", Tool::Kubelet),
            ("failed to solve", Tool::Buildkit),
            ("did not complete successfully", Tool::Buildkit),
            ("toomanyrequests", Tool::Registry),
            ("manifest unknown", Tool::Registry),
            ("denied", Tool::Registry),
            ("unauthorized", Tool::Registry),
        ];
        SIGNS
            .iter()
            .find(|(sign, _)| layer.contains(sign))
            .map(|&(_, tool)| tool)
    }
}

/// One layer of a Go error chain (`outer: inner: cause`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// The layer's text.
    pub text: String,
    /// The tool that printed it, where the words tell.
    pub tool: Option<Tool>,
}

/// Splits a line into its Go error-chain layers at `: `, keeping quoted strings, URLs and image
/// references whole.
pub fn layers(line: &str) -> Vec<Layer> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth = (depth - 1).max(0),
            (None, ':') if depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                push_layer(&mut out, &line[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    push_layer(&mut out, &line[start..]);
    out
}

fn push_layer(out: &mut Vec<Layer>, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        out.push(Layer {
            text: text.to_string(),
            tool: Tool::of(text),
        });
    }
}

/// The gRPC class containerd appends (`: unknown`) carries no cause of its own.
fn is_class_suffix(text: &str) -> bool {
    matches!(
        text.trim_end_matches('.'),
        "unknown" | "not found" | "already exists" | "failed precondition" | "internal" | "unavailable"
    )
}

fn looks_like_error(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "error",
        "failed",
        "denied",
        "not found",
        "cannot",
        "unable",
        "no such",
        "invalid",
        "refused",
        "timeout",
        "fatal",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalized::new(s).text().trim_end().to_string()
    }

    #[test]
    fn a_carriage_return_before_a_quote_is_kept_as_evidence() {
        assert_eq!(
            norm("env: can't execute 'bash\r': No such file or directory\n"),
            r"env: can't execute 'bash\r': No such file or directory"
        );
        assert_eq!(
            norm("exec: \"./run.sh\r\": no such file\r\n"),
            r#"exec: "./run.sh\r": no such file"#
        );
        // A redraw stays a line break.
        assert_eq!(norm("pulling 10%\rpulling 90%\rdone"), "pulling 10%\npulling 90%\ndone");
    }

    #[test]
    fn a_logfmt_value_keeps_quotes_whose_backslashes_were_lost() {
        let line = r#"time="2024-05-01T10:00:00Z" level=error msg="failed to start daemon" error="exec: "containerd-shim": executable file not found in $PATH" module=libcontainerd"#;
        assert_eq!(
            norm(line),
            r#"failed to start daemon: exec: "containerd-shim": executable file not found in $PATH"#
        );
        let plain = r#"time="2024-05-01T10:00:00Z" level=error msg="a "quoted" word" error="x""#;
        assert_eq!(norm(plain), r#"a "quoted" word: x"#);
    }

    #[test]
    fn lines_cut_to_one_width_are_not_joined_onto_the_next_record() {
        let cut = |s: &str| format!("{s:.<120}");
        let a =
            cut("Nov 29 10:00:01 node1 dockerd[812]: time=\"2024-05-01T10:00:01Z\" level=warning msg=\"first record");
        let b =
            cut("Nov 29 10:00:02 node1 dockerd[812]: time=\"2024-05-01T10:00:02Z\" level=warning msg=\"second record");
        let text = format!("{a}\n{b}\nNov 29 10:00:03 node1 dockerd[812]: third\n");
        assert_eq!(Normalized::new(&text).lines().len(), 3);
        // A terminal's wrap is still undone.
        let wrapped = format!(
            "{}\ncontinued here\n{}\n",
            cut("docker: Error response from daemon: a long"),
            cut("and another")
        );
        let lines = Normalized::new(&wrapped);
        assert_eq!(lines.lines().len(), 2);
        assert!(lines.lines()[0].text.contains("continued here"));
    }

    #[test]
    fn strips_colour_codes_and_carriage_returns() {
        assert_eq!(norm("\x1b[31mError\x1b[0m: boom\r\n"), "Error: boom");
        assert_eq!(norm("\x1b]0;title\x07ok"), "ok");
        assert_eq!(norm("half\x1b["), "half");
    }

    #[test]
    fn collapses_nested_runc_quoting() {
        let raw = r#"caused \"exec: \\\"/bin/sh\\\": stat /bin/sh: no such file or directory\""#;
        assert_eq!(
            norm(raw),
            r#"caused "exec: "/bin/sh": stat /bin/sh: no such file or directory""#
        );
    }

    #[test]
    fn unwraps_logrus_with_escaped_quotes_and_err_field() {
        let raw = r#"time="2022-07-20T02:33:08Z" level=error msg="failed to get \"x\"" err="Error response from daemon: boom""#;
        assert_eq!(norm(raw), r#"failed to get "x": Error response from daemon: boom"#);
    }

    #[test]
    fn unwraps_level_prefix_journald_klog_buildkit_and_compose() {
        assert_eq!(norm("FATA[0000] needs CNI plugin"), "needs CNI plugin");
        assert_eq!(
            norm("Jun 23 19:46:42 labrat dockerd[32221]: unable to configure"),
            "unable to configure"
        );
        assert_eq!(norm("E0102 15:04:05.000000 1234 kubelet.go:12] failed x"), "failed x");
        assert_eq!(
            norm("#7 99.79 qemu: uncaught target signal 11"),
            "qemu: uncaught target signal 11"
        );
        assert_eq!(
            norm("users_1     | standard_init_linux.go:207: exec"),
            "standard_init_linux.go:207: exec"
        );
        assert_eq!(norm("2025-07-14T14:26:12Z #11 0.5 E: Unable"), "E: Unable");
    }

    #[test]
    fn unwraps_terraforms_box() {
        // kreuzwerker/terraform-provider-docker#44
        assert_eq!(
            norm("Error: Error initializing Docker client: protocol not available\n│\n│   with provider[\"registry.terraform.io/kreuzwerker/docker\"],\n│   on main.tf line 10, in provider \"docker\":"),
            "Error: Error initializing Docker client: protocol not available\nwith provider[\"registry.terraform.io/kreuzwerker/docker\"],\non main.tf line 10, in provider \"docker\":"
        );
    }

    #[test]
    fn json_logs_keep_the_detail_of_structured_fields() {
        let mongo = r#"{"t":{"$date":"2021-03-01T10:00:00.000+00:00"},"s":"E","c":"STORAGE","id":22435,"ctx":"initandlisten","msg":"WiredTiger error","attr":{"error":1,"message":"[1614592800:1][1:0x7f], connection: __posix_open_file, 808: /data/db/WiredTiger.wt: handle-open: open: Operation not permitted"}}"#;
        let n = Normalized::new(mongo);
        assert!(
            n.text().starts_with("WiredTiger error: [1614592800:1]") && n.text().contains("Operation not permitted"),
            "{}",
            n.text()
        );
        let auth = r#"{"t":{"$date":"2021-03-01T10:00:00.000+00:00"},"s":"I","c":"ACCESS","msg":"Authentication failed","attr":{"mechanism":"SCRAM-SHA-256","error":{"code":11,"codeName":"UserNotFound","errmsg":"Could not find user \"root\" for db \"admin\""}}}"#;
        let n = Normalized::new(auth);
        assert!(
            n.text()
                .contains("Authentication failed: UserNotFound: Could not find user"),
            "{}",
            n.text()
        );
    }

    #[test]
    fn typographic_quotes_become_plain() {
        let n =
            Normalized::new("failed to create containerd task: no runtime for \u{201c}nvidia\u{201d} is configured");
        assert!(
            n.text().contains(r#"no runtime for "nvidia" is configured"#),
            "{}",
            n.text()
        );
        let n = Normalized::new("can\u{2019}t find = in \u{2018}x\u{2019}");
        assert!(n.text().contains("can't find = in 'x'"), "{}", n.text());
    }

    #[test]
    fn strips_colour_codes_that_lost_their_escape() {
        let cases = [
            ("^[[31mERROR^[[0m: failed to solve", "ERROR: failed to solve"),
            ("[0;31mError:[0m no such container", "Error: no such container"),
            ("[2K[1A[+] Building 0.4s (3/8)", "[+] Building 0.4s (3/8)"),
            ("[internal] load metadata", "[internal] load metadata"),
            ("exit code [1]", "exit code [1]"),
            ("^[[?25lspinner^[[?25h", "spinner"),
        ];
        for (pasted, want) in cases {
            assert_eq!(strip_pasted_ansi(pasted.to_string()), want, "{pasted}");
        }
    }

    #[test]
    fn joins_lines_a_terminal_wrapped_at_its_width() {
        // Real docker v28 output, cut every 80 characters as an 80-column terminal shows it.
        let line = "docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"/bin/sh\": stat /bin/sh: no such file or directory: unknown";
        let chars: Vec<char> = line.chars().collect();
        let wrapped: Vec<String> = chars.chunks(80).map(|c| c.iter().collect()).collect();
        let n = Normalized::new(&format!(
            "{}\n\nRun 'docker run --help' for more information\n",
            wrapped.join("\n")
        ));
        assert_eq!(n.lines()[0].text, line.replace("\\\"", "\""), "{:?}", n.lines());
        assert_eq!(n.lines()[1].number, wrapped.len() + 2);
    }

    #[test]
    fn joins_a_go_error_chain_broken_after_a_separator() {
        // docker-library/postgres#386, as pasted: broken at word boundaries after `: `.
        let text = "docker: Error response from daemon: oci runtime error: container_linux.go:247: \nstarting container process caused \"exec: \\\"docker-entrypoint.sh\\\": \nexecutable file not found  in $PATH\".\n";
        let n = Normalized::new(text);
        assert_eq!(n.lines().len(), 1, "{:?}", n.lines());
        assert!(
            n.text()
                .contains(r#"exec: "docker-entrypoint.sh": executable file not found in $PATH"#),
            "{}",
            n.text()
        );
    }

    #[test]
    fn typographic_quotes_become_ascii() {
        assert_eq!(
            norm("exec user process caused \u{201C}no such file or directory\u{201D}"),
            r#"exec user process caused "no such file or directory""#
        );
        assert_eq!(
            norm("env: \u{2018}bash\\r\u{2019}: No such file"),
            r"env: 'bash\r': No such file"
        );
    }

    #[test]
    fn repeated_long_lines_are_not_taken_for_a_wrap() {
        let line = "ERROR: for web  Cannot start service web: driver failed programming external connectivity";
        let n = Normalized::new(&format!("{line}\n{line}\nfoo\n"));
        assert_eq!(n.lines().len(), 3);
    }

    #[test]
    fn unwraps_json_log_lines() {
        assert_eq!(norm(r#"{"log":"boom\n","stream":"stderr"}"#), "boom");
    }

    #[test]
    fn kubectl_events_rows_become_reason_and_message() {
        let raw = "Events:\n  Type     Reason   Age   From     Message\n  ----     ------   ----  ----     -------\n  Warning  Failed   17s (x2 over 31s)   kubelet  Error: configmap \"x\" not found";
        assert!(
            norm(raw).ends_with(r#"Failed: Error: configmap "x" not found"#),
            "{}",
            norm(raw)
        );
    }

    #[test]
    fn layers_keep_quotes_and_urls_whole() {
        let chain = layers(
            r#"docker: Error response from daemon: pull access denied for "a: b", repository https://x.io/v2/: denied"#,
        );
        let texts: Vec<_> = chain.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "docker",
                "Error response from daemon",
                r#"pull access denied for "a: b", repository https://x.io/v2/"#,
                "denied"
            ]
        );
        assert_eq!(chain[1].tool, Some(Tool::Daemon));
    }

    #[test]
    fn innermost_error_skips_the_grpc_class() {
        let n = Normalized::new("OCI runtime create failed: runc create failed: something odd happened: unknown");
        assert_eq!(
            n.innermost_error().map(|(_, l)| l.text),
            Some("something odd happened".into())
        );
    }
}
