//! The shell hooks in real bash, zsh and fish, driven in a pseudo-terminal by tmux: a failed
//! wrapped command is diagnosed right after it fails, a successful one prints nothing more, the
//! exit status is kept, an interactive read of the terminal still works, `OCIDOCTOR_HOOK=off`
//! turns the hook off, `ocidoctor last` shows the full report, and the real `docker` client
//! (which fails without a daemon) is diagnosed too.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const NO_SHELL: &str = r#"docker: Error response from daemon: OCI runtime create failed: container_linux.go:346: starting container process caused "exec: \"/bin/sh\": stat /bin/sh: no such file or directory": unknown."#;

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// A stand-in for docker: `fail` prints a known error and exits 127, `ok` succeeds, `read`
/// checks that it has the terminal and reads a line from it, `tty` says whether its standard
/// error is a terminal and whether it knows it is wrapped.
fn stand_in(dir: &Path) {
    let script = format!(
        "#!/bin/sh\ncase \"$1\" in\n  fail) printf '%s\\n' '{}' >&2; exit 127 ;;\n  ok) echo all good; exit 0 ;;\n  read) if [ -t 0 ] && [ -t 1 ]; then echo stdin and stdout are terminals; fi\n        printf 'name? '; read name; echo \"hello $name\"; exit 3 ;;\n  tty) if [ -t 2 ]; then t=terminal; else t=pipe; fi; echo \"stderr=$t wrapped=$OCIDOCTOR_WRAPPED\" ;;\nesac\n",
        NO_SHELL.replace('\'', r"'\''")
    );
    let path = dir.join("fakedocker");
    std::fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// One shell in its own tmux server.
struct Session {
    socket: String,
    shell: &'static str,
    steps: usize,
}

impl Session {
    fn start(shell: &'static str, home: &Path, bin: &Path) -> Session {
        let socket = format!("ocidoctor-test-{}-{shell}", std::process::id());
        let argv = match shell {
            "bash" => "bash --norc --noprofile -i",
            "zsh" => "zsh -f -i",
            _ => "fish --no-config -i",
        };
        let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
        let env = format!(
            "env -i HOME='{h}' TERM=xterm-256color PATH='{path}' XDG_STATE_HOME='{h}/state' XDG_CONFIG_HOME='{h}/config' DOCKER_CONFIG='{h}/docker' OCIDOCTOR_COMMANDS='fakedocker docker' PS1='$ ' {argv}",
            h = home.display()
        );
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "200",
                "-y",
                "50",
                &env,
            ])
            .status()
            .unwrap();
        assert!(status.success(), "tmux new-session");
        let mut session = Session {
            socket,
            shell,
            steps: 0,
        };
        session.step(&format!("{} {}", "echo", "ready"));
        session
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-S", "-", "-t", "0"])
    }

    fn type_line(&self, line: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", line]);
        self.tmux(&["send-keys", "-t", "0", "Enter"]);
    }

    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen
                .lines()
                .any(|l| l.trim_end() == what || (what.ends_with(' ') && l.contains(what.trim_end())))
            {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{}: timed out waiting for {what:?}; screen:\n{screen}",
                self.shell
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs `command`, then prints its status and an end marker; returns what the command
    /// printed (the lines between the typed line and the status line) and the status.
    fn step(&mut self, command: &str) -> (String, String) {
        self.steps += 1;
        let marker = format!("END{}", self.steps);
        let status = if self.shell == "fish" { "$status" } else { "$?" };
        // The marker is typed in two halves, so only the output line equals it.
        let line = format!("{command}; echo \"status=:{status}\"; echo \"END\"\"{}\"", self.steps);
        self.type_line(&line);
        self.finish(&line, &marker)
    }

    fn finish(&self, line: &str, marker: &str) -> (String, String) {
        let screen = self.wait_for(marker);
        let lines: Vec<&str> = screen.lines().collect();
        let typed = lines
            .iter()
            .rposition(|l| l.contains(line))
            .unwrap_or_else(|| panic!("{}: the typed line is not on the screen:\n{screen}", self.shell));
        let end = typed + lines[typed..].iter().position(|l| l.trim_end() == marker).unwrap();
        let body = &lines[typed + 1..end];
        let status = body
            .iter()
            .rev()
            .find_map(|l| l.trim_end().strip_prefix("status=:"))
            .unwrap_or_else(|| panic!("{}: no status line:\n{screen}", self.shell))
            .to_string();
        let output: Vec<&str> = body.iter().copied().filter(|l| !l.starts_with("status=:")).collect();
        (output.join("\n"), status)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
    }
}

