//! `ocidoctor setup docker|kubectl|bash|zsh|fish [--undo]`: puts the plugin links in place and,
//! for Docker, merges the hook settings into the Docker config, keeping every other key; for a
//! shell, saves its hook to a file and has the shell's start-up file source it.

use super::{DOCKER_PLUGIN, KUBECTL_PLUGIN};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The commands after which the Docker CLI calls the hook.
pub const DOCKER_HOOKS: &str = "run,pull,build,create,start,exec";

/// Errors of `setup`.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: not valid JSON ({source}); fix or move it, then run `ocidoctor setup docker` again")]
    Json { path: PathBuf, source: serde_json::Error },
    #[error("{path}: the top level is not a JSON object; fix or move it first")]
    NotObject { path: PathBuf },
    #[error("{0} exists and is not a link to ocidoctor; remove it, then run setup again")]
    Occupied(PathBuf),
    #[error("neither DOCKER_CONFIG nor HOME is set")]
    NoHome,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SetupError + '_ {
    move |source| SetupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The Docker config folder: `$DOCKER_CONFIG`, else `~/.docker`.
pub fn docker_config_dir() -> Result<PathBuf, SetupError> {
    if let Some(dir) = std::env::var_os("DOCKER_CONFIG").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".docker"))
        .ok_or(SetupError::NoHome)
}

/// Installs (or with `undo`, removes) the Docker plugin and its hook settings. Returns what was
/// done, one line each.
pub fn docker(exe: &Path, undo: bool) -> Result<Vec<String>, SetupError> {
    let dir = docker_config_dir()?;
    let link = dir.join("cli-plugins").join(DOCKER_PLUGIN);
    let config = dir.join("config.json");
    let mut done = Vec::new();
    if undo {
        if unlink(&link, exe)? {
            done.push(format!("removed {}", link.display()));
        }
        if edit_json(&config, remove_hooks)? {
            done.push(format!("removed the doctor hook from {}", config.display()));
        }
    } else {
        if place_link(&link, exe)? {
            done.push(format!("linked {} -> {}", link.display(), exe.display()));
        }
        if edit_json(&config, add_hooks)? {
            done.push(format!("enabled CLI hooks for {DOCKER_HOOKS} in {}", config.display()));
        }
    }
    Ok(done)
}

/// Installs (or removes) the `kubectl-doctor` link in `dir` (default `~/.local/bin`).
pub fn kubectl(exe: &Path, dir: Option<PathBuf>, undo: bool) -> Result<(Vec<String>, PathBuf), SetupError> {
    let dir = match dir {
        Some(d) => d,
        None => std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(".local").join("bin"))
            .ok_or(SetupError::NoHome)?,
    };
    let link = dir.join(KUBECTL_PLUGIN);
    let mut done = Vec::new();
    if undo {
        if unlink(&link, exe)? {
            done.push(format!("removed {}", link.display()));
        }
    } else if place_link(&link, exe)? {
        done.push(format!("linked {} -> {}", link.display(), exe.display()));
    }
    Ok((done, dir))
}

/// The line `setup` adds to a start-up file, before the hook file's path.
const SOURCE_MARK: &str = "# ocidoctor hook (`ocidoctor setup SHELL --undo` removes it)";

/// Saves `hook` to `file` and has `rc` source it (no `rc` for fish, whose conf.d folder holds
/// the file itself); with `undo`, removes both. Sourcing a saved hook starts no process, where
/// `eval "$(ocidoctor init bash)"` starts one with every shell. Returns what was done.
pub fn shell_hook(hook: &str, file: &Path, rc: Option<&Path>, undo: bool) -> Result<Vec<String>, SetupError> {
    let mut done = Vec::new();
    let quoted = format!("'{}'", file.display().to_string().replace('\'', r"'\''"));
    let line = format!("[ -f {quoted} ] && . {quoted} {SOURCE_MARK}");
    if undo {
        if let Some(rc) = rc {
            if let Ok(old) = std::fs::read_to_string(rc) {
                let kept: Vec<&str> = old.lines().filter(|l| !l.ends_with(SOURCE_MARK)).collect();
                if kept.len() != old.lines().count() {
                    let mut new = kept.join("\n");
                    if old.ends_with('\n') {
                        new.push('\n');
                    }
                    std::fs::write(rc, new).map_err(io(rc))?;
                    done.push(format!("removed the hook line from {}", rc.display()));
                }
            }
        }
        if file.exists() {
            std::fs::remove_file(file).map_err(io(file))?;
            done.push(format!("removed {}", file.display()));
        }
        return Ok(done);
    }
    if std::fs::read_to_string(file).ok().as_deref() != Some(hook) {
        let parent = file.parent().expect("a hook file has a folder");
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        std::fs::write(file, hook).map_err(io(file))?;
        done.push(format!("wrote {}", file.display()));
    }
    if let Some(rc) = rc {
        let old = match std::fs::read_to_string(rc) {
            Ok(old) => old,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(io(rc)(e)),
        };
        if !old.lines().any(|l| l == line) {
            let mut new: String = old
                .lines()
                .filter(|l| !l.ends_with(SOURCE_MARK))
                .collect::<Vec<_>>()
                .join("\n");
            if !new.is_empty() {
                new.push('\n');
            }
            new.push_str(&line);
            new.push('\n');
            std::fs::write(rc, new).map_err(io(rc))?;
            done.push(format!("added `. {}` to {}", file.display(), rc.display()));
        }
    }
    Ok(done)
}

