//! `ocidoctor init bash|zsh|fish`: shell code that wraps docker, podman, nerdctl, kubectl and
//! docker-compose in functions, so a failed call is diagnosed right after it fails.
//!
//! Each function runs its command once, with its standard input and output untouched, and
//! diagnoses it only when it failed. Its standard error goes through a copier started beside
//! it, as `tee` would be (`ocidoctor-tee hook-tee`, a small binary installed beside ocidoctor,
//! else `ocidoctor hook-tee`; it keeps the end, see [`super::capture`]), so a successful call
//! starts no ocidoctor process in its path and costs what a tee costs. A call
//! that may draw progress on a terminal there (builds, compose, pulls, runs that pull) goes
//! instead through `ocidoctor run`, which gives it a pseudo-terminal, when standard error is a
//! terminal. Sourcing the code starts no process: it only defines functions, with builtins. `OCIDOCTOR_COMMANDS`, read
//! when the hook is loaded, replaces the list of wrapped commands; `OCIDOCTOR_HOOK=off` (or `0`,
//! `false`, `no`), read at every call, turns the hook off.

use crate::cli::HookShell;
use std::path::Path;

/// Wrapped when `OCIDOCTOR_COMMANDS` is unset.
pub const DEFAULT_COMMANDS: &str = "docker podman nerdctl kubectl docker-compose";

/// The name of the copier's own binary, installed beside `ocidoctor` (see `src/bin`).
pub const TEE_BINARY: &str = "ocidoctor-tee";

/// The hook for `shell`, calling the ocidoctor binary at `exe`.
pub fn init(shell: HookShell, exe: &Path) -> String {
    let bin = quote(&exe.to_string_lossy());
    // The copier starts beside every call: its own small binary when installed next to this
    // one, else this binary's `hook-tee` (the hook checks again at each call).
    let beside = exe.with_file_name(TEE_BINARY);
    let tee = quote(&if beside.is_file() { beside } else { exe.to_path_buf() }.to_string_lossy());
    match shell {
        HookShell::Bash | HookShell::Zsh => {
            // A token for each call, which a subshell (a pipeline) must not repeat: zsh's
            // $RANDOM does repeat there, so the clock in microseconds comes first.
            let token = if shell == HookShell::Zsh {
                r#""${(%):-%D{%s%6.\}}$RANDOM""#
            } else {
                r#""${EPOCHREALTIME//[!0-9]/}$RANDOM""#
            };
            // zsh does not split unquoted parameters: `${=VAR}` asks it to.
            let list = if shell == HookShell::Zsh {
                "${=OCIDOCTOR_COMMANDS-$__ocidoctor_default}"
            } else {
                "${OCIDOCTOR_COMMANDS-$__ocidoctor_default}"
            };
            POSIX
                .replace("@BIN@", &bin)
                .replace("@TEE@", &tee)
                .replace("@DEFAULT@", DEFAULT_COMMANDS)
                .replace("@LIST@", list)
                .replace("@SHELL@", if shell == HookShell::Zsh { "zsh" } else { "bash" })
                .replace("@TOKEN@", token)
        }
        HookShell::Fish => FISH
            .replace("@BIN@", &bin)
            .replace("@TEE@", &tee)
            .replace("@DEFAULT@", DEFAULT_COMMANDS),
    }
}

/// Single-quotes `text` for bash, zsh and fish alike.
fn quote(text: &str) -> String {
    if text.contains('\\') {
        // fish reads `\\` inside single quotes as one backslash; bash and zsh do not.
        // Paths with backslashes are rare enough to refuse the ambiguity by doubling quotes
        // around each backslash: 'a'\''b' style works in all three for `'`, and `\` is
        // written outside quotes as `\\`.
        return text.split('\\').map(quote).collect::<Vec<_>>().join("\\\\");
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

const POSIX: &str = r#"# ocidoctor shell hook (@SHELL@): eval "$(ocidoctor init @SHELL@)"
# Failed docker, podman, nerdctl, kubectl and docker-compose calls are diagnosed on the spot;
# `ocidoctor last` shows the full report. OCIDOCTOR_COMMANDS (read now) sets the wrapped
# commands; OCIDOCTOR_HOOK=off turns the hook off.
__ocidoctor_bin=@BIN@
__ocidoctor_tee=@TEE@
__ocidoctor_default='@DEFAULT@'
# Whether a call may draw progress on a terminal on its standard error (builds, compose,
# pulls, and runs that pull): those keep a terminal there, through `ocidoctor run`.
__ocidoctor_draws() {
  case "$1" in
    kubectl) return 1 ;;
    *compose) return 0 ;;
  esac
  shift
  local __ocidoctor_arg
  for __ocidoctor_arg in "$@"; do
    case "$__ocidoctor_arg" in
      build|buildx|bake|builder|compose|pull|push|run|create|up) return 0 ;;
    esac
  done
  return 1
}
__ocidoctor_wrap() {
  case "${OCIDOCTOR_HOOK-}" in
    0|off|false|no) command "$@"; return ;;
  esac
  if [ ! -x "$__ocidoctor_bin" ]; then
    command "$@"; return
  fi
  if [ -t 2 ] && __ocidoctor_draws "$@"; then
    "$__ocidoctor_bin" run -- "$@"; return
  fi
  # Anything else: standard error goes through a copier started beside the command, like a
  # tee, which keeps its end; ocidoctor runs again only when the command failed.
  local __ocidoctor_token=@TOKEN@ __ocidoctor_status __ocidoctor_copier="$__ocidoctor_tee"
  [ -x "$__ocidoctor_copier" ] || __ocidoctor_copier="$__ocidoctor_bin"
  OCIDOCTOR_WRAPPED=1 command "$@" 2> >(exec "$__ocidoctor_copier" hook-tee "$$" "$__ocidoctor_token")
  __ocidoctor_status=$?
  case "$__ocidoctor_status" in
    0|130|141) ;;
    *) "$__ocidoctor_bin" hook-report "$$" "$__ocidoctor_token" "$__ocidoctor_status" -- "$@" ;;
  esac
  return "$__ocidoctor_status"
}
for __ocidoctor_cmd in @LIST@; do
  case "$__ocidoctor_cmd" in
    *[!A-Za-z0-9_.-]*|'') continue ;;
  esac
  eval "$__ocidoctor_cmd() { __ocidoctor_wrap $__ocidoctor_cmd \"\$@\"; }"
