//! The integrations over the built binary, without a terminal: `ocidoctor run` (exit codes,
//! live pass-through, bounded capture), `ocidoctor last`, `ocidoctor init` (sourcing it starts no
//! process), `ocidoctor setup docker|kubectl`, the Docker plugin's metadata, completions and the
//! man page. Pseudo-terminal tests are in tests/shells.rs and tests/docker_plugin.rs.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const NO_SHELL: &str = r#"docker: Error response from daemon: OCI runtime create failed: container_linux.go:346: starting container process caused "exec: \"/bin/sh\": stat /bin/sh: no such file or directory": unknown."#;
const NO_DAEMON: &str =
    "docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

fn exe() -> PathBuf {
    std::fs::canonicalize(env!("CARGO_BIN_EXE_ocidoctor")).expect("the built binary")
}

/// The binary in a clean environment rooted at `home`.
fn ocidoctor(home: &Path) -> Command {
    let mut cmd = Command::new(exe());
    isolate(&mut cmd, home);
    cmd
}

fn isolate(cmd: &mut Command, home: &Path) {
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("COLUMNS", "100")
        .stdin(Stdio::null());
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

#[test]
fn run_exits_with_the_commands_own_status() {
    let home = tempfile::tempdir().unwrap();
    let no_shell = format!("printf '%s\\n' '{}' >&2; exit 127", NO_SHELL.replace('\'', r"'\''"));
    // (command, expected status, a diagnosis expected on stderr)
    let cases: &[(&[&str], i32, Option<&str>)] = &[
        (&["sh", "-c", "echo fine"], 0, None),
        (&["sh", "-c", "echo plain failure >&2; exit 1"], 1, None),
        (
            &["sh", "-c", &format!("echo '{NO_DAEMON}' >&2; exit 125")],
            125,
            Some("The Docker daemon is not running"),
        ),
        (&["sh", "-c", &no_shell], 127, Some("The image has no shell at /bin/sh")),
        (&["ocidoctor-no-such-command-here"], 127, None),
        (&["sh", "-c", "kill -KILL $$"], 137, Some("Exit code 137")),
        (&["sh", "-c", "kill -TERM $$"], 143, None),
    ];
    for (command, status, diagnosis) in cases {
        let out = ocidoctor(home.path())
            .arg("run")
            .arg("--")
            .args(*command)
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(code(&out), Some(*status), "{command:?}: {stderr}");
        match diagnosis {
            Some(title) => {
                assert!(stderr.contains(title), "{command:?}: no diagnosis in {stderr}");
                assert!(stderr.contains("ocidoctor last"), "{command:?}: no hint in {stderr}");
                assert!(stderr.lines().count() < 16, "{command:?}: not compact: {stderr}");
            }
            None => assert!(!stderr.contains("ocidoctor: The"), "{command:?}: {stderr}"),
        }
    }
}

#[test]
fn a_successful_or_unknown_failure_costs_no_extra_output() {
    let home = tempfile::tempdir().unwrap();
    let out = ocidoctor(home.path())
        .args(["run", "--", "sh", "-c", "echo to-stdout; echo to-stderr >&2"])
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(0));
    assert_eq!(text(&out.stdout), "to-stdout\n");
    assert_eq!(text(&out.stderr), "to-stderr\n");
    assert!(
        !home.path().join("state/ocidoctor/last.json").exists(),
        "a success is not recorded"
    );
}

