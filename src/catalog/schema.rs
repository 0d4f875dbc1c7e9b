//! The rule file format, exactly as written in YAML. Unknown keys are rejected.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::fmt;

/// Where in the life of a container the failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// `docker build`, buildx, buildah.
    Build,
    /// Pull, push, login, image references.
    Registry,
    /// Creating and starting a container's process.
    Runtime,
    /// The daemon, the host, and the client's connection to them.
    Engine,
}

/// What kind of cause it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A file, program, library, image or object that is not there.
    MissingDependency,
    /// Access refused: file modes, users, LSMs, capabilities, credentials.
    Permissions,
    /// Content that is damaged, truncated or in the wrong format.
    CorruptFile,
    /// Name resolution, connections, TLS, proxies.
    Network,
    /// A setting, flag or file written wrongly.
    Configuration,
    /// Memory, disk, ports, limits.
    Resources,
    /// CPU architecture, OS, kernel or runtime version.
    Platform,
}

/// How sure a rule is of its cause when it fires.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// The text could come from many causes; a hint at best.
    Low,
    /// One of a few common causes.
    Medium,
    /// The text leaves no doubt.
    #[default]
    High,
}

/// Whether a rule names a root cause, a symptom of one, or only a generic reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A root cause: ranks above every symptom and fallback.
    #[default]
    Cause,
    /// A symptom (a step's exit code, a back-off): ranks below every cause.
    Symptom,
    /// A generic reading of an errno or exit code, reported only when nothing else fired.
    Fallback,
}

/// One rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// `<stage>/<name>`, kebab-case.
    pub id: Spanned<String>,
    /// One line; `{name}` is replaced by the named capture.
    pub title: Spanned<String>,
    /// Stage of the failure.
    pub stage: Stage,
    /// Category of the cause.
    pub category: Category,
    /// Confidence when the rule fires.
    #[serde(default)]
    pub confidence: Confidence,
    /// Cause, symptom or fallback.
    #[serde(default)]
    pub role: Role,
    /// 0-100: how common the cause is among rules firing on the same text.
    #[serde(default = "default_prior")]
    pub prior: Spanned<u8>,
    /// The patterns.
    #[serde(rename = "match")]
    pub matcher: MatchFile,
    /// What happened and why.
    pub explanation: Spanned<String>,
    /// Ordered remediation steps, safest first.
    pub steps: Vec<Spanned<String>>,
    /// A note on the insecure shortcut not to take.
    #[serde(default)]
    pub security: Option<String>,
    /// Steps that weaken security, shown marked as a trade-off.
    #[serde(default)]
    pub tradeoff_steps: Vec<String>,
    /// Official documentation.
    #[serde(default)]
    pub references: Vec<Spanned<String>>,
    /// Real texts this rule must diagnose first.
    #[serde(default)]
    pub examples: Vec<ExampleFile>,
    /// Texts this rule must not match.
    #[serde(default)]
    pub not: Vec<String>,
}

fn default_prior() -> Spanned<u8> {
    Spanned::new(50, serde_saphyr::Location::UNKNOWN, serde_saphyr::Location::UNKNOWN)
}

/// The `match:` block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchFile {
    /// At least one must match.
    #[serde(default)]
    pub any: Vec<Spanned<String>>,
    /// Every one must match.
    #[serde(default)]
    pub all: Vec<Spanned<String>>,
    /// None may match.
    #[serde(default)]
    pub not: Vec<Spanned<String>>,
}

/// One real example.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleFile {
    /// Where the text was printed: `owner/repo#N`, a URL, or how it was produced.
    pub source: String,
    /// The text, verbatim.
    pub text: String,
}

macro_rules! display_kebab {
    ($($ty:ty),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let value = serde_json::to_value(self).map_err(|_| fmt::Error)?;
                f.write_str(value.as_str().unwrap_or_default())
            }
        }
    )*};
}
display_kebab!(Stage, Category, Confidence, Role);
