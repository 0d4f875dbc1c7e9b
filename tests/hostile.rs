//! Hostile input over the built binary: empty, huge, binary, badly encoded, deeply nested or
//! escape-flooded text, odd line ends, unreadable files and a closed stdout. Whatever comes in,
//! ocidoctor exits 0, 1 or 2 within a time limit and never panics.
//!
//! Each run is timed and printed (`cargo test --test hostile -- --nocapture` shows the figures);
//! a run past its limit is killed and fails its test instead of hanging the suite.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Limit for one run. Measured on a 2-core machine, the slowest run (a million short lines, or
/// an error after 200 MB of progress lines) takes under 1 s with `--release` and 3-6 s in a debug
/// build (up to 10 s while other builds run), so debug gets more room; either way a hang fails.
const LIMIT: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(40)
} else {
    Duration::from_secs(20)
};

/// One run at a time: the runs are timed, and parallel test threads would time each other.
static SERIAL: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    // A test that failed while holding the lock does not make the others fail.
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

const CONFLICT: &str = r#"docker: Error response from daemon: Conflict. The container name "/web" is already in use by container "0270fbfd68911886f1121168e84fff95d067257761395b3e478b7409c3124a3e". You have to remove (or rename) that container to be able to reuse that name."#;
const CONFLICT_RULE: &str = "runtime/container-name-in-use";
const NO_SHELL: &str = r#"docker: Error response from daemon: OCI runtime create failed: container_linux.go:346: starting container process caused "exec: \"/bin/sh\": stat /bin/sh: no such file or directory": unknown."#;

/// What the binary reads.
enum Stdin {
    Bytes(Vec<u8>),
    /// The file itself as stdin (the binary may seek in it).
    File(PathBuf),
    /// The file's bytes through a pipe, as `cat file | ocidoctor` gives them.
    Piped(PathBuf),
}

/// One finished run.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// The rule of the top diagnosis of a `--format json` run.
    fn top_rule(&self) -> Option<String> {
        let doc: serde_json::Value =
            serde_json::from_slice(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout()));
        doc["diagnoses"][0]["rule"].as_str().map(str::to_string)
    }
}

/// The binary with an environment that cannot change its behaviour.
fn ocidoctor(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ocidoctor"));
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("COLUMNS", "100");
    cmd
}

/// Runs the binary on `stdin` with `args`, killing it past `limit`; checks that it exited by
/// itself with 0, 1 or 2 and printed no panic.
fn run(name: &str, args: &[&OsStr], stdin: Stdin, limit: Duration) -> Run {
    let _serial = one_at_a_time();
    let home = tempfile::tempdir().expect("temp dir");
    let mut cmd = ocidoctor(home.path());
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let (mut child, writer) = match stdin {
        Stdin::File(path) => {
            let file = std::fs::File::open(&path).expect("open stdin file");
            (cmd.stdin(file).spawn().expect("spawn ocidoctor"), None)
        }
        Stdin::Bytes(bytes) => {
            let mut child = cmd.stdin(Stdio::piped()).spawn().expect("spawn ocidoctor");
            let mut pipe = child.stdin.take().expect("stdin piped");
            // The binary may stop reading early; a broken pipe here is not the test's failure.
            let writer = std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            });
            (child, Some(writer))
        }
        Stdin::Piped(path) => {
            let mut child = cmd.stdin(Stdio::piped()).spawn().expect("spawn ocidoctor");
            let mut pipe = child.stdin.take().expect("stdin piped");
            let writer = std::thread::spawn(move || {
                if let Ok(mut file) = std::fs::File::open(&path) {
                    let _ = std::io::copy(&mut file, &mut pipe);
                }
            });
            (child, Some(writer))
        }
    };
    let stdout = drain(child.stdout.take().expect("stdout piped"));
    let stderr = drain(child.stderr.take().expect("stderr piped"));
    let status = wait(&mut child, name, limit);
    let took = start.elapsed();
    if let Some(w) = writer {
        w.join().expect("stdin writer");
    }
    let run = Run {
        code: status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: String::from_utf8_lossy(&stderr.join().expect("stderr reader")).into_owned(),
    };
    eprintln!("hostile: {name}: exit {} in {took:.2?}", run.code);
    assert_no_panic(name, &run.stderr);
    assert!(
        (0..=2).contains(&run.code),
        "{name}: exit status {} (want 0, 1 or 2); stderr:\n{}",
        run.code,
        run.stderr
    );
    run
}

/// Reads a pipe to its end on another thread, so that neither pipe can fill up and block.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