#[test]
fn run_passes_input_and_output_through() {
    let home = tempfile::tempdir().unwrap();
    let mut child = ocidoctor(home.path())
        .args(["run", "--", "sh", "-c", "read line; echo \"got $line\"; exit 4"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"hello\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stdout), "got hello\n");
    assert_eq!(code(&out), Some(4));
}

#[test]
fn run_passes_stderr_through_live() {
    let home = tempfile::tempdir().unwrap();
    let mut child = ocidoctor(home.path())
        .args(["run", "--", "sh", "-c", "echo first >&2; sleep 3; echo second >&2"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "first");
    let first_after = start.elapsed();
    assert!(
        first_after < Duration::from_secs(2),
        "the first line came only after {first_after:?}"
    );
    assert!(child.try_wait().unwrap().is_none(), "the command was still running");
    assert_eq!(lines.next().unwrap().unwrap(), "second");
    assert!(child.wait().unwrap().success());
}

/// A command that prints 100 MB on stderr, under a 150 MB address-space limit: the wrapper
/// must keep only a bounded tail (it would abort if it kept it all), yet still find the error
/// at the end.
#[test]
fn run_keeps_a_bounded_tail_of_100_mb() {
    let home = tempfile::tempdir().unwrap();
    let script = format!(
        "ulimit -v 150000 && exec '{}' run -- sh -c 'head -c 100000000 /dev/zero | tr \"\\0\" x >&2; echo >&2; echo \"{NO_DAEMON}\" >&2; exit 1'",
        exe().display()
    );
    let mut cmd = Command::new("bash");
    isolate(&mut cmd, home.path());
    let started = Instant::now();
    let out = cmd
        .args(["-c", &script])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = &out.stderr;
    assert_eq!(
        code(&out),
        Some(1),
        "{}",
        text(&stderr[stderr.len().saturating_sub(2000)..])
    );
    assert!(
        stderr.len() > 100_000_000,
        "everything passed through: {} bytes",
        stderr.len()
    );
    assert!(text(&stderr[stderr.len() - 2000..]).contains("The Docker daemon is not running"));
    let last: serde_json::Value =
        serde_json::from_slice(&std::fs::read(home.path().join("state/ocidoctor/last.json")).unwrap()).unwrap();
    let kept = last["output"].as_str().unwrap();
    assert!(kept.len() <= 256 * 1024, "kept {} bytes", kept.len());
    assert!(kept.ends_with(&format!("{NO_DAEMON}\n")));
    eprintln!("100 MB through the wrapper in {:?}", started.elapsed());
}

/// The copier's own small binary, which the hook prefers to `ocidoctor hook-tee`.
fn tee_exe() -> PathBuf {
    std::fs::canonicalize(env!("CARGO_BIN_EXE_ocidoctor-tee")).expect("the built copier")
}

#[test]
fn the_hooks_copier_keeps_a_bounded_tail_for_the_report_and_for_that_call_only() {
    copier_keeps_a_bounded_tail_for_that_call_only(&exe());
}

#[test]
fn the_copiers_own_binary_keeps_the_same_capture() {
    copier_keeps_a_bounded_tail_for_that_call_only(&tee_exe());
}

#[test]
fn the_copiers_own_binary_passes_everything_through_even_when_misused() {
    let home = tempfile::tempdir().unwrap();
    for args in [&["hook-tee", "12", "x7"][..], &["7", "8"], &[]] {
        let mut cmd = Command::new(tee_exe());
        isolate(&mut cmd, home.path());
        let mut child = cmd
            .args(args)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(NO_DAEMON.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(code(&out), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with(NO_DAEMON), "{args:?}: {err}");
        assert!(
            err.contains("usage: ocidoctor-tee hook-tee KEY TOKEN"),
            "{args:?}: {err}"
        );
    }
    assert!(!home.path().join("state/ocidoctor").exists(), "nothing saved");
}

/// What the bash and zsh hooks run for a call that draws nothing on a terminal: the command,
/// its stderr through `copier hook-tee` beside it, and `hook-report` only on failure.
fn copier_keeps_a_bounded_tail_for_that_call_only(copier: &Path) {
    let home = tempfile::tempdir().unwrap();
    let script = format!(
        "ulimit -v 150000; exe='{}'; copier='{}'; \
         sh -c 'head -c 20000000 /dev/zero | tr \"\\0\" x >&2; echo >&2; echo \"$0\" >&2; exit 125' \"$NO_DAEMON\" \
           2> >(exec \"$copier\" hook-tee $$ 41); s=$?; \
         \"$exe\" hook-report $$ 40 $s -- docker ps; echo wrong-token=$?; \
         \"$exe\" hook-report $$ 41 $s -- docker ps; echo right-token=$?; \
         \"$exe\" hook-report $$ 41 $s -- docker ps; echo taken-once=$?",
        exe().display(),
        copier.display()
    );
    let mut cmd = Command::new("bash");
    isolate(&mut cmd, home.path());
    let out = cmd
        .args(["-c", &script])
        .env("NO_DAEMON", NO_DAEMON)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&out.stdout), &out.stderr);
    assert_eq!(stdout, "wrong-token=125\nright-token=125\ntaken-once=125\n");
    assert!(
        stderr.len() > 20_000_000,
        "everything passed through: {} bytes",
        stderr.len()
    );
    let end = text(&stderr[stderr.len() - 3000..]);
    assert_eq!(end.matches("The Docker daemon is not running").count(), 1, "{end}");
    let last: serde_json::Value =
        serde_json::from_slice(&std::fs::read(home.path().join("state/ocidoctor/last.json")).unwrap()).unwrap();
    let kept = last["output"].as_str().unwrap();
    assert!(kept.len() <= 256 * 1024, "kept {} bytes", kept.len());
    assert!(kept.ends_with(&format!("{NO_DAEMON}\n")));
    assert_eq!(last["command"], serde_json::json!(["docker", "ps"]));
    // The capture was removed once read; the folder is the owner's only.
    let dir = home.path().join("state/ocidoctor");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("capture"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
}

#[test]
fn last_shows_the_full_report_in_every_format() {
    let home = tempfile::tempdir().unwrap();
    let out = ocidoctor(home.path()).arg("last").output().unwrap();
    assert_eq!(code(&out), Some(1));
    assert!(text(&out.stderr).contains("no failure recorded yet"));

    let fail = format!("echo '{NO_DAEMON}' >&2; exit 125");
    let out = ocidoctor(home.path())
        .args(["run", "--", "sh", "-c", &fail])
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(125));
    let human = ocidoctor(home.path())
        .args(["last", "--color", "never"])
        .output()
        .unwrap();
    let human_text = text(&human.stdout);
    assert_eq!(code(&human), Some(0), "{human_text}");
    assert!(human_text.starts_with("Last diagnosed failure: sh -c "), "{human_text}");
    assert!(human_text.contains("exit status 125"));
    assert!(human_text.contains("Fix:") && human_text.contains("ocidoctor explain engine/daemon-not-running"));

    let markdown = text(
        &ocidoctor(home.path())
            .args(["last", "--format", "markdown"])
            .output()
            .unwrap()
            .stdout,
    );
    assert!(markdown.starts_with("**Command:** `sh -c "), "{markdown}");
    assert!(
        markdown.contains("```text\n") && markdown.contains("\n1. "),
        "{markdown}"
    );

    let json = ocidoctor(home.path())
        .args(["last", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["exit_code"], 125);
    assert_eq!(doc["diagnoses"][0]["rule"], "engine/daemon-not-running");
    assert_eq!(doc["command"][0], "sh");

    let state = home.path().join("state/ocidoctor/last.json");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(state).unwrap().permissions().mode() & 0o777, 0o600);
}

/// Sourcing the hook must start no process: with PATH pointing nowhere, any external command
/// would fail with "command not found" on stderr.
#[test]
fn sourcing_the_shell_hook_starts_no_process() {
    let home = tempfile::tempdir().unwrap();
    let cases = [
        (
            "bash",
            vec!["--norc", "--noprofile", "-c"],
            "type -t docker; type -t docker-compose; type -t podman",
        ),
        ("zsh", vec!["-f", "-c"], "whence -w docker docker-compose podman"),
        (
            "fish",
            vec!["--no-config", "-c"],
            "functions -q docker docker-compose podman; and echo functions",
        ),
    ];
    for (shell, args, check) in cases {
        if which(shell).is_none() {
            println!("SKIPPED: {shell} is not installed (.ci/run installs it)");
            continue;
        }
        let code_text = text(&ocidoctor(home.path()).args(["init", shell]).output().unwrap().stdout);
        let load = if shell == "fish" {
            "set PATH /nonexistent; eval (string collect -- $OCIDOCTOR_INIT)".to_string()
        } else {
            "PATH=/nonexistent; eval \"$OCIDOCTOR_INIT\"".to_string()
        };
        let mut cmd = Command::new(which(shell).unwrap());
        isolate(&mut cmd, home.path());
        let out = cmd
            .args(&args)
            .arg(format!("{load}; {check}"))
            .env("OCIDOCTOR_INIT", &code_text)
            .output()
            .unwrap();
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(stderr, "", "{shell}: sourcing printed errors (a process was started?)");
        assert!(out.status.success(), "{shell}: {stdout}");
        assert!(
            stdout.contains("function") && !stdout.contains("none"),
            "{shell}: wrappers not defined: {stdout}"
        );
    }
}

#[test]
fn the_hook_list_and_the_off_switch_are_honoured() {
    let home = tempfile::tempdir().unwrap();
    let code_text = text(&ocidoctor(home.path()).args(["init", "bash"]).output().unwrap().stdout);
    let mut cmd = Command::new("bash");
    isolate(&mut cmd, home.path());
    let script = "OCIDOCTOR_COMMANDS='sh' eval \"$OCIDOCTOR_INIT\"; declare -F docker || echo docker-not-wrapped; \
                  sh -c 'echo \"$0\" >&2; exit 125' \"$NO_DAEMON\"; echo rc=$?; \
                  OCIDOCTOR_HOOK=off sh -c 'echo \"$0\" >&2; exit 125' \"$NO_DAEMON\"; echo rc=$?";
    let out = cmd
        .args(["--norc", "--noprofile", "-c", script])
        .env("OCIDOCTOR_INIT", &code_text)
        .env("NO_DAEMON", NO_DAEMON)
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(stdout, "docker-not-wrapped\nrc=125\nrc=125\n");
    assert_eq!(
        stderr.matches("The Docker daemon is not running").count(),
        1,
        "diagnosed once, then not when off: {stderr}"
    );
}

#[test]
fn setup_docker_keeps_every_other_key_and_undoes() {
    let home = tempfile::tempdir().unwrap();
    let config_dir = home.path().join("docker-config");
    std::fs::create_dir_all(config_dir.join("cli-plugins")).unwrap();
    let original = serde_json::json!({
        "auths": {"https://index.docker.io/v1/": {"auth": "dXNlcjpzZWNyZXQ="}, "ghcr.io": {}},
        "credHelpers": {"123.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"},
        "plugins": {"debug": {"hooks": "exec"}, "scout": {"hooks": "pull,buildx build"}},
        "features": {"hooks": "true"},
        "psFormat": "table {{.ID}}\\t{{.Names}}"
    });
    let config = config_dir.join("config.json");
    std::fs::write(&config, serde_json::to_string_pretty(&original).unwrap()).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let other_plugin = config_dir.join("cli-plugins/docker-other");
    std::fs::write(&other_plugin, "#!/bin/sh\n").unwrap();

    let setup = |args: &[&str]| {
        ocidoctor(home.path())
            .arg("setup")
            .args(args)
            .env("DOCKER_CONFIG", &config_dir)
            .output()
            .unwrap()
    };
    let out = setup(&["docker"]);
    assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
    let now: serde_json::Value = serde_json::from_slice(&std::fs::read(&config).unwrap()).unwrap();
    assert_eq!(now["plugins"]["doctor"]["hooks"], "run,pull,build,create,start,exec");
    assert_eq!(now["features"]["hooks"], "true");
    for key in ["auths", "credHelpers", "psFormat"] {
        assert_eq!(now[key], original[key], "{key} kept");
    }
    assert_eq!(now["plugins"]["debug"], original["plugins"]["debug"]);
    assert_eq!(now["plugins"]["scout"], original["plugins"]["scout"]);
    assert_eq!(std::fs::metadata(&config).unwrap().permissions().mode() & 0o777, 0o600);
    let link = config_dir.join("cli-plugins/docker-doctor");
    assert_eq!(std::fs::read_link(&link).unwrap(), exe());
    assert!(other_plugin.exists());

    let again = setup(&["docker"]);
    assert!(
        text(&again.stdout).contains("already set up"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&std::fs::read(&config).unwrap()).unwrap(),
        now,
        "idempotent"
    );

    let undo = setup(&["docker", "--undo"]);
    assert_eq!(code(&undo), Some(0), "{}", text(&undo.stderr));
    let after: serde_json::Value = serde_json::from_slice(&std::fs::read(&config).unwrap()).unwrap();
    assert_eq!(
        after, original,
        "--undo restores the config (other plugins still use hooks)"
    );
    assert!(link.symlink_metadata().is_err(), "the link is gone");
    assert!(other_plugin.exists());
}

/// `setup bash` saves the hook and has ~/.bashrc source it (once, keeping the rest of the file);
/// a new shell then wraps docker without starting ocidoctor; `--undo` puts everything back.
#[test]
fn setup_bash_saves_the_hook_and_sources_it() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_path_buf();
    let rc = home.join(".bashrc");
    std::fs::write(&rc, "alias ll='ls -l'\n").expect("write .bashrc");
    let setup = |args: &[&str]| {
        let out = ocidoctor(&home).arg("setup").args(args).output().expect("run setup");
        assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    assert!(setup(&["bash"]).contains("added"));
    assert!(setup(&["bash"]).contains("already set up"));
    let contents = std::fs::read_to_string(&rc).expect("read .bashrc");
    assert!(contents.starts_with("alias ll='ls -l'\n"), "{contents}");
    assert_eq!(contents.matches("ocidoctor hook").count(), 1, "{contents}");
    let mut bash = Command::new("bash");
    isolate(&mut bash, &home);
    let out = bash
        .args(["--rcfile", &rc.display().to_string(), "-i", "-c", "type -t docker"])
        .output()
        .expect("run bash");
    assert_eq!(text(&out.stdout).trim(), "function", "{}", text(&out.stderr));
    assert!(setup(&["bash", "--undo"]).contains("removed"));
    assert_eq!(
        std::fs::read_to_string(&rc).expect("read .bashrc"),
        "alias ll='ls -l'\n"
    );
    assert!(!home.join("config/ocidoctor/hook.bash").exists());
    // fish reads its conf.d folder on its own: the hook file is all there is.
    setup(&["fish"]);
    let fish = std::fs::read_to_string(home.join("config/fish/conf.d/ocidoctor.fish")).expect("fish hook");
    let init = ocidoctor(&home).args(["init", "fish"]).output().expect("run init");
    assert_eq!(fish, text(&init.stdout));
}

#[test]
fn setup_refuses_a_config_that_is_not_json() {
    let home = tempfile::tempdir().unwrap();
    let config_dir = home.path().join("dc");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(config_dir.join("config.json"), "{\"auths\": {").unwrap();
    let out = ocidoctor(home.path())
        .args(["setup", "docker"])
        .env("DOCKER_CONFIG", &config_dir)
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(2));
    assert!(text(&out.stderr).contains("not valid JSON"), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(config_dir.join("config.json")).unwrap(),
        "{\"auths\": {"
    );
}

#[test]
fn docker_plugin_metadata_and_arguments() {
    let home = tempfile::tempdir().unwrap();
    let plugin = home.path().join("docker-doctor");
    std::os::unix::fs::symlink(exe(), &plugin).unwrap();
    let mut cmd = Command::new(&plugin);
    isolate(&mut cmd, home.path());
    let out = cmd.arg("docker-cli-plugin-metadata").output().unwrap();
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(meta["SchemaVersion"], "0.1.0");
    assert_eq!(meta["Vendor"], "ocidoctor");

    let mut cmd = Command::new(&plugin);
    isolate(&mut cmd, home.path());
    let out = cmd
        .args(["doctor", "explain", "engine/daemon-not-running"])
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(0));
    assert!(text(&out.stdout).contains("The Docker daemon is not running"));

    let hook = |error: &str| {
        let mut cmd = Command::new(&plugin);
        isolate(&mut cmd, home.path());
        let request = serde_json::json!({"RootCmd": "run", "Flags": {}, "CommandError": error});
        cmd.args(["doctor", "docker-cli-plugin-hooks", &request.to_string()])
            .output()
            .unwrap()
    };
    let answer = hook(NO_DAEMON);
    assert_eq!(code(&answer), Some(0));
    let answer: serde_json::Value = serde_json::from_slice(&answer.stdout).unwrap();
    assert_eq!(answer["Type"], 0);
    assert!(answer["Template"]
        .as_str()
        .unwrap()
        .contains("The Docker daemon is not running"));
    for quiet in ["", "something no rule knows about"] {
        let out = hook(quiet);
        assert_eq!((code(&out), text(&out.stdout)), (Some(0), String::new()), "{quiet:?}");
    }
}