fn check_shell(shell: &'static str) {
    if which("tmux").is_none() {
        println!("SKIPPED: tmux is not installed (.ci/run installs it)");
        return;
    }
    if which(shell).is_none() {
        println!("SKIPPED: {shell} is not installed (.ci/run installs it)");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    stand_in(&bin);
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_ocidoctor")).unwrap();
    let mut s = Session::start(shell, home.path(), &bin);
    let load = match shell {
        "fish" => format!("'{}' init fish | source", exe.display()),
        _ => format!("eval \"$('{}' init {shell})\"", exe.display()),
    };
    let (out, status) = s.step(&load);
    assert_eq!((out.as_str(), status.as_str()), ("", "0"), "{shell}: loading the hook");

    let (out, status) = s.step("fakedocker fail");
    assert_eq!(status, "127", "{shell}: the status is kept");
    assert!(
        out.contains("stat /bin/sh: no such file"),
        "{shell}: the error passes through:\n{out}"
    );
    assert!(
        out.contains("ocidoctor: The image has no shell at /bin/sh (high confidence)"),
        "{shell}: diagnosed:\n{out}"
    );
    assert!(out.contains("ocidoctor last"), "{shell}:\n{out}");

    let (out, status) = s.step("fakedocker ok");
    assert_eq!(
        (out.as_str(), status.as_str()),
        ("all good", "0"),
        "{shell}: nothing extra after a success"
    );

    // A call that may draw progress on standard error (a build) keeps a terminal there; any
    // other goes through the copier beside it. Both know they are wrapped.
    let (out, _) = s.step("fakedocker tty build");
    assert_eq!(out, "stderr=terminal wrapped=1", "{shell}");
    let (out, _) = s.step("fakedocker tty");
    assert_eq!(out, "stderr=pipe wrapped=1", "{shell}");

    // A failure inside a pipeline (a subshell in bash and zsh) is diagnosed too.
    let (out, status) = s.step("fakedocker fail | cat");
    assert_eq!(status, "0", "{shell}: the pipeline's status is cat's");
    assert!(
        out.contains("ocidoctor: The image has no shell at /bin/sh (high confidence)"),
        "{shell}: diagnosed in a pipeline:\n{out}"
    );

    // Interactive: the command has the terminal on stdin and stdout and reads a typed line.
    s.steps += 1;
    let status_var = if shell == "fish" { "$status" } else { "$?" };
    let line = format!(
        "fakedocker read; echo \"status=:{status_var}\"; echo \"END\"\"{}\"",
        s.steps
    );
    s.type_line(&line);
    s.wait_for("name? ");
    s.type_line("world");
    let (out, status) = s.finish(&line, &format!("END{}", s.steps));
    assert_eq!(status, "3", "{shell}");
    assert!(out.contains("stdin and stdout are terminals"), "{shell}:\n{out}");
    assert!(out.contains("hello world"), "{shell}:\n{out}");
    assert!(
        !out.contains("ocidoctor:"),
        "{shell}: an unknown failure stays quiet:\n{out}"
    );

    let off = match shell {
        "fish" => "set -gx OCIDOCTOR_HOOK off; fakedocker fail",
        _ => "export OCIDOCTOR_HOOK=off; fakedocker fail",
    };
    let (out, status) = s.step(off);
    assert_eq!(status, "127", "{shell}");
    assert!(out.contains("stat /bin/sh"), "{shell}:\n{out}");
    assert!(!out.contains("ocidoctor:"), "{shell}: the hook is off:\n{out}");
    let on = match shell {
        "fish" => "set -e OCIDOCTOR_HOOK; true",
        _ => "unset OCIDOCTOR_HOOK",
    };
    s.step(on);

    // The real docker client: with no daemon, `docker run` fails for real.
    if which("docker").is_some() {
        let (out, status) = s.step("docker run --rm alpine:3.20 true");
        assert_eq!(status, "125", "{shell}:\n{out}");
        assert!(out.contains("Cannot connect to the Docker daemon"), "{shell}:\n{out}");
        assert!(
            out.contains("ocidoctor: The Docker daemon is not running"),
            "{shell}:\n{out}"
        );
        // `docker ps` draws nothing: its stderr goes through the copier beside it.
        let (out, status) = s.step("docker ps");
        assert_eq!(status, "1", "{shell}:\n{out}");
        assert!(
            out.contains("ocidoctor: The Docker daemon is not running"),
            "{shell}:\n{out}"
        );
        let (out, status) = s.step("docker --version");
        assert_eq!(status, "0");
        assert!(
            out.starts_with("Docker version") && !out.contains("ocidoctor"),
            "{shell}:\n{out}"
        );
    } else {
        println!("SKIPPED: the docker client is not installed; the stand-in was checked");
    }

    // The last *diagnosed* failure: not the unknown one from `fakedocker read`.
    let (out, status) = s.step(&format!("'{}' last --color never", exe.display()));
    assert_eq!(status, "0", "{shell}:\n{out}");
    assert!(!out.contains("fakedocker read"), "{shell}:\n{out}");
    assert!(out.starts_with("Last diagnosed failure: "), "{shell}:\n{out}");
    assert!(out.contains("Fix:"), "{shell}: the full report:\n{out}");
}

#[test]
fn bash_hook() {
    check_shell("bash");
}

#[test]
fn zsh_hook() {
    check_shell("zsh");
}

#[test]
fn fish_hook() {
    check_shell("fish");
}
