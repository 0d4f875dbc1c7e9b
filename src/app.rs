//! Runs one invocation: resolves the command line into settings, calls the library, writes the
//! output, and decides the exit code (0 diagnosis, 1 none, 2 error).

use crate::cli::{Cli, ColorChoice, Command, Format, HookShell, Options, RulesCommand, SetupTarget};
use crate::integrations::{self, capture, compact, docker_plugin, last, setup, shell, Invocation};
use crate::progress;
use clap::{CommandFactory, FromArgMatches};
use ocidoctor::catalog::Catalog;
use ocidoctor::input::{self, Source};
use ocidoctor::render::{self, Report, Style};
use ocidoctor::Error;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Errors of one run, each printed as `ocidoctor: <message>` with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Lib(#[from] Error),
    #[error("cannot write output: {0}")]
    Write(std::io::Error),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Setup(#[from] setup::SetupError),
}

/// Settings resolved from the command line and the environment.
struct Settings {
    format: Format,
    style: Style,
}

/// Runs the process: decides its role from argv[0] (ocidoctor, `docker doctor`,
/// `kubectl doctor`), parses the arguments and runs them.
pub fn start(args: Vec<OsString>) -> Result<ExitCode, AppError> {
    match integrations::invocation(args) {
        Invocation::Cli { name, args } => {
            let matches = Cli::command().bin_name(name).get_matches_from(args);
            run(Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit()))
        }
        Invocation::HookRun(command) => run_command(&[], ColorChoice::Auto, &command, integrations::tail::DEFAULT_TAIL),
        Invocation::HookTee { key, token } => {
            capture::tee(&key, &token, integrations::tail::DEFAULT_TAIL);
            Ok(ExitCode::SUCCESS)
        }
        Invocation::HookReport {
            key,
            token,
            status,
            command,
        } => hook_report(&[], ColorChoice::Auto, &key, &token, status, &command),
        Invocation::DockerMetadata => emit(&format!("{}\n", docker_plugin::metadata())),
        Invocation::DockerHook(request) => {
            // A hook must never disturb the docker command: on any problem it prints nothing.
            let catalog = || load_catalog(&[]).ok();
            match docker_plugin::hook(catalog, &request, width(None)) {
                Some(answer) => emit(&format!("{answer}\n")),
                None => Ok(ExitCode::SUCCESS),
            }
        }
    }
}

pub fn run(cli: Cli) -> Result<ExitCode, AppError> {
    let settings = resolve(&cli.options);
    match cli.command {
        Some(Command::Run { tail_bytes, command }) => {
            run_command(&cli.options.rule_dirs, cli.options.color, &command, tail_bytes)
        }
        Some(Command::HookTee { key, token }) => {
            check_hook_key(&key, &token)?;
            capture::tee(&key, &token, integrations::tail::DEFAULT_TAIL);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::HookReport {
            key,
            token,
            status,
            command,
        }) => {
            check_hook_key(&key, &token)?;
            hook_report(
                &cli.options.rule_dirs,
                cli.options.color,
                &key,
                &token,
                status,
                &command,
            )
        }
        Some(Command::Last) => show_last(&cli.options, &settings),
        Some(Command::Init { shell }) => emit(&shell::init(shell, &current_exe()?)),
        Some(Command::Setup { target, undo, dir }) => set_up(target, undo, dir),
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut completed_command(), "ocidoctor", &mut out);
            emit(&String::from_utf8_lossy(&out))
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(AppError::Write)?;
            emit(&String::from_utf8_lossy(&out))
        }
        Some(Command::Explain { id }) => {
            let catalog = load_catalog(&cli.options.rule_dirs)?;
            let rule = catalog.get(&id).ok_or_else(|| Error::UnknownRule(id.clone()))?;
            emit(&render::human::explain(rule, settings.style.width))
        }
        Some(Command::Rules(RulesCommand::List { stage, category })) => {
            crate::rules_cmd::list(&cli.options, stage, category)
        }
        Some(Command::Rules(RulesCommand::Check { dir, verbose })) => crate::rules_cmd::check(&dir, verbose),
        None if cli.options.scan => scan_inputs(&cli.options, &settings, cli.files),
        None => diagnose_inputs(&cli.options, &settings, cli.files),
    }
}