/// Whether `link` is a symbolic link to an ocidoctor binary (this one, or one named so).
fn is_ours(link: &Path, exe: &Path) -> bool {
    let Ok(target) = std::fs::read_link(link) else {
        return false;
    };
    target == exe
        || std::fs::canonicalize(link).ok().as_deref() == Some(exe)
        || target.file_name().is_some_and(|n| n == "ocidoctor")
}

/// Links `link` to `exe`; false when it was already so.
fn place_link(link: &Path, exe: &Path) -> Result<bool, SetupError> {
    if std::fs::read_link(link).is_ok_and(|t| t == exe) {
        return Ok(false);
    }
    if link.symlink_metadata().is_ok() {
        if !is_ours(link, exe) {
            return Err(SetupError::Occupied(link.to_path_buf()));
        }
        std::fs::remove_file(link).map_err(io(link))?;
    }
    let parent = link.parent().expect("a link path has a folder");
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    std::os::unix::fs::symlink(exe, link).map_err(io(link))?;
    Ok(true)
}

/// Removes `link` if it is ours; false when there was nothing to remove.
fn unlink(link: &Path, exe: &Path) -> Result<bool, SetupError> {
    if link.symlink_metadata().is_err() {
        return Ok(false);
    }
    if !is_ours(link, exe) {
        return Err(SetupError::Occupied(link.to_path_buf()));
    }
    std::fs::remove_file(link).map_err(io(link))?;
    Ok(true)
}

/// Applies `change` to the JSON object in `path` (an empty one when the file is missing) and
/// writes it back if it changed, with the same permissions (0600 for a new file: it may hold
/// credentials), through a temporary file renamed into place. A linked config.json is edited
/// where it really lives.
fn edit_json(path: &Path, change: fn(&mut Map<String, Value>) -> bool) -> Result<bool, SetupError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let (mut object, mode) = match std::fs::read(&path) {
        Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => (Map::new(), None),
        Ok(bytes) => match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => (map, std::fs::metadata(&path).ok().map(|m| m.permissions().mode())),
            Ok(_) => return Err(SetupError::NotObject { path }),
            Err(source) => return Err(SetupError::Json { path, source }),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Map::new(), None),
        Err(e) => return Err(io(&path)(e)),
    };
    if !change(&mut object) {
        return Ok(false);
    }
    let parent = path.parent().expect("config.json has a folder");
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let tmp = parent.join(format!(".config.json.ocidoctor.{}", std::process::id()));
    let mut text = serde_json::to_string_pretty(&Value::Object(object)).expect("JSON values serialise");
    text.push('\n');
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .and_then(|_| match mode {
            Some(mode) => std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(mode & 0o7777)),
            None => Ok(()),
        })
        .and_then(|_| std::fs::rename(&tmp, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(&path)(e));
    }
    Ok(true)
}

fn object<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let slot = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut().expect("just made an object")
}

/// Turns hooks on and registers the doctor hook; false when both were already so.
pub fn add_hooks(config: &mut Map<String, Value>) -> bool {
    let mut changed = false;
    let features = object(config, "features");
    if features.get("hooks").and_then(Value::as_str) != Some("true") {
        features.insert("hooks".into(), Value::String("true".into()));
        changed = true;
    }
    let doctor = object(object(config, "plugins"), "doctor");
    if doctor.get("hooks").and_then(Value::as_str) != Some(DOCKER_HOOKS) {
        doctor.insert("hooks".into(), Value::String(DOCKER_HOOKS.into()));
        changed = true;
    }
    changed
}

/// Removes the doctor hook, and turns hooks off again when no other plugin uses them; false
/// when there was nothing to remove.
pub fn remove_hooks(config: &mut Map<String, Value>) -> bool {
    let Some(plugins) = config.get_mut("plugins").and_then(Value::as_object_mut) else {
        return false;
    };
    if plugins.remove("doctor").is_none() {
        return false;
    }
    let others_hook = plugins
        .values()
        .any(|p| p.get("hooks").and_then(Value::as_str).is_some_and(|h| !h.is_empty()));
    if plugins.is_empty() {
        config.remove("plugins");
    }
    if !others_hook {
        if let Some(features) = config.get_mut("features").and_then(Value::as_object_mut) {
            if features.get("hooks").and_then(Value::as_str) == Some("true") {
                features.remove("hooks");
            }
            if features.is_empty() {
                config.remove("features");
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_merge_and_undo_keep_every_other_key() {
        let original = serde_json::json!({
            "auths": {"ghcr.io": {"auth": "dXNlcjpwYXNz"}},
            "credsStore": "pass",
            "features": {"buildkit": "true"},
            "plugins": {"other": {"hooks": "", "x": "y"}}
        });
        let mut config = original.as_object().unwrap().clone();
        assert!(add_hooks(&mut config));
        assert!(!add_hooks(&mut config), "a second run changes nothing");
        assert_eq!(config["features"]["hooks"], "true");
        assert_eq!(config["features"]["buildkit"], "true");
        assert_eq!(config["plugins"]["doctor"]["hooks"], DOCKER_HOOKS);
        assert_eq!(config["plugins"]["other"]["x"], "y");
        assert_eq!(config["auths"], original["auths"]);
        assert!(remove_hooks(&mut config));
        assert!(!remove_hooks(&mut config));
        assert_eq!(Value::Object(config), original);
    }
}
