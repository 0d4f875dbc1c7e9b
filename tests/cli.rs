//! The command line, end to end over the built binary: inputs, formats, exit codes, commands.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const NO_SHELL: &str = r#"docker: Error response from daemon: OCI runtime create failed: container_linux.go:346: starting container process caused "exec: \"/bin/sh\": stat /bin/sh: no such file or directory": unknown."#;
const NOTHING_FAILED: &str = "Using default tag: latest\nlatest: Pulling from library/alpine\nDigest: sha256:90305c9112250c7e3746425477f1c4ef112b03b4abe78c612e092037bfecc3b7\nStatus: Downloaded newer image for alpine:latest\n";

/// The binary with an environment that cannot change its output: no colour variables, no
/// user rules from the developer's home.
fn ocidoctor(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ocidoctor"));
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("COLUMNS", "100");
    cmd
}

fn run(args: &[&str], stdin: &str) -> Output {
    let home = tempfile::tempdir().expect("temp dir");
    run_in(home.path(), args, stdin)
}

fn run_in(home: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = ocidoctor(home)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ocidoctor");
    let mut pipe = child.stdin.take().expect("stdin piped");
    let text = stdin.to_string();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().expect("wait for ocidoctor");
    writer.join().expect("stdin writer");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "panic: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

#[test]
fn stdin_is_diagnosed_with_exit_status_0() {
    let out = run(&["--color", "never"], NO_SHELL);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("no shell at /bin/sh"), "{text}");
    assert!(text.contains("evidence, line 1"), "{text}");
    assert!(text.contains("ocidoctor explain runtime/no-shell-in-image"), "{text}");
    assert!(!text.contains('\x1b'), "colour with --color never: {text:?}");
}

#[test]
fn files_and_dash_are_read_and_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("err.log");
    std::fs::write(&file, NO_SHELL).expect("write input");
    let out = run(
        &["--format", "json", file.to_str().expect("utf-8 path"), "-"],
        NOTHING_FAILED,
    );
    assert_eq!(out.status.code(), Some(0), "one of two inputs diagnosed");
    let docs: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["diagnoses"][0]["rule"], "runtime/no-shell-in-image");
    assert_eq!(docs[1]["input"], "<stdin>");
    assert_eq!(docs[1]["diagnoses"].as_array().map(Vec::len), Some(0));
}