fn resolve(options: &Options) -> Settings {
    let stdout_tty = std::io::stdout().is_terminal();
    let color = match options.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    colored::control::set_override(color);
    Settings {
        format: options.format,
        style: Style {
            width: width(terminal_size::terminal_size()),
            max: if options.all { 0 } else { 3 },
            redact: !options.no_redact,
        },
    }
}

/// The width to wrap to: the terminal's, else `COLUMNS`, else 100; between 40 and 120.
fn width(terminal: Option<(terminal_size::Width, terminal_size::Height)>) -> usize {
    terminal
        .map(|(w, _)| w.0 as usize)
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100)
        .clamp(40, 120)
}

/// The command line that completions offer: the hook's own subcommands (`hook-tee`,
/// `hook-report`) are hidden from `--help` and the man page, but clap_complete would still
/// complete them, so the command is rebuilt with only the visible ones.
fn completed_command() -> clap::Command {
    let full = Cli::command();
    clap::Command::new("ocidoctor")
        .version(env!("CARGO_PKG_VERSION"))
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().filter(|c| !c.is_hide_set()).cloned())
}

/// This binary, by its real path (what the shell hook and the plugin links point at).
fn current_exe() -> Result<PathBuf, AppError> {
    std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| AppError::Usage(format!("cannot find the ocidoctor binary: {e}")))
}

/// `$XDG_CONFIG_HOME`, else `~/.config`.
fn config_home() -> Option<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
}

/// The user's rule folder: `$XDG_CONFIG_HOME/ocidoctor/rules`, else `~/.config/ocidoctor/rules`.
fn user_rule_dir() -> Option<PathBuf> {
    Some(config_home()?.join("ocidoctor").join("rules"))
}

pub(crate) fn load_catalog(rule_dirs: &[PathBuf]) -> Result<Catalog, AppError> {
    let mut catalog = Catalog::builtin()?;
    for dir in user_dirs(rule_dirs)? {
        catalog.load_dir(&dir)?;
    }
    Ok(catalog)
}

/// The catalog for a diagnosis: a user rule file that does not load is skipped with a warning
/// on stderr, the way grep goes on past an unreadable file, so one broken file does not cost
/// the diagnosis. Returns whether a file was skipped (a diagnosis then exits 2, as grep does).
fn load_catalog_skipping(rule_dirs: &[PathBuf]) -> Result<(Catalog, bool), AppError> {
    let mut catalog = Catalog::builtin()?;
    let mut skipped = false;
    for dir in user_dirs(rule_dirs)? {
        for e in catalog.load_dir_skipping(&dir)? {
            eprintln!("ocidoctor: skipped a rule file: {e}");
            skipped = true;
        }
    }
    Ok((catalog, skipped))
}

/// grep's exit status: 0 found, 1 not found, 2 when something went wrong on the way (here, a
/// rule file was skipped), whatever was found.
fn grep_status(found: bool, skipped: bool) -> ExitCode {
    match (skipped, found) {
        (true, _) => ExitCode::from(2),
        (false, true) => ExitCode::SUCCESS,
        (false, false) => ExitCode::from(1),
    }
}

/// The user rule folder when it exists, then each `--rules` folder.
fn user_dirs(rule_dirs: &[PathBuf]) -> Result<Vec<PathBuf>, AppError> {
    let mut dirs: Vec<PathBuf> = user_rule_dir().filter(|d| d.is_dir()).into_iter().collect();
    for dir in rule_dirs {
        if !dir.is_dir() {
            return Err(AppError::Usage(format!("--rules {}: not a folder", dir.display())));
        }
        dirs.push(dir.clone());
    }
    Ok(dirs)
}