done
unset __ocidoctor_cmd
"#;

const FISH: &str = r#"# ocidoctor shell hook (fish): ocidoctor init fish | source
# Failed docker, podman, nerdctl, kubectl and docker-compose calls are diagnosed on the spot;
# `ocidoctor last` shows the full report. OCIDOCTOR_COMMANDS (read now) sets the wrapped
# commands; OCIDOCTOR_HOOK=off turns the hook off.
set -g __ocidoctor_bin @BIN@
set -g __ocidoctor_tee @TEE@
# Whether a call may draw progress on a terminal on its standard error (builds, compose,
# pulls, and runs that pull): those keep a terminal there, through `ocidoctor run`.
function __ocidoctor_draws
    switch $argv[1]
        case kubectl
            return 1
        case '*compose'
            return 0
    end
    for arg in $argv[2..-1]
        switch $arg
            case build buildx bake builder compose pull push run create up
                return 0
        end
    end
    return 1
end
function __ocidoctor_wrap
    if contains -- "$OCIDOCTOR_HOOK" 0 off false no; or not test -x $__ocidoctor_bin
        command $argv
        return
    end
    if test -t 2; and __ocidoctor_draws $argv
        $__ocidoctor_bin run -- $argv
        return
    end
    # Anything else: standard error goes through a copier, like a tee, which keeps its end;
    # ocidoctor runs again only when the command failed.
    set -l token (random)(random)
    set -l copier $__ocidoctor_tee
    test -x $copier; or set copier $__ocidoctor_bin
    OCIDOCTOR_WRAPPED=1 command $argv 2>| $copier hook-tee $fish_pid $token
    set -l code $pipestatus[1]
    switch $code
        case 0 130 141
        case '*'
            $__ocidoctor_bin hook-report $fish_pid $token $code -- $argv
    end
    return $code
end
set -l __ocidoctor_cmds @DEFAULT@
if set -q OCIDOCTOR_COMMANDS
    set __ocidoctor_cmds (string split -n ' ' -- $OCIDOCTOR_COMMANDS)
end
for __ocidoctor_cmd in $__ocidoctor_cmds
    if string match -qr '^[A-Za-z0-9_.-]+$' -- $__ocidoctor_cmd
        function $__ocidoctor_cmd --inherit-variable __ocidoctor_cmd
            __ocidoctor_wrap $__ocidoctor_cmd $argv
        end
    end
end
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copiers_own_binary_is_used_when_installed_beside() {
        let dir = std::env::temp_dir().join(format!("ocidoctor-shell-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let exe = dir.join("ocidoctor");
        let tee = format!("'{}'", dir.join(TEE_BINARY).display());
        assert!(!init(HookShell::Bash, &exe).contains(&tee));
        std::fs::write(dir.join(TEE_BINARY), "").unwrap();
        for shell in [HookShell::Bash, HookShell::Zsh, HookShell::Fish] {
            assert!(init(shell, &exe).contains(&tee), "{shell:?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn quoting_survives_quotes_in_the_path() {
        assert_eq!(quote("/usr/bin/ocidoctor"), "'/usr/bin/ocidoctor'");
        assert_eq!(quote("/it's/x"), r"'/it'\''s/x'");
    }

    #[test]
    fn every_shell_gets_the_binary_and_the_off_switch() {
        for shell in [HookShell::Bash, HookShell::Zsh, HookShell::Fish] {
            let code = init(shell, Path::new("/opt/o d/ocidoctor"));
            assert!(code.contains("'/opt/o d/ocidoctor'"), "{shell:?}");
            assert!(
                !code.contains("@TEE@") && !code.contains("'/opt/o d/ocidoctor-tee'"),
                "{shell:?}: no copier there"
            );
            assert!(code.contains("OCIDOCTOR_HOOK"), "{shell:?}");
            assert!(code.contains("run --"), "{shell:?}");
        }
    }
}