#[test]
fn json_contract_has_every_documented_field() {
    let out = run(&["--format", "json"], &format!("some noise\n{NO_SHELL}\n"));
    let doc = json(&out);
    assert_eq!(doc["version"], 1);
    let d = &doc["diagnoses"][0];
    for field in [
        "rule",
        "title",
        "stage",
        "category",
        "confidence",
        "explanation",
        "steps",
        "evidence",
        "references",
    ] {
        assert!(!d[field].is_null(), "missing `{field}` in {d}");
    }
    assert_eq!(d["stage"], "runtime");
    assert_eq!(d["category"], "missing-dependency");
    assert_eq!(d["confidence"], "high");
    assert_eq!(d["evidence"]["line"], 2);
    assert!(d["evidence"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("stat /bin/sh")));
    assert!(d["steps"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(d["references"][0].as_str().is_some_and(|r| r.starts_with("https://")));
}

#[test]
fn no_match_exits_1_with_innermost_layer_and_rule_skeleton() {
    let text = "Error response from daemon: frobnicator exploded: the widget count is negative: unknown\n";
    let out = run(&["--color", "never"], text);
    assert_eq!(out.status.code(), Some(1));
    let s = stdout(&out);
    assert!(s.contains("no known cause matched"), "{s}");
    assert!(s.contains("the widget count is negative"), "innermost layer shown: {s}");
    assert!(s.contains("match:") && s.contains("examples:"), "skeleton printed: {s}");
    let doc = json(&run(&["--format", "json"], text));
    assert_eq!(doc["diagnoses"].as_array().map(Vec::len), Some(0));
    assert_eq!(doc["innermost_error"]["text"], "the widget count is negative");
}

#[test]
fn success_output_gets_no_diagnosis() {
    let out = run(&[], NOTHING_FAILED);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn unreadable_input_exits_2_naming_the_file() {
    let out = run(&["/nonexistent/err.log"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/err.log"));
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&[dir.path().to_str().expect("utf-8 path")], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("directory"));
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(run(&["--format", "yaml"], "").status.code(), Some(2));
    assert_eq!(run(&["explain", "runtime/no-such-rule"], "").status.code(), Some(2));
}

#[test]
fn explain_shows_the_whole_entry_with_an_example() {
    let out = run(&["--color", "never", "explain", "runtime/no-shell-in-image"], "");
    assert_eq!(out.status.code(), Some(0));
    let s = stdout(&out);
    for part in [
        "runtime · missing-dependency",
        "Fix:",
        "See:",
        "Matches:",
        "Example, from",
    ] {
        assert!(s.contains(part), "`{part}` missing from:\n{s}");
    }
}

#[test]
fn rules_list_filters_by_stage_and_category() {
    let all = stdout(&run(&["rules", "list", "--format", "json"], ""));
    let all: Vec<serde_json::Value> = serde_json::from_str(&all).expect("JSON list");
    let filtered = stdout(&run(
        &[
            "rules",
            "list",
            "--format",
            "json",
            "--stage",
            "registry",
            "--category",
            "network",
        ],
        "",
    ));
    let filtered: Vec<serde_json::Value> = serde_json::from_str(&filtered).expect("JSON list");
    assert!(!filtered.is_empty() && filtered.len() < all.len());
    assert!(filtered
        .iter()
        .all(|r| r["stage"] == "registry" && r["category"] == "network"));
}

const GOOD_RULE: &str = r#"id: runtime/widget-negative
title: "The widget count went negative"
stage: runtime
category: configuration
confidence: medium
match:
  any:
    - 'the widget count is negative'
explanation: >
  Test rule.
steps:
  - "Set a positive widget count."
references:
  - https://docs.docker.com/
examples:
  - source: test
    text: "Error response from daemon: frobnicator exploded: the widget count is negative: unknown"
not:
  - "the widget count is positive"
"#;

#[test]
fn user_rules_load_from_the_config_folder_and_from_dash_dash_rules() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = home.path().join("config/ocidoctor/rules");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("widget.yaml"), GOOD_RULE).expect("write rule");
    let text = "frobnicator exploded: the widget count is negative\n";
    let out = run_in(home.path(), &["--format", "json"], text);
    assert_eq!(json(&out)["diagnoses"][0]["rule"], "runtime/widget-negative");

    let other = tempfile::tempdir().expect("temp dir");
    std::fs::write(other.path().join("w.yaml"), GOOD_RULE).expect("write rule");
    let out = run(
        &["--format", "json", "--rules", other.path().to_str().expect("utf-8")],
        text,
    );
    assert_eq!(json(&out)["diagnoses"][0]["rule"], "runtime/widget-negative");
}

#[test]
fn a_user_rule_with_a_builtin_id_replaces_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rule = GOOD_RULE
        .replace("runtime/widget-negative", "runtime/no-shell-in-image")
        .replace("the widget count is negative", "stat /bin/sh: no such file");
    std::fs::write(dir.path().join("x.yaml"), rule).expect("write rule");
    let out = run(
        &["--format", "json", "--rules", dir.path().to_str().expect("utf-8")],
        NO_SHELL,
    );
    assert_eq!(json(&out)["diagnoses"][0]["title"], "The widget count went negative");
}

#[test]
fn rules_check_reports_validated_missing_and_noisy() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("good.yaml"), GOOD_RULE).expect("write rule");
    let out = run(&["rules", "check", dir.path().to_str().expect("utf-8"), "-v"], "");
    let s = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{s}");
    assert!(s.contains("validated  runtime/widget-negative  example 1"), "{s}");

    let noisy = GOOD_RULE.replace("the widget count is positive", "oh, the widget count is negative again");
    std::fs::write(dir.path().join("good.yaml"), noisy).expect("write rule");
    let s = stdout(&run(&["rules", "check", dir.path().to_str().expect("utf-8")], ""));
    assert!(s.contains("noisy      runtime/widget-negative  not 1"), "{s}");

    let missing = GOOD_RULE.replace(
        "the widget count is negative: unknown",
        "the gadget count is negative: unknown",
    );
    std::fs::write(dir.path().join("good.yaml"), missing).expect("write rule");
    let out = run(&["rules", "check", dir.path().to_str().expect("utf-8")], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("missing    runtime/widget-negative  example 1"),
        "{}",
        stdout(&out)
    );
}

/// A pattern the screen cannot rule out still works, but `rules check` says it slows scans.
#[test]
fn rules_check_flags_a_pattern_with_no_literal_without_failing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().to_str().expect("utf-8");
    std::fs::write(dir.path().join("good.yaml"), GOOD_RULE).expect("write rule");
    assert!(!stdout(&run(&["rules", "check", path], "")).contains("slow"));

    let vague = GOOD_RULE.replace("'the widget count is negative'", "'n[a-z]g[a-z]t[a-z]ve'");
    std::fs::write(dir.path().join("good.yaml"), vague).expect("write rule");
    let out = run(&["rules", "check", path], "");
    let s = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{s}");
    assert!(
        s.contains("slow       runtime/widget-negative: `any` pattern 1 has no literal"),
        "{s}"
    );
}