#[test]
fn setup_kubectl_and_kubectl_doctor() {
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("bin");
    let out = ocidoctor(home.path())
        .args(["setup", "kubectl", "--dir"])
        .arg(&bin)
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("is not on your PATH"));
    assert_eq!(std::fs::read_link(bin.join("kubectl-doctor")).unwrap(), exe());
    let Some(kubectl) = which("kubectl") else {
        println!("SKIPPED: kubectl is not installed; the link was checked, not `kubectl doctor`");
        return;
    };
    let describe = "Events:\n  Type     Reason     Age   From     Message\n  ----     ------     ----  ----     -------\n  Warning  Failed     3s    kubelet  Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/bin/sh\": stat /bin/sh: no such file or directory: unknown\n";
    let mut cmd = Command::new(kubectl);
    isolate(&mut cmd, home.path());
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut child = cmd
        .args(["doctor", "--color", "never"])
        .env("PATH", path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(describe.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("no shell at /bin/sh"),
        "{}",
        text(&out.stdout)
    );

    let undo = ocidoctor(home.path())
        .args(["setup", "kubectl", "--undo", "--dir"])
        .arg(&bin)
        .output()
        .unwrap();
    assert_eq!(code(&undo), Some(0));
    assert!(bin.join("kubectl-doctor").symlink_metadata().is_err());
}

