//! The Docker CLI plugin against the real `docker` client: `ocidoctor setup docker` on a config
//! that already holds credentials and other plugins, `docker doctor` as a plugin command, and the
//! CLI hook end to end: with no daemon, `docker run` fails for real, and the client (whose
//! standard output must be a terminal for hooks to run, hence `script`) prints the diagnosis
//! under "What's next:".

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace('\r', "")
}

/// A clean environment with its own Docker config, after `ocidoctor setup docker`.
struct Env {
    home: tempfile::TempDir,
    exe: PathBuf,
}

impl Env {
    fn new() -> Option<Env> {
        if which("docker").is_none() {
            println!("SKIPPED: the docker client is not installed");
            return None;
        }
        let env = Env {
            home: tempfile::tempdir().unwrap(),
            exe: std::fs::canonicalize(env!("CARGO_BIN_EXE_ocidoctor")).unwrap(),
        };
        std::fs::create_dir_all(env.config()).unwrap();
        std::fs::write(
            env.config().join("config.json"),
            r#"{"auths": {"registry.example.com": {"auth": "dXNlcjpzZWNyZXQ="}}, "plugins": {"other": {"hooks": ""}}}"#,
        )
        .unwrap();
        let out = env.command(&env.exe).args(["setup", "docker"]).output().unwrap();
        assert!(out.status.success(), "setup docker: {}", text(&out.stderr));
        Some(env)
    }

    fn config(&self) -> PathBuf {
        self.home.path().join("docker")
    }

    fn command(&self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DOCKER_CONFIG", self.config())
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("COLUMNS", "100")
            .env("TERM", "xterm")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs a shell command line in a pseudo-terminal (`script`), returning what it showed.
    fn in_pty(&self, line: &str) -> Option<String> {
        if which("script").is_none() {
            println!("SKIPPED: `script` (util-linux) is not installed");
            return None;
        }
        let out = self
            .command(Path::new("script"))
            .args(["-qec", line, "/dev/null"])
            .output()
            .unwrap();
        Some(text(&out.stdout))
    }
}

#[test]
fn docker_run_failure_shows_the_diagnosis_under_whats_next() {
    let Some(env) = Env::new() else { return };
    let Some(screen) = env.in_pty("docker run --rm alpine:3.20 true; echo \"status=$?\"") else {
        return;
    };
    assert!(screen.contains("Cannot connect to the Docker daemon"), "{screen}");
    assert!(screen.contains("What's next:"), "the hook ran:\n{screen}");
    assert!(
        screen.contains("    ocidoctor: The Docker daemon is not running: nothing answers on its local socket"),
        "{screen}"
    );
    assert!(screen.contains("docker doctor last"), "{screen}");
    assert!(screen.contains("status=125"), "the status is docker's own:\n{screen}");

    let last = env
        .command(&env.exe)
        .args(["last", "--color", "never"])
        .output()
        .unwrap();
    assert!(
        text(&last.stdout).starts_with("Last diagnosed failure: docker run"),
        "{}",
        text(&last.stdout)
    );
}

#[test]
fn a_successful_docker_command_gets_no_hook_output() {
    let Some(env) = Env::new() else { return };
    // `docker context ls` needs no daemon; hook it too, so the plugin is really asked.
    let config = env.config().join("config.json");
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
    doc["plugins"]["doctor"]["hooks"] = "run,context".into();
    std::fs::write(&config, doc.to_string()).unwrap();
    let Some(screen) = env.in_pty("docker context ls; echo \"status=$?\"") else {
        return;
    };
    assert!(screen.contains("default") && screen.contains("status=0"), "{screen}");
    assert!(!screen.contains("What's next:"), "{screen}");
    let Some(screen) = env.in_pty("docker run --rm alpine:3.20 true") else {
        return;
    };
    assert!(
        screen.contains("What's next:"),
        "the same config does diagnose a failure:\n{screen}"
    );
}

#[test]
fn docker_hook_stays_quiet_inside_ocidoctor_run() {
    let Some(env) = Env::new() else { return };
    let line = format!(
        "'{}' run -- docker run --rm alpine:3.20 true; echo \"status=$?\"",
        env.exe.display()
    );
    let Some(screen) = env.in_pty(&line) else { return };
    assert_eq!(
        screen.matches("The Docker daemon is not running").count(),
        1,
        "diagnosed once, by the wrapper:\n{screen}"
    );
    assert!(!screen.contains("What's next:"), "{screen}");
    assert!(screen.contains("status=125"), "{screen}");
}

#[test]
fn docker_doctor_runs_as_a_plugin_command() {
    let Some(env) = Env::new() else { return };
    let docker = which("docker").unwrap();
    let out: Output = env.command(&docker).args(["doctor", "--version"]).output().unwrap();
    assert!(
        text(&out.stdout).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        text(&out.stderr)
    );

    let mut child = env
        .command(&docker)
        .args(["doctor", "--color", "never"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("ocidoctor explain engine/daemon-not-running"));

    let help = env.command(&docker).arg("--help").output().unwrap();
    assert!(
        text(&help.stdout).contains("doctor*"),
        "listed among plugins:\n{}",
        text(&help.stdout)
    );

    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.config().join("config.json")).unwrap()).unwrap();
    assert_eq!(config["auths"]["registry.example.com"]["auth"], "dXNlcjpzZWNyZXQ=");
    assert_eq!(config["plugins"]["other"]["hooks"], "");
}