fn diagnose_inputs(options: &Options, settings: &Settings, files: Vec<PathBuf>) -> Result<ExitCode, AppError> {
    let (catalog, skipped) = load_catalog_skipping(&options.rule_dirs)?;
    let mut sources: Vec<Source> = files.iter().map(|f| Source::from_arg(f)).collect();
    if sources.is_empty() {
        if std::io::stdin().is_terminal() {
            eprintln!("Paste the error output, then press Ctrl-D on an empty line to diagnose it (Ctrl-C cancels).");
        }
        sources.push(Source::Stdin);
    }
    if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        return Err(AppError::Usage("standard input (`-`) can be read only once".into()));
    }
    let named = sources.len() > 1;
    let mut found = false;
    let mut out = String::new();
    for source in &sources {
        let input = input::read(source)?;
        let analysis = ocidoctor::analyze_with(&catalog, &input.text, options.exit_code, !options.no_redact);
        found |= !analysis.diagnoses.is_empty();
        let report = Report {
            diagnoses: analysis.diagnoses,
            innermost: analysis.innermost,
            name: named.then(|| match source {
                Source::Stdin => "<stdin>".to_string(),
                Source::File(p) => p.display().to_string(),
            }),
            truncated_from: input.truncated().then_some(input.total_bytes),
        };
        out.push_str(&match settings.format {
            Format::Human => render::human::render(&report, settings.style),
            Format::Json => render::json::render(&report),
            Format::Markdown => render::markdown::render(&report, settings.style),
        });
    }
    emit(&out)?;
    Ok(grep_status(found, skipped))
}

fn scan_inputs(options: &Options, settings: &Settings, files: Vec<PathBuf>) -> Result<ExitCode, AppError> {
    let (catalog, skipped) = load_catalog_skipping(&options.rule_dirs)?;
    let sources: Vec<Source> = if files.is_empty() {
        vec![Source::Stdin]
    } else {
        files.iter().map(|f| Source::from_arg(f)).collect()
    };
    let mut found = false;
    for source in &sources {
        let (reader, name, size): (Box<dyn std::io::Read>, String, Option<u64>) = match source {
            Source::Stdin => (Box::new(std::io::stdin().lock()), "<stdin>".into(), None),
            Source::File(path) => {
                let file = std::fs::File::open(path).map_err(|source| Error::Read {
                    path: path.clone(),
                    source,
                })?;
                let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
                if size.is_none() {
                    return Err(Error::Read {
                        path: path.clone(),
                        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "is not a regular file"),
                    }
                    .into());
                }
                (Box::new(file), path.display().to_string(), size)
            }
        };
        let mut bar = progress::Bar::new(size);
        let report = ocidoctor::scan::scan(&catalog, reader, !options.no_redact, &mut |bytes| bar.update(bytes))
            .map_err(|source| Error::Read {
                path: name.clone().into(),
                source,
            })?;
        bar.finish();
        found |= !report.findings.is_empty();
        let name = (sources.len() > 1).then_some(name.as_str());
        emit(&match settings.format {
            Format::Json => render::json::render_scan(&report, name),
            Format::Human | Format::Markdown => render::human::render_scan(&report, name, settings.style),
        })?;
    }
    Ok(grep_status(found, skipped))
}

/// `ocidoctor run -- CMD`: runs it, and when it failed, diagnoses what it printed (see
/// [`report_failure`]). Exits with the command's status.
fn run_command(
    rule_dirs: &[PathBuf],
    color: ColorChoice,
    command: &[OsString],
    tail_bytes: usize,
) -> Result<ExitCode, AppError> {
    let finished = match integrations::run::execute(command, tail_bytes) {
        Ok(finished) => finished,
        Err(e) => {
            eprintln!("ocidoctor: {e}");
            return Ok(ExitCode::from(e.code()));
        }
    };
    let code = finished.code();
    if code != 0 && !finished.interrupted() {
        report_failure(rule_dirs, color, command, code, &finished.tail);
    }
    Ok(ExitCode::from(code.clamp(0, 255) as u8))
}

/// The key and token of the hook's calls are digits, since they name a file.
fn check_hook_key(key: &str, token: &str) -> Result<(), AppError> {
    if capture::valid(key) && capture::valid(token) {
        Ok(())
    } else {
        Err(AppError::Usage("the hook's key and token are 1 to 32 digits".into()))
    }
}

