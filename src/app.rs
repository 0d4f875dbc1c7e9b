//! Runs one invocation: resolves the command line into settings, calls the library, writes the
//! output, and decides the exit code (0 diagnosis, 1 none, 2 error).

use crate::cli::{Cli, ColorChoice, Command, Format, Options, RulesCommand};
use crate::progress;
use ocidoctor::catalog::{self, Catalog, Origin, Rule};
use ocidoctor::input::{self, Source};
use ocidoctor::render::{self, Report, Style};
use ocidoctor::verify::{self, Outcome};
use ocidoctor::Error;
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
}

/// Settings resolved from the command line and the environment.
struct Settings {
    format: Format,
    style: Style,
}

pub fn run(cli: Cli) -> Result<ExitCode, AppError> {
    let settings = resolve(&cli.options);
    match cli.command {
        Some(Command::Explain { id }) => {
            let catalog = load_catalog(&cli.options)?;
            let rule = catalog.get(&id).ok_or_else(|| Error::UnknownRule(id.clone()))?;
            emit(&render::human::explain(rule, settings.style.width))
        }
        Some(Command::Rules(RulesCommand::List { stage, category })) => list(&cli.options, stage, category),
        Some(Command::Rules(RulesCommand::Check { dir, verbose })) => check(&dir, verbose),
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
    let width = terminal_size::terminal_size()
        .map(|(w, _)| w.0 as usize)
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100)
        .clamp(40, 120);
    Settings {
        format: options.format,
        style: Style {
            width,
            max: if options.all { 0 } else { 3 },
            redact: !options.no_redact,
        },
    }
}

/// The user's rule folder: `$XDG_CONFIG_HOME/ocidoctor/rules`, else `~/.config/ocidoctor/rules`.
fn user_rule_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("ocidoctor").join("rules"))
}

fn load_catalog(options: &Options) -> Result<Catalog, AppError> {
    let mut catalog = Catalog::builtin()?;
    let mut dirs: Vec<PathBuf> = user_rule_dir().filter(|d| d.is_dir()).into_iter().collect();
    for dir in &options.rule_dirs {
        if !dir.is_dir() {
            return Err(AppError::Usage(format!("--rules {}: not a folder", dir.display())));
        }
        dirs.push(dir.clone());
    }
    for dir in dirs {
        for rule in catalog::load_dir(&dir)? {
            catalog.insert(rule);
        }
    }
    Ok(catalog)
}

fn diagnose_inputs(options: &Options, settings: &Settings, files: Vec<PathBuf>) -> Result<ExitCode, AppError> {
    let catalog = load_catalog(options)?;
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
        let analysis = ocidoctor::analyze(&catalog, &input.text, options.exit_code);
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
    Ok(if found { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn scan_inputs(options: &Options, settings: &Settings, files: Vec<PathBuf>) -> Result<ExitCode, AppError> {
    let catalog = load_catalog(options)?;
    let sources: Vec<Source> = if files.is_empty() {
        vec![Source::Stdin]
    } else {
        files.iter().map(|f| Source::from_arg(f)).collect()
    };
    let mut found = false;
    for source in &sources {
        let (reader, name, size): (Box<dyn std::io::BufRead>, String, Option<u64>) = match source {
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
                (
                    Box::new(std::io::BufReader::with_capacity(256 * 1024, file)),
                    path.display().to_string(),
                    size,
                )
            }
        };
        let mut bar = progress::Bar::new(size);
        let report =
            ocidoctor::scan::scan(&catalog, reader, &mut |bytes| bar.update(bytes)).map_err(|source| Error::Read {
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
    Ok(if found { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn list(options: &Options, stage: Option<String>, category: Option<String>) -> Result<ExitCode, AppError> {
    let catalog = load_catalog(options)?;
    let mut rules: Vec<&Rule> = catalog
        .rules()
        .iter()
        .filter(|r| stage.as_deref().is_none_or(|s| r.stage.to_string() == s))
        .filter(|r| category.as_deref().is_none_or(|c| r.category.to_string() == c))
        .collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    if options.format == Format::Json {
        let list: Vec<_> = rules
            .iter()
            .map(|r| serde_json::json!({"rule": r.id, "title": r.title, "stage": r.stage, "category": r.category, "confidence": r.confidence}))
            .collect();
        return emit(&format!("{}\n", serde_json::Value::Array(list))).map(|_| ExitCode::SUCCESS);
    }
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rules {
        out.push_str(&format!(
            "{:<width$}  {:<18}  {}\n",
            r.id,
            r.category.to_string(),
            r.title
        ));
    }
    out.push_str(&format!("{} rules\n", rules.len()));
    emit(&out)?;
    Ok(if rules.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn check(dir: &std::path::Path, verbose: bool) -> Result<ExitCode, AppError> {
    if !dir.is_dir() {
        return Err(AppError::Usage(format!(
            "{}: not a folder of rule files",
            dir.display()
        )));
    }
    // Each file is loaded on its own, so one broken file does not hide the others' results.
    let mut files = Vec::new();
    collect_yaml(dir, &mut files);
    files.sort();
    let (mut catalog, _) = Catalog::builtin_lenient();
    let mut broken = 0;
    let mut checked = Vec::new();
    for path in &files {
        let parsed = std::fs::read_to_string(path)
            .map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })
            .and_then(|text| catalog::parse_rule(&path.display().to_string(), &text, Origin::User(path.clone())));
        match parsed {
            Ok(rule) => {
                checked.push(rule.id.clone());
                catalog.insert(rule);
            }
            Err(e) => {
                broken += 1;
                eprintln!("error: {e}");
            }
        }
    }
    let rules: Vec<&Rule> = checked.iter().filter_map(|id| catalog.get(id)).collect();
    let mut out = String::new();
    let mut unsafe_advice = 0;
    for rule in &rules {
        for problem in verify::unsafe_steps(rule) {
            unsafe_advice += 1;
            out.push_str(&format!("unsafe     {problem}\n"));
        }
    }
    let cases = verify::check(&catalog, rules);
    let (mut ok, mut missing, mut noisy) = (0, 0, 0);
    for case in &cases {
        let line = match &case.outcome {
            Outcome::Validated => {
                ok += 1;
                if !verbose {
                    continue;
                }
                format!("validated  {}  {}", case.rule, case.label)
            }
            Outcome::Missing { top, fired } => {
                missing += 1;
                let why = match (top, fired) {
                    (Some(top), true) => format!("fired, but `{top}` ranked first"),
                    (Some(top), false) => format!("did not fire; `{top}` came first"),
                    (None, _) => "nothing fired".to_string(),
                };
                format!("missing    {}  {}: {why}", case.rule, case.label)
            }
            Outcome::Noisy => {
                noisy += 1;
                format!(
                    "noisy      {}  {}: the rule fired on a text it must not match",
                    case.rule, case.label
                )
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!(
        "{} rule files: {} loaded, {broken} broken, {unsafe_advice} unsafe steps; {} cases: {ok} validated, {missing} missing, {noisy} noisy\n",
        files.len(),
        checked.len(),
        cases.len()
    ));
    emit(&out)?;
    Ok(if broken > 0 {
        ExitCode::from(2)
    } else if missing + noisy + unsafe_advice > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn collect_yaml(dir: &std::path::Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_yaml(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
}

/// Writes `text` to stdout; a reader that went away (`| head -1`) is a normal end.
fn emit(text: &str) -> Result<ExitCode, AppError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(AppError::Write(e)),
    }
}