#[test]
fn completions_and_man_page_come_from_the_command_definition() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = ocidoctor(home.path()).args(["completions", shell]).output().unwrap();
        assert_eq!(code(&out), Some(0), "{shell}");
        let script = text(&out.stdout);
        for word in ["ocidoctor", "explain", "setup", "format"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
        assert!(
            !script.contains("hook-"),
            "{shell} completions offer a hidden subcommand"
        );
    }
    let man = text(&ocidoctor(home.path()).arg("man").output().unwrap().stdout);
    assert!(
        man.starts_with(".ie") || man.starts_with(".TH"),
        "{}",
        &man[..80.min(man.len())]
    );
    assert!(man.contains(".TH ocidoctor 1"), "{man}");
    for word in ["run", "last", "init", "setup", "completions"] {
        assert!(man.contains(word), "the man page lacks {word}");
    }
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

#[test]
fn last_failure_is_stored_with_credentials_masked() {
    let state = tempfile::tempdir().expect("temp dir");
    let script = "echo 'Error response from daemon: Get https://registry-1.docker.io/v2/: proxyconnect tcp: dial tcp: lookup http://proxyuser:Sup3rS3cretPw@proxy.corp.example:3128: no such host' >&2; exit 1";
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ocidoctor"))
        .args(["run", "--", "sh", "-c", script, "--password", "hunter2hunter2"])
        .env("XDG_STATE_HOME", state.path())
        .env("HOME", state.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run ocidoctor");
    assert_eq!(out.status.code(), Some(1));
    let saved = std::fs::read_to_string(state.path().join("ocidoctor/last.json")).expect("last.json written");
    assert!(!saved.contains("Sup3rS3cretPw"), "output stored in clear: {saved}");
    assert!(
        !saved.contains("hunter2hunter2"),
        "command line stored in clear: {saved}"
    );
    assert!(saved.contains("proxy.corp.example"), "the rest is kept: {saved}");
}

#[test]
fn sigterm_during_a_scan_ends_it_cleanly() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ocidoctor"))
        .args(["--scan", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn ocidoctor");
    let mut stdin = child.stdin.take().expect("stdin piped");
    // Half a scan: some log, then the writer stays open, as `journalctl -f` would.
    stdin.write_all(b"level=info msg=started\nError response from daemon: Conflict. The container name \"/web\" is already in use by container \"0270fbfd68911886f1121168e84fff95d067257761395b3e478b7409c3124a3e\". You have to remove (or rename) that container to be able to reuse that name.\n").expect("write");
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: sends SIGTERM to the child we spawned.
    unsafe { libc_kill(child.id() as i32, 15) };
    let out = child.wait_with_output().expect("wait");
    drop(stdin);
    assert_eq!(out.status.signal(), Some(15), "{:?}", out.status);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, signal: i32) -> i32;
}