/// `ocidoctor hook-report KEY TOKEN STATUS -- CMD`: the shell hook's call after CMD failed with
/// STATUS beside `hook-tee`: diagnoses what the copier kept. Exits with STATUS, so that the
/// hook's caller sees the command's own.
fn hook_report(
    rule_dirs: &[PathBuf],
    color: ColorChoice,
    key: &str,
    token: &str,
    status: i32,
    command: &[OsString],
) -> Result<ExitCode, AppError> {
    if !matches!(status, 0 | 130 | 141) {
        if let Some(tail) = capture::take(key, token, capture::WAIT) {
            report_failure(rule_dirs, color, command, status, &tail);
        }
    }
    Ok(ExitCode::from(status.clamp(0, 255) as u8))
}

/// After `command` failed with `code` having printed `tail` on standard error: when a rule
/// matches, prints the short diagnosis on stderr and records the failure for `ocidoctor last`.
fn report_failure(rule_dirs: &[PathBuf], color: ColorChoice, command: &[OsString], code: i32, tail: &[u8]) {
    let failure = last::Failure {
        command: command.iter().map(|a| a.to_string_lossy().into_owned()).collect(),
        exit_code: Some(code),
        when: last::now(),
        via: "run".into(),
        output: String::from_utf8_lossy(tail).into_owned(),
    };
    let catalog = match load_catalog_skipping(rule_dirs) {
        Ok((catalog, _)) => catalog,
        Err(e) => return eprintln!("ocidoctor: {e}"),
    };
    let analysis = ocidoctor::analyze(&catalog, &failure.output, Some(code));
    // Only a diagnosed failure replaces the last one: `ocidoctor last` shows the last
    // diagnosis, not the last unknown error.
    if !analysis.diagnoses.is_empty() {
        let _ = last::save(&failure);
    }
    let stderr = std::io::stderr();
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    colored::control::set_override(color);
    let text = compact::render(
        &analysis.diagnoses,
        width(terminal_size::terminal_size_of(&stderr)),
        "ocidoctor",
    );
    let _ = stderr.lock().write_all(text.as_bytes());
}

/// `ocidoctor last`: the full report on the last diagnosed failure.
fn show_last(options: &Options, settings: &Settings) -> Result<ExitCode, AppError> {
    let failure = last::load().map_err(|e| AppError::Usage(format!("cannot read the last failure: {e}")))?;
    let Some(failure) = failure else {
        eprintln!("ocidoctor: no failure recorded yet (`ocidoctor run -- CMD`, the shell hook from `ocidoctor init` and `ocidoctor setup docker` record them)");
        return Ok(ExitCode::from(1));
    };
    let (catalog, skipped) = load_catalog_skipping(&options.rule_dirs)?;
    let analysis = ocidoctor::analyze(&catalog, &failure.output, failure.exit_code);
    let found = !analysis.diagnoses.is_empty();
    let report = Report {
        diagnoses: analysis.diagnoses,
        innermost: analysis.innermost,
        name: None,
        truncated_from: None,
    };
    let command = failure.command.join(" ");
    let status = failure
        .exit_code
        .map(|c| format!("exit status {c}"))
        .unwrap_or_else(|| "failed".into());
    let out = match settings.format {
        Format::Human => format!(
            "Last diagnosed failure: {command} ({status}, {})\n\n{}",
            last::ago(failure.when),
            render::human::render(&report, settings.style)
        ),
        Format::Markdown => format!(
            "**Command:** `{}` ({status})\n\n{}",
            command.replace('`', "'"),
            render::markdown::render(&report, settings.style)
        ),
        Format::Json => {
            let mut doc: serde_json::Value =
                serde_json::from_str(&render::json::render(&report)).map_err(|e| AppError::Usage(e.to_string()))?;
            if let Some(map) = doc.as_object_mut() {
                map.insert("command".into(), serde_json::json!(failure.command));
                map.insert("exit_code".into(), serde_json::json!(failure.exit_code));
            }
            format!("{doc}\n")
        }
    };
    emit(&out)?;
    Ok(grep_status(found, skipped))
}

