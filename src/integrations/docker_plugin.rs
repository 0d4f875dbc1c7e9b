//! The Docker CLI plugin (`docker doctor`) and its CLI hook.
//!
//! The Docker CLI finds `docker-doctor` in `~/.docker/cli-plugins/`, asks it for metadata
//! (`docker-cli-plugin-metadata`), and runs it as `docker-doctor doctor ARGS`. With hooks on
//! (`"features": {"hooks": "true"}` or `DOCKER_CLI_HOOKS=1`) and `"plugins": {"doctor":
//! {"hooks": "run,pull,..."}}` in its config, after each such command it runs, when its
//! standard output is a terminal, `docker-doctor doctor docker-cli-plugin-hooks '<json>'` with
//! `{"RootCmd": "run", "Flags": {...}, "CommandError": "..."}` (Flags unused here), and prints the `Template` of the
//! answer `{"Type": 0, "Template": "..."}` (a Go text/template) under "What's next:". An empty
//! answer is ignored, which is what a success or an unknown error gets.

use super::{compact, last};
use ocidoctor::Catalog;
use serde::Deserialize;

/// What the Docker CLI sends to a hook (docker/cli `cli-plugins/manager/hooks.go`).
#[derive(Debug, Deserialize)]
pub struct HookRequest {
    /// The configured hook that matched, e.g. `run`.
    #[serde(rename = "RootCmd", default)]
    pub root_cmd: String,
    /// The command's error message; empty when it succeeded.
    #[serde(rename = "CommandError", default)]
    pub command_error: String,
}

/// The plugin metadata the Docker CLI asks for.
pub fn metadata() -> String {
    serde_json::json!({
        "SchemaVersion": "0.1.0",
        "Vendor": "ocidoctor",
        "Version": env!("CARGO_PKG_VERSION"),
        "ShortDescription": "Diagnose container errors (ocidoctor)",
        "URL": "https://crates.io/crates/ocidoctor",
    })
    .to_string()
}

/// Answers a hook call: the JSON to print, or `None` to print nothing.
///
/// A diagnosed failure is recorded for `docker doctor last`.
pub fn hook(catalog: impl FnOnce() -> Option<Catalog>, request: &str, width: usize) -> Option<String> {
    let request: HookRequest = serde_json::from_str(request).ok()?;
    if request.command_error.trim().is_empty() || hook_disabled() {
        return None;
    }
    let catalog = catalog()?;
    let analysis = ocidoctor::analyze(&catalog, &request.command_error, None);
    let mut command = vec!["docker".to_string()];
    command.extend(request.root_cmd.split_whitespace().map(str::to_string));
    if analysis.diagnoses.is_empty() {
        return None;
    }
    let _ = last::save(&last::Failure {
        command,
        exit_code: None,
        when: last::now(),
        via: "docker-hook".into(),
        output: request.command_error.clone(),
    });
    // Docker indents each line by four spaces, and prints the template as it is: no colour.
    colored::control::set_override(false);
    let text = compact::render(&analysis.diagnoses, width.saturating_sub(4), "docker doctor");
    if text.trim().is_empty() {
        return None;
    }
    Some(serde_json::json!({"Type": 0, "Template": escape_template(text.trim_end())}).to_string())
}

/// The hook stays quiet inside `ocidoctor run` (which diagnoses itself) and when
/// `OCIDOCTOR_HOOK` is off.
fn hook_disabled() -> bool {
    std::env::var_os(super::WRAPPED_ENV).is_some()
        || std::env::var("OCIDOCTOR_HOOK").is_ok_and(|v| matches!(v.as_str(), "0" | "off" | "false" | "no"))
}

/// Makes `text` print literally through Go's text/template: only `{{` starts an action.
pub fn escape_template(text: &str) -> String {
    text.replace("{{", r#"{{"{{"}}"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_braces_are_escaped() {
        assert_eq!(escape_template("a {{.Name}} b }}"), r#"a {{"{{"}}.Name}} b }}"#);
    }

    #[test]
    fn a_successful_command_gets_no_answer() {
        let request = r#"{"RootCmd":"run","Flags":{},"CommandError":""}"#;
        assert_eq!(hook(|| panic!("the catalog is not needed"), request, 80), None);
    }
}