#[test]
fn a_broken_user_rule_is_reported_with_file_line_and_field() {
    let cases = [
        (
            "invalid yaml",
            GOOD_RULE.replace(
                "title: \"The widget count went negative\"",
                "title: \"The widget count went negative",
            ),
            "bad.yaml",
        ),
        (
            "regex over the size limit",
            GOOD_RULE.replace("'the widget count is negative'", "'(?:[a-z]{50}|[0-9]{50}){1000}'"),
            "exceeds size limit",
        ),
        (
            "no example",
            GOOD_RULE[..GOOD_RULE.find("examples:").unwrap_or(0)].to_string(),
            "examples",
        ),
        (
            "unknown key",
            GOOD_RULE.replace("confidence: medium", "confidense: medium"),
            "confidense",
        ),
        (
            "bad regex",
            GOOD_RULE.replace("'the widget count is negative'", "'(unclosed'"),
            "match.any[0]",
        ),
        (
            "empty pattern",
            GOOD_RULE.replace("'the widget count is negative'", "'x*'"),
            "matches empty text",
        ),
        (
            "wrong type",
            GOOD_RULE.replace("steps:\n  - \"Set a positive widget count.\"", "steps: 3"),
            "steps",
        ),
        (
            "bad id",
            GOOD_RULE.replace("id: runtime/widget-negative", "id: Widget"),
            "field `id`",
        ),
    ];
    for (what, rule, needle) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("bad.yaml"), rule).expect("write rule");
        let out = run(&["--rules", dir.path().to_str().expect("utf-8")], NO_SHELL);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains("bad.yaml:") && err.contains(needle), "{what}: {err}");
        let line_col = err
            .split("bad.yaml:")
            .nth(1)
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.parse::<u32>().ok());
        assert!(line_col.is_some_and(|l| l > 0), "{what}: no line number in {err}");
        let out = run(&["rules", "check", dir.path().to_str().expect("utf-8")], "");
        assert_eq!(out.status.code(), Some(2), "{what}: rules check exits 2");
    }
}

#[test]
fn a_broken_rule_file_is_skipped_with_a_warning_and_the_rest_still_diagnose() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("good.yaml"), GOOD_RULE).expect("write rule");
    std::fs::write(dir.path().join("half-written.yaml"), "id: runtime/x\ntitle: \"unclosed").expect("write rule");
    let out = run(
        &["--format", "json", "--rules", dir.path().to_str().expect("utf-8")],
        "error: the widget count is negative",
    );
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains("runtime/widget-negative"),
        "the good rule still ran: {stdout}"
    );
    assert!(
        stderr.contains("skipped a rule file") && stderr.contains("half-written.yaml"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(2), "an error on the way exits 2, as grep does");
    // `rules check` stays strict.
    let out = run(&["rules", "check", dir.path().to_str().expect("utf-8")], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn two_user_rules_with_one_id_are_refused_naming_both_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.yaml"), GOOD_RULE).expect("write rule");
    std::fs::write(dir.path().join("b.yaml"), GOOD_RULE).expect("write rule");
    let out = run(&["--rules", dir.path().to_str().expect("utf-8")], NO_SHELL);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("b.yaml:1:") && err.contains("a.yaml") && err.contains("already used"),
        "{err}"
    );
}

#[test]
fn a_yaml_bomb_is_refused_quickly() {
    let laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
                  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n\
                  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n\
                  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    for (name, text) in [
        ("top level", format!("{laughs}{GOOD_RULE}")),
        (
            "inside a field",
            GOOD_RULE.replace(
                "not:\n  - \"the widget count is positive\"",
                &format!("not: *i\n{}", laughs.replace("a: &a", "x: &a")),
            ),
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("bomb.yaml"), text).expect("write rule");
        let start = std::time::Instant::now();
        let out = run(&["--rules", dir.path().to_str().expect("utf-8")], NO_SHELL);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("bomb.yaml"), "{name}");
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{name}: took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn closed_stdout_is_not_an_error() {
    let mut child = ocidoctor(Path::new("/nonexistent"))
        .args(["--all", "--color", "never"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(NO_SHELL.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.code().is_some_and(|c| c == 0 || c == 1), "{:?}", out.status);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn markdown_fences_the_evidence() {
    let s = stdout(&run(&["--format", "markdown"], NO_SHELL));
    assert!(s.contains("```text\ndocker: Error response"), "{s}");
    assert!(s.contains("**Fix**"), "{s}");
}

/// docker's proxy error quotes the proxy URL, credentials included (moby/moby#35853 shape).
const PROXY_WITH_PASSWORD: &str = "Error response from daemon: Get https://registry-1.docker.io/v2/: proxyconnect tcp: dial tcp: lookup http://proxyuser:Sup3rS3cretPw@proxy.corp.example:3128: no such host";

#[test]
fn credentials_in_evidence_are_masked_in_every_format_unless_no_redact() {
    for format in ["human", "json", "markdown"] {
        let out = run(&["--format", format, "--color", "never"], PROXY_WITH_PASSWORD);
        let s = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{format}: {s}");
        assert!(!s.contains("Sup3rS3cretPw"), "{format} leaks the password:\n{s}");
        assert!(
            s.contains("proxyuser:[REDACTED]@proxy.corp.example"),
            "{format} keeps the text readable:\n{s}"
        );
    }
    let raw = stdout(&run(&["--format", "json", "--no-redact"], PROXY_WITH_PASSWORD));
    assert!(raw.contains("Sup3rS3cretPw"), "--no-redact shows the raw text: {raw}");
}
