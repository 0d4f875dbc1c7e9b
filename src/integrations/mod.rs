//! Meeting users where the error happens: a command wrapper (`ocidoctor run`), shell hooks
//! (`ocidoctor init`), the Docker and kubectl plugins, and `ocidoctor setup`, which installs them.
//! The binary picks its role from argv[0]: `docker-doctor` is a Docker CLI plugin,
//! `kubectl-doctor` a kubectl plugin, anything else is plain `ocidoctor`.

pub mod capture;
pub mod compact;
pub mod docker_plugin;
pub mod last;
pub mod run;
pub mod setup;
pub mod shell;
pub mod state;
pub mod tail;

use std::ffi::OsString;
use std::path::Path;

/// The name the Docker CLI finds the plugin under (`docker-<name>` in `cli-plugins/`).
pub const DOCKER_PLUGIN: &str = "docker-doctor";
/// The name kubectl finds the plugin under (`kubectl-<name>` on `PATH`).
pub const KUBECTL_PLUGIN: &str = "kubectl-doctor";

/// Set in the environment of a command that `ocidoctor run` wraps, so that a Docker CLI hook
/// inside it leaves the diagnosis to the wrapper instead of printing it twice.
pub const WRAPPED_ENV: &str = "OCIDOCTOR_WRAPPED";

/// What this process was asked to do, decided from argv[0] and the first arguments.
#[derive(Debug, PartialEq, Eq)]
pub enum Invocation {
    /// Parse `args` as the ordinary command line, under the program name `name`.
    Cli { name: &'static str, args: Vec<OsString> },
    /// `docker-doctor docker-cli-plugin-metadata`: the plugin's metadata JSON.
    DockerMetadata,
    /// `docker-doctor doctor docker-cli-plugin-hooks '<json>'`: a Docker CLI hook call.
    DockerHook(String),
    /// `ocidoctor run -- CMD [ARGS...]`, the exact form the shell hook calls before every wrapped
    /// command: run it without building the argument parser, whose set-up would be most of the
    /// wrapper's own cost. Any other form of `run` goes through the parser.
    HookRun(Vec<OsString>),
    /// `ocidoctor hook-tee KEY TOKEN`: the shell hook's copier beside a command (see
    /// [`capture`]).
    HookTee { key: String, token: String },
    /// `ocidoctor hook-report KEY TOKEN STATUS -- CMD [ARGS...]`: the shell hook's call after a
    /// command failed with STATUS, to diagnose what the copier kept.
    HookReport {
        key: String,
        token: String,
        status: i32,
        command: Vec<OsString>,
    },
}

/// The hook's own forms, taken without the argument parser when every part is well formed;
/// anything else goes to the parser, which explains what is wrong.
fn hook_form(args: &[OsString]) -> Option<Invocation> {
    let text = |i: usize| args.get(i).and_then(|a| a.to_str());
    let (key, token) = (text(2)?, text(3)?);
    if !capture::valid(key) || !capture::valid(token) {
        return None;
    }
    let (key, token) = (key.to_string(), token.to_string());
    match text(1)? {
        "hook-tee" if args.len() == 4 => Some(Invocation::HookTee { key, token }),
        "hook-report" if args.len() > 6 && args[5] == "--" => Some(Invocation::HookReport {
            key,
            token,
            status: text(4)?.parse().ok()?,
            command: args[6..].to_vec(),
        }),
        _ => None,
    }
}

/// Decides the role from the process arguments (argv[0] included).
pub fn invocation(mut args: Vec<OsString>) -> Invocation {
    let program = args
        .first()
        .and_then(|a| Path::new(a).file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("ocidoctor")
        .to_string();
    match program.as_str() {
        DOCKER_PLUGIN => {
            if args.get(1).is_some_and(|a| a == "docker-cli-plugin-metadata") {
                return Invocation::DockerMetadata;
            }
            // The Docker CLI passes the plugin's own name first: `docker-doctor doctor ARGS`.
            if args.get(1).is_some_and(|a| a == "doctor") {
                args.remove(1);
            }
            if args.get(1).is_some_and(|a| a == "docker-cli-plugin-hooks") {
                let json = args
                    .get(2)
                    .map(|a| a.to_string_lossy().into_owned())
                    .unwrap_or_default();
                return Invocation::DockerHook(json);
            }
            Invocation::Cli {
                name: "docker doctor",
                args,
            }
        }
        KUBECTL_PLUGIN => Invocation::Cli {
            name: "kubectl doctor",
            args,
        },
        _ if args.len() > 3 && args[1] == "run" && args[2] == "--" => Invocation::HookRun(args.split_off(3)),
        _ => hook_form(&args).unwrap_or(Invocation::Cli {
            name: "ocidoctor",
            args,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn argv0_picks_the_role() {
        let cases: &[(&[&str], Invocation)] = &[
            (
                &["/usr/bin/ocidoctor", "x.log"],
                Invocation::Cli {
                    name: "ocidoctor",
                    args: args(&["/usr/bin/ocidoctor", "x.log"]),
                },
            ),
            (
                &["/h/.docker/cli-plugins/docker-doctor", "docker-cli-plugin-metadata"],
                Invocation::DockerMetadata,
            ),
            (
                &["docker-doctor", "doctor", "docker-cli-plugin-hooks", "{}"],
                Invocation::DockerHook("{}".into()),
            ),
            (
                &["docker-doctor", "doctor", "explain", "x"],
                Invocation::Cli {
                    name: "docker doctor",
                    args: args(&["docker-doctor", "explain", "x"]),
                },
            ),
            (
                &["ocidoctor", "run", "--", "docker", "run", "--rm", "-it", "alpine"],
                Invocation::HookRun(args(&["docker", "run", "--rm", "-it", "alpine"])),
            ),
            (
                &["ocidoctor", "run", "--"],
                Invocation::Cli {
                    name: "ocidoctor",
                    args: args(&["ocidoctor", "run", "--"]),
                },
            ),
            (
                &["ocidoctor", "run", "--tail-bytes", "10", "--", "false"],
                Invocation::Cli {
                    name: "ocidoctor",
                    args: args(&["ocidoctor", "run", "--tail-bytes", "10", "--", "false"]),
                },
            ),
            (
                &["ocidoctor", "hook-tee", "4242", "17"],
                Invocation::HookTee {
                    key: "4242".into(),
                    token: "17".into(),
                },
            ),
            (
                &[
                    "ocidoctor",
                    "hook-report",
                    "4242",
                    "17",
                    "125",
                    "--",
                    "docker",
                    "run",
                    "x",
                ],
                Invocation::HookReport {
                    key: "4242".into(),
                    token: "17".into(),
                    status: 125,
                    command: args(&["docker", "run", "x"]),
                },
            ),
            (
                &["ocidoctor", "hook-tee", "../x", "17"],
                Invocation::Cli {
                    name: "ocidoctor",
                    args: args(&["ocidoctor", "hook-tee", "../x", "17"]),
                },
            ),
            (
                &["ocidoctor", "hook-report", "1", "2", "x", "--", "docker"],
                Invocation::Cli {
                    name: "ocidoctor",
                    args: args(&["ocidoctor", "hook-report", "1", "2", "x", "--", "docker"]),
                },
            ),
            (
                &["/bin/kubectl-doctor", "-"],
                Invocation::Cli {
                    name: "kubectl doctor",
                    args: args(&["/bin/kubectl-doctor", "-"]),
                },
            ),
        ];
        for (argv, want) in cases {
            assert_eq!(&invocation(args(argv)), want, "{argv:?}");
        }
    }
}