/// Waits for `child` to exit; past `limit` kills it and fails. Returns its exit code.
fn wait(child: &mut Child, name: &str, limit: Duration) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for ocidoctor") {
            return status
                .code()
                .unwrap_or_else(|| panic!("{name}: killed by a signal ({status})"));
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name}: still running after {limit:?}: a hang, or far too slow");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn assert_no_panic(name: &str, stderr: &str) {
    assert!(
        !stderr.contains("panicked at") && !stderr.contains("RUST_BACKTRACE"),
        "{name}: panic on stderr:\n{stderr}"
    );
}

fn bytes(s: impl Into<Vec<u8>>) -> Stdin {
    Stdin::Bytes(s.into())
}

fn json() -> Vec<&'static OsStr> {
    vec![OsStr::new("--format"), OsStr::new("json")]
}

/// A small deterministic generator (xorshift), so a failure reproduces.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Writes `chunk` repeated to `total` bytes into a temporary file.
fn big_file(dir: &Path, chunk: &[u8], total: usize) -> PathBuf {
    let path = dir.join("big.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create big file"));
    let block = chunk.repeat((1 << 20) / chunk.len() + 1);
    let mut written = 0;
    while written < total {
        let n = block.len().min(total - written);
        file.write_all(&block[..n]).expect("write big file");
        written += n;
    }
    file.flush().expect("flush big file");
    path
}

#[test]
fn empty_input_says_no_known_cause_with_exit_1() {
    for args in [vec![], json(), vec![OsStr::new("--format"), OsStr::new("markdown")]] {
        let out = run("empty input", &args, bytes(""), LIMIT);
        assert_eq!(out.code, 1, "stdout:\n{}", out.stdout());
        if args.is_empty() {
            assert!(out.stdout().contains("no known cause"), "stdout:\n{}", out.stdout());
        }
    }
    let out = run("empty input, json", &json(), bytes(""), LIMIT);
    assert_eq!(out.top_rule(), None);
}

#[test]
fn whitespace_only_input_says_no_known_cause_with_exit_1() {
    for text in [
        " ",
        "\n",
        "\n\n\n",
        "\t \t\r\n\r\n",
        "\r",
        "\u{a0}\u{2003}\n",
        "\x0b\x0c",
    ] {
        let out = run(&format!("whitespace {text:?}"), &[], bytes(text), LIMIT);
        assert_eq!(out.code, 1, "{text:?}: stdout:\n{}", out.stdout());
        assert!(
            out.stdout().contains("no known cause"),
            "{text:?}: stdout:\n{}",
            out.stdout()
        );
    }
}

#[test]
fn a_200_mb_single_line_finishes_in_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = big_file(dir.path(), b"docker: Error response from daemon: \"x\": ", 200 << 20);
    // Through a pipe (read in chunks, the start dropped), as a file on stdin and as an argument.
    let out = run(
        "200 MB single line through a pipe",
        &[],
        Stdin::Piped(path.clone()),
        LIMIT,
    );
    assert!(out.code == 0 || out.code == 1);
    let out = run(
        "200 MB single line as a file on stdin",
        &[],
        Stdin::File(path.clone()),
        LIMIT,
    );
    assert!(out.code == 0 || out.code == 1);
    let out = run("200 MB single line as FILE", &[path.as_os_str()], bytes(""), LIMIT);
    assert!(out.code == 0 || out.code == 1);
}

#[test]
fn an_error_after_200_mb_of_noise_is_still_diagnosed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = big_file(dir.path(), b"Downloading [=====>       ] 12.3MB/45.6MB\n", 200 << 20);
    let mut file = std::fs::OpenOptions::new().append(true).open(&path).expect("append");
    writeln!(file, "{CONFLICT}").expect("append the error");
    drop(file);
    let out = run(
        "error after 200 MB of progress lines, piped",
        &json(),
        Stdin::Piped(path.clone()),
        LIMIT,
    );
    assert_eq!(out.code, 0);
    assert_eq!(out.top_rule().as_deref(), Some(CONFLICT_RULE));
    let args = [json(), vec![path.as_os_str()]].concat();
    let out = run("error after 200 MB of progress lines, FILE", &args, bytes(""), LIMIT);
    assert_eq!(out.code, 0);
    assert_eq!(out.top_rule().as_deref(), Some(CONFLICT_RULE));
}

