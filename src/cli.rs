//! The command line: clap definitions, resolved into plain settings for the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

/// Turns a container failure into a diagnosis: pipe or paste the error output of docker,
/// podman, containerd, runc, crun, BuildKit or kubectl into ocidoctor.
#[derive(Debug, Parser)]
#[command(name = "ocidoctor", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  docker run --rm img 2>&1 | ocidoctor\n  ocidoctor build.log\n  ocidoctor            (paste the error, then Ctrl-D)\n\nExit status: 0 a diagnosis was found, 1 none was found, 2 an error."
)]
pub struct Cli {
    /// Files holding error output; `-` is standard input. Without any, reads standard input
    /// (or, at a terminal, asks you to paste).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub options: Options,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options shared by every command.
#[derive(Debug, Args)]
pub struct Options {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, global = true)]
    pub format: Format,

    /// When to colour the output (`NO_COLOR` turns `auto` off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// A folder of extra rules (repeatable). Rules in
    /// `$XDG_CONFIG_HOME/ocidoctor/rules` are always loaded.
    #[arg(long = "rules", value_name = "DIR", global = true)]
    pub rule_dirs: Vec<PathBuf>,

    /// Show every diagnosis, not only the three most likely.
    #[arg(long, global = true)]
    pub all: bool,

    /// The failed command's exit status, when known: it adds evidence (137: killed, 127: not
    /// found, ...).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub exit_code: Option<i32>,

    /// Show evidence exactly as given: do not mask tokens, passwords and keys in it.
    #[arg(long, global = true)]
    pub no_redact: bool,

    /// Scan a large log (journalctl, CI, kubectl logs) in constant memory and report every
    /// distinct failure with its line numbers.
    #[arg(long)]
    pub scan: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people, wrapped to the terminal.
    Human,
    /// The stable JSON contract (version 1).
    Json,
    /// Markdown, for bug reports.
    Markdown,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a rule's whole entry: explanation, steps, references, patterns and an example.
    Explain {
        /// The rule id, e.g. runtime/no-shell-in-image.
        id: String,
    },
    /// List or check rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Run a command with its input and output passed through live; if it fails, diagnose what
    /// it printed on standard error. Exits with the command's own status (128+N after signal N).
    #[command(after_help = "Example:\n  ocidoctor run -- docker run --rm -it alpine sh")]
    Run {
        /// How much of the end of the command's standard error to keep, in bytes.
        #[arg(long, value_name = "BYTES", default_value_t = crate::integrations::tail::DEFAULT_TAIL)]
        tail_bytes: usize,
        /// The command and its arguments.
        #[arg(
            required = true,
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "COMMAND"
        )]
        command: Vec<OsString>,
    },
    /// Show the last failure that `ocidoctor run`, the shell hook or the Docker hook diagnosed,
    /// in full.
    Last,
    /// Print the shell hook that diagnoses failed docker, podman, nerdctl, kubectl and
    /// docker-compose calls: `eval "$(ocidoctor init bash)"` in ~/.bashrc.
    #[command(
        after_help = "Install:\n  bash: echo 'eval \"$(ocidoctor init bash)\"' >> ~/.bashrc\n  zsh:  echo 'eval \"$(ocidoctor init zsh)\"' >> ~/.zshrc\n  fish: echo 'ocidoctor init fish | source' >> ~/.config/fish/config.fish\n\nOCIDOCTOR_COMMANDS=\"docker podman\" (read when the hook is loaded) chooses the wrapped commands;\nOCIDOCTOR_HOOK=off turns the hook off."
    )]
    Init {
        /// The shell.
        shell: HookShell,
    },
    /// Install ocidoctor as a Docker CLI plugin with hooks (`docker doctor`), as a kubectl
    /// plugin (`kubectl doctor`), or as a shell hook saved to a file your shell sources.
    Setup {
        /// What to set up.
        target: SetupTarget,
        /// Remove what `setup` installed.
        #[arg(long)]
        undo: bool,
        /// kubectl: the folder on PATH for the `kubectl-doctor` link (default ~/.local/bin).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// The shell hook's copier beside a command (internal: the hook calls it).
    #[command(name = "hook-tee", hide = true)]
    HookTee {
        /// The shell's key (its pid).
        key: String,
        /// This call's token.
        token: String,
    },
    /// The shell hook's call after a command failed (internal: the hook calls it).
    #[command(name = "hook-report", hide = true)]
    HookReport {
        /// The shell's key (its pid).
        key: String,
        /// The call's token.
        token: String,
        /// The command's exit status.
        status: i32,
        /// The command and its arguments.
        #[arg(
            required = true,
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "COMMAND"
        )]
        command: Vec<OsString>,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
}

/// Shells that `ocidoctor init` supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HookShell {
    /// GNU Bash.
    Bash,
    /// Z shell.
    Zsh,
    /// The friendly interactive shell.
    Fish,
}

/// What `ocidoctor setup` installs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SetupTarget {
    /// The `docker doctor` plugin and its hooks in the Docker config.
    Docker,
    /// The `kubectl doctor` plugin.
    Kubectl,
    /// The bash hook, saved to a file that ~/.bashrc sources (faster than `eval "$(ocidoctor
    /// init bash)"`, which starts a process with every shell).
    Bash,
    /// The zsh hook, saved to a file that ~/.zshrc sources.
    Zsh,
    /// The fish hook, saved in ~/.config/fish/conf.d.
    Fish,
}

/// `ocidoctor rules ...`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules in use.
    List {
        /// Only this stage (build, registry, runtime, engine).
        #[arg(long)]
        stage: Option<String>,
        /// Only this category (missing-dependency, permissions, corrupt-file, network,
        /// configuration, resources, platform).
        #[arg(long)]
        category: Option<String>,
    },
    /// Validate a folder of rules and run their examples: each is validated, missing (the
    /// rule was not the top diagnosis) or noisy (a `not` text fired the rule).
    Check {
        /// The folder of rule files.
        dir: PathBuf,
        /// Also list the examples that passed.
        #[arg(long, short)]
        verbose: bool,
    },
}