/// `ocidoctor setup docker|kubectl|bash|zsh|fish [--undo]`.
fn set_up(target: SetupTarget, undo: bool, dir: Option<PathBuf>) -> Result<ExitCode, AppError> {
    let exe = current_exe()?;
    let mut out = String::new();
    match target {
        SetupTarget::Docker => out.push_str(&setup_report(
            &setup::docker(&exe, undo)?,
            undo,
            "the Docker plugin and its hook are already set up",
            "Failed docker run, pull, build, create, start and exec commands now show a diagnosis under \"What's next:\".\n`docker doctor` works like `ocidoctor`; `docker doctor last` shows the last full report.",
        )),
        SetupTarget::Bash => out.push_str(&set_up_shell(HookShell::Bash, undo)?),
        SetupTarget::Zsh => out.push_str(&set_up_shell(HookShell::Zsh, undo)?),
        SetupTarget::Fish => out.push_str(&set_up_shell(HookShell::Fish, undo)?),
        SetupTarget::Kubectl => {
            let (done, dir) = setup::kubectl(&exe, dir, undo)?;
            for line in &done {
                out.push_str(&format!("ocidoctor: {line}\n"));
            }
            if done.is_empty() {
                out.push_str(if undo {
                    "ocidoctor: nothing to undo\n"
                } else {
                    "ocidoctor: the kubectl plugin is already set up\n"
                });
            }
            let on_path = std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d == dir));
            if !undo && !on_path {
                out.push_str(&format!(
                    "ocidoctor: {} is not on your PATH; add it (export PATH=\"{}:$PATH\") so kubectl finds the plugin\n",
                    dir.display(),
                    dir.display()
                ));
            }
            if !undo {
                out.push_str("Try: kubectl describe pod NAME | kubectl doctor\n");
            }
        }
    }
    emit(&out)
}

/// `setup bash|zsh|fish`: the hook saved to a file the shell sources at start-up.
fn set_up_shell(shell: HookShell, undo: bool) -> Result<String, AppError> {
    let config = config_home().ok_or(setup::SetupError::NoHome)?;
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .ok_or(setup::SetupError::NoHome)?;
    let (file, rc) = match shell {
        HookShell::Bash => (config.join("ocidoctor").join("hook.bash"), Some(home.join(".bashrc"))),
        HookShell::Zsh => {
            let dir = std::env::var_os("ZDOTDIR")
                .filter(|v| !v.is_empty())
                .map_or(home, PathBuf::from);
            (config.join("ocidoctor").join("hook.zsh"), Some(dir.join(".zshrc")))
        }
        HookShell::Fish => (config.join("fish").join("conf.d").join("ocidoctor.fish"), None),
    };
    let done = setup::shell_hook(&shell::init(shell, &current_exe()?), &file, rc.as_deref(), undo)?;
    Ok(setup_report(
        &done,
        undo,
        "the shell hook is already set up",
        "New shells diagnose failed docker, podman, nerdctl, kubectl and docker-compose calls; run setup again after moving the binary.",
    ))
}

/// What `setup` did, one `ocidoctor: ` line each; when it did nothing, `already`; after an
/// install, `next`.
fn setup_report(done: &[String], undo: bool, already: &str, next: &str) -> String {
    let mut out: String = done.iter().map(|line| format!("ocidoctor: {line}\n")).collect();
    match (done.is_empty(), undo) {
        (true, false) => out.push_str(&format!("ocidoctor: {already}\n")),
        (true, true) => out.push_str("ocidoctor: nothing to undo\n"),
        (false, false) => out.push_str(&format!("{next}\n")),
        (false, true) => {}
    }
    out
}

/// Writes `text` to stdout; a reader that went away (`| head -1`) is a normal end.
pub(crate) fn emit(text: &str) -> Result<ExitCode, AppError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(AppError::Write(e)),
    }
}