#[test]
fn a_million_short_lines_finish_in_time() {
    let plain: String = (0..1_000_000).map(|i| format!("l{i}\n")).collect();
    let out = run("a million short plain lines", &[], bytes(plain), LIMIT);
    assert_eq!(out.code, 1);

    // Short lines that look like errors and fire rules, each a little different.
    let shapes = [
        "Error: exit status 1",
        "ERRO[0000] error waiting for container: context canceled",
        "#5 0.42 E: Unable to locate package curl",
        "exec /app: exec format error",
        "Killed",
        "error: x: y: z",
    ];
    let noisy: String = (0..1_000_000)
        .map(|i| format!("{} {i}\n", shapes[i % shapes.len()]))
        .collect();
    let out = run("a million short error lines", &[], bytes(noisy), LIMIT);
    assert!(out.code == 0 || out.code == 1);
}

#[test]
fn binary_data_with_nul_bytes_is_read_without_panic() {
    let mut data = noise(4 << 20, 0x9e37_79b9_7f4a_7c15);
    for (i, b) in data.iter_mut().enumerate() {
        if i % 7 == 0 {
            *b = 0; // plenty of NULs
        }
    }
    let out = run("4 MiB of random bytes with NULs", &[], bytes(data.clone()), LIMIT);
    assert!(out.code == 0 || out.code == 1);

    // A real error after binary junk (a `docker logs` of a binary stream) is still found.
    data.extend_from_slice(b"\n");
    data.extend_from_slice(CONFLICT.as_bytes());
    data.extend_from_slice(b"\n\0\0\0");
    let out = run("error after random bytes", &json(), bytes(data), LIMIT);
    assert_eq!(out.top_rule().as_deref(), Some(CONFLICT_RULE));
}

#[test]
fn invalid_utf8_around_a_real_error_does_not_hide_it() {
    let invalid: [&[u8]; 6] = [
        b"\xff\xfe",         // not UTF-8 at all (a UTF-16 BOM)
        b"\xc0\xaf",         // overlong encoding
        b"\xed\xa0\x80",     // an encoded surrogate
        b"\xf8\x88\x80\x80", // five-byte form
        b"\xe2\x82",         // cut short
        b"\x80\x80\x80",     // lone continuation bytes
    ];
    for bad in invalid {
        let mut data = bad.to_vec();
        data.push(b'\n');
        data.extend_from_slice(CONFLICT.as_bytes());
        data.push(b'\n');
        data.extend_from_slice(bad);
        let out = run(&format!("invalid UTF-8 {bad:x?}"), &json(), bytes(data), LIMIT);
        assert_eq!(out.code, 0, "{bad:x?}: {}", out.stdout());
        assert_eq!(out.top_rule().as_deref(), Some(CONFLICT_RULE), "{bad:x?}");
    }
}

#[test]
fn a_multibyte_char_across_the_64_kib_line_limit_does_not_panic() {
    // Line lengths chosen so that byte 65,536 falls inside a 2-, 3- and 4-byte character.
    for (prefix, ch) in [
        ("a", "é"),
        ("a", "€"),
        ("ab", "€"),
        ("a", "🐳"),
        ("ab", "🐳"),
        ("abc", "🐳"),
    ] {
        let line = format!("{prefix}{}: {CONFLICT}\n", ch.repeat(70_000 / ch.len()));
        let out = run(&format!("{prefix}+{ch} across 64 KiB"), &[], bytes(line), LIMIT);
        assert!(out.code == 0 || out.code == 1);
    }
}

#[test]
fn the_16_mib_cut_through_a_multibyte_char_does_not_panic() {
    let mut data = b"a".to_vec();
    data.extend_from_slice("🐳".repeat((16 << 20) / 4 + 1).as_bytes());
    data.extend_from_slice(b"\n");
    data.extend_from_slice(CONFLICT.as_bytes());
    let out = run("16 MiB cut inside a character", &json(), bytes(data), LIMIT);
    assert_eq!(out.top_rule().as_deref(), Some(CONFLICT_RULE));
}

#[test]
fn ten_thousand_levels_of_nested_quoting_finish_in_time() {
    let depth = 10_000;
    // One escape level, ten thousand quotes deep: `caused \"caused \"...exec: ...\"\"`.
    let flat = format!(
        "{}exec: \\\"/bin/sh\\\": stat /bin/sh: no such file or directory{}",
        "caused \\\"".repeat(depth),
        "\\\"".repeat(depth)
    );
    let out = run("10,000 nested \\\" quotes", &[], bytes(flat), LIMIT);
    assert!(out.code == 0 || out.code == 1);

    // Each level escaped once more than the one outside it, as old runc chains grow: the
    // backslashes double per level. Twelve levels (a 17 KB line) are still diagnosed; fifteen
    // (131 KB) pass the 64 KiB line limit, which must end the search quietly.
    for (levels, diagnosed) in [(12, true), (15, false)] {
        let mut inner = "exec: \"/bin/sh\": stat /bin/sh: no such file or directory".to_string();
        for _ in 0..levels {
            inner = format!(
                "starting container process caused \"{}\"",
                inner.replace('\\', "\\\\").replace('"', "\\\"")
            );
        }
        let text = format!("docker: Error response from daemon: OCI runtime create failed: {inner}: unknown.");
        let out = run(
            &format!("{levels} levels of doubling escapes"),
            &json(),
            bytes(text),
            LIMIT,
        );
        if diagnosed {
            assert_eq!(out.top_rule().as_deref(), Some("runtime/no-shell-in-image"));
        }
    }

    // Ten thousand levels whose escapes grow by one backslash each: 50 MB, cut to 16 MiB.
    let mut growing = String::new();
    for level in 0..depth {
        growing.push_str("caused ");
        growing.push_str(&"\\".repeat(level));
        growing.push('"');
    }
    let out = run("10,000 levels of growing escapes", &[], bytes(growing), LIMIT);
    assert!(out.code == 0 || out.code == 1);
}

