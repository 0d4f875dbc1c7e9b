//! ocidoctor opens no network connection and runs no program, except the user's own command
//! under `ocidoctor run`. Checked by tracing the real process with strace.

use std::path::Path;
use std::process::Command;

/// The system calls that open sockets or start programs, as strace saw them.
fn traced(args: &[&str]) -> Option<Vec<String>> {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("SKIPPED: strace is not installed");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("trace");
    let status = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=socket,connect,execve,execveat,fork,vfork,clone,clone3",
        ])
        .arg("-o")
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_ocidoctor"))
        .args(args)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run strace");
    if !status.success() && status.code() != Some(1) {
        // strace itself may be denied ptrace in a restricted container.
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.trim().is_empty() {
            eprintln!("SKIPPED: strace could not trace here ({status})");
            return None;
        }
    }
    let text = std::fs::read_to_string(&log).expect("strace log");
    Some(text.lines().map(str::to_string).collect())
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn diagnosing_opens_no_socket_and_starts_no_program() {
    let examples = example("distroless-no-shell.txt");
    for args in [
        vec![examples.as_str()],
        vec!["--format", "json", examples.as_str()],
        vec!["--scan", examples.as_str()],
        vec!["explain", "runtime/no-shell-in-image"],
        vec!["rules", "list"],
    ] {
        let Some(calls) = traced(&args) else { return };
        let execs: Vec<&String> = calls.iter().filter(|l| l.contains("execve(")).collect();
        assert_eq!(execs.len(), 1, "{args:?} started a program: {execs:#?}");
        assert!(execs[0].contains("ocidoctor"), "{args:?}: {execs:?}");
        let network: Vec<&String> = calls
            .iter()
            .filter(|l| l.contains("socket(") || l.contains("connect("))
            .collect();
        assert!(network.is_empty(), "{args:?} opened a socket: {network:#?}");
        let children: Vec<&String> = calls
            .iter()
            .filter(|l| l.contains("fork(") || (l.contains("clone") && !l.contains("CLONE_THREAD")))
            .collect();
        assert!(children.is_empty(), "{args:?} started a process: {children:#?}");
    }
}

#[test]
fn the_run_wrapper_starts_only_the_users_command() {
    let Some(calls) = traced(&["run", "--", "true"]) else {
        return;
    };
    let execs: Vec<&String> = calls
        .iter()
        .filter(|l| l.contains("execve(") && !l.contains("ENOENT"))
        .collect();
    assert_eq!(execs.len(), 2, "ocidoctor itself and `true`: {execs:#?}");
    assert!(execs[1].contains("true"), "{execs:?}");
    assert!(!calls.iter().any(|l| l.contains("connect(")), "{calls:#?}");
}