#[test]
fn a_flood_of_ansi_escape_codes_does_not_hide_the_error() {
    let codes = [
        "\x1b[1;31m",
        "\x1b[0m",
        "\x1b[2K",
        "\x1b[1A",
        "\x1b[?25l",
        "\x1b]0;title\x07",
        "\x1b(B",
        "\x1b[38;2;255;0;0m",
    ];
    let line: String = codes.iter().cycle().take(20).copied().collect();
    let mut text = format!("{line}\n").repeat(100_000);
    // Colour codes inside the error's own words, as a coloured CLI prints it.
    text.push_str(&format!(
        "\x1b[31mdocker\x1b[0m: Error response from daemon: \x1b[1mConflict\x1b[0m.{}\n",
        CONFLICT.split_once("Conflict.").map_or("", |(_, rest)| rest)
    ));
    let out = run("100,000 lines of ANSI codes", &json(), bytes(text), LIMIT);
    assert_eq!(out.code, 0, "{}", out.stdout());
    assert_eq!(out.top_rule().as_deref(), Some(CONFLICT_RULE));

    // One 16 MiB line of nothing but codes.
    let flood = "\x1b[1;31m\x1b[0m".repeat((16 << 20) / 11);
    let out = run("a 16 MiB line of ANSI codes", &[], bytes(flood), LIMIT);
    assert_eq!(out.code, 1);
}

#[test]
fn a_truncated_escape_at_the_end_keeps_the_error() {
    for tail in [
        "\x1b",
        "\x1b[",
        "\x1b[38;5;",
        "\x1b]8;;https://example.com/",
        "\x1b]0;title\x1b",
        "\x1bP",
    ] {
        for sep in ["\n", ""] {
            let text = format!("{CONFLICT}{sep}{tail}");
            let out = run(
                &format!("truncated escape {tail:?}, sep {sep:?}"),
                &json(),
                bytes(text),
                LIMIT,
            );
            assert_eq!(out.code, 0, "{tail:?} {sep:?}: {}", out.stdout());
            assert_eq!(out.top_rule().as_deref(), Some(CONFLICT_RULE), "{tail:?} {sep:?}");
        }
    }
}

#[test]
fn crlf_and_lone_cr_line_ends_are_still_diagnosed() {
    let see = "See 'docker run --help'.";
    let cases = [
        ("CRLF", format!("{CONFLICT}\r\n{see}\r\n")),
        ("CRLF, no final line end", format!("Unable to find image\r\n{CONFLICT}")),
        (
            "lone CR",
            format!("Pulling fs layer\rDownloading 50%\r{CONFLICT}\r{see}\r"),
        ),
        ("CR CR LF", format!("{CONFLICT}\r\r\n{see}\r\r\n")),
        ("LF CR", format!("{CONFLICT}\n\r{see}\n\r")),
        (
            "progress bar redrawn with CR",
            format!("{}\n{CONFLICT}\n", "\r[====>    ] 10%".repeat(50_000)),
        ),
    ];
    for (name, text) in cases {
        let out = run(name, &json(), bytes(text), LIMIT);
        assert_eq!(out.code, 0, "{name}: {}", out.stdout());
        assert_eq!(out.top_rule().as_deref(), Some(CONFLICT_RULE), "{name}");
    }
}

#[test]
fn a_directory_as_file_is_exit_2_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run("directory as FILE", &[dir.path().as_os_str()], bytes(""), LIMIT);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(&*dir.path().to_string_lossy()),
        "stderr:\n{}",
        out.stderr
    );
    assert!(out.stdout.is_empty(), "stdout:\n{}", out.stdout());
}

#[test]
fn a_missing_file_is_exit_2_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-build.log");
    let out = run("missing FILE", &[missing.as_os_str()], bytes(""), LIMIT);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no-such-build.log"), "stderr:\n{}", out.stderr);

    // Alongside a good file, the bad one still fails the run and is named.
    let good = dir.path().join("good.log");
    std::fs::write(&good, CONFLICT).expect("write good file");
    let out = run(
        "good and missing FILE",
        &[good.as_os_str(), missing.as_os_str()],
        bytes(""),
        LIMIT,
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no-such-build.log"), "stderr:\n{}", out.stderr);
}

#[test]
fn special_files_as_file_do_not_hang_or_panic() {
    let out = run("/dev/null as FILE", &[OsStr::new("/dev/null")], bytes(""), LIMIT);
    assert_eq!(out.code, 1);
    let out = run("- with empty stdin", &[OsStr::new("-")], bytes(""), LIMIT);
    assert_eq!(out.code, 1);
    let out = run("- twice", &[OsStr::new("-"), OsStr::new("-")], bytes(CONFLICT), LIMIT);
    assert_eq!(out.code, 2);
}

/// `ocidoctor ... | head -1`: the reader goes away after one line, or before anything is written.
#[test]
fn a_closed_stdout_is_a_normal_end() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("conflict.log");
    std::fs::write(&file, format!("{CONFLICT}\n{NO_SHELL}\n")).expect("write input");
    // Many inputs, so the output is far larger than a pipe holds and writing it must fail.
    let many: Vec<&OsStr> = std::iter::repeat_n(file.as_os_str(), 300).collect();
    let commands: Vec<(&str, Vec<&OsStr>)> = vec![
        ("human", many.clone()),
        ("json", [json(), many.clone()].concat()),
        (
            "markdown",
            [vec![OsStr::new("--format"), OsStr::new("markdown")], many.clone()].concat(),
        ),
        ("all", [vec![OsStr::new("--all")], many.clone()].concat()),
        ("rules list", vec![OsStr::new("rules"), OsStr::new("list")]),
        ("explain", vec![OsStr::new("explain"), OsStr::new(CONFLICT_RULE)]),
    ];
    for (name, args) in commands {
        for read_first_line in [true, false] {
            let _serial = one_at_a_time();
            let home = tempfile::tempdir().expect("temp dir");
            let start = Instant::now();
            let mut child = ocidoctor(home.path())
                .args(&args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn ocidoctor");
            let mut stdout = child.stdout.take().expect("stdout piped");
            if read_first_line {
                let mut byte = [0u8; 1];
                while stdout.read(&mut byte).is_ok_and(|n| n == 1) && byte[0] != b'\n' {}
            }
            drop(stdout);
            let stderr = drain(child.stderr.take().expect("stderr piped"));
            let label = format!("closed stdout, {name}, after first line: {read_first_line}");
            let code = wait(&mut child, &label, LIMIT);
            let stderr = String::from_utf8_lossy(&stderr.join().expect("stderr reader")).into_owned();
            eprintln!("hostile: {label}: exit {code} in {:.2?}", start.elapsed());
            assert_no_panic(&label, &stderr);
            assert!(code == 0 || code == 1, "{label}: exit {code}; stderr:\n{stderr}");
            assert!(!stderr.contains("Broken pipe"), "{label}: stderr:\n{stderr}");
        }
    }
}

/// Line shapes that stress one normalisation step each (quotes, colons, escapes, log framing),
/// as one long line and as many short ones.
#[test]
fn pathological_line_shapes_finish_in_time() {
    let shapes = [
        ": ",
        "a: ",
        "\"",
        "\\\"",
        "\\\\\\\"",
        "caused \\\"",
        "\"a: b\": ",
        "(",
        "https://",
        "time=\"x\" level=error msg=\"",
        "level=error msg=\"a\\\" err=\"",
        "{\"log\":\"",
        "#5 1.234 ",
        "ERRO[0000] ",
        "web_1  | ",
        "  Warning  Failed  3s  kubelet  ",
        "\x1b[",
        "\t",
        "%",
        "\\u001b[31m",
    ];
    for shape in shapes {
        let long = shape.repeat((4 << 20) / shape.len());
        run(&format!("4 MiB line of {shape:?}"), &[], bytes(long), LIMIT);
        let mut short = format!("{}\n", shape.repeat(100 / shape.len() + 1)).repeat((4 << 20) / 100);
        short.push_str(CONFLICT);
        let out = run(
            &format!("4 MiB of short lines of {shape:?}"),
            &json(),
            bytes(short),
            LIMIT,
        );
        assert_eq!(out.code, 0, "{shape:?}");
    }
}
