//! A lab of real container start failures.
//!
//! Each case builds a small OCI bundle (a busybox rootfs and the `config.json` of `runc spec`)
//! with one thing wrong, starts it with the real `runc run` (no tty, a unique container id, a
//! timeout, always `runc delete -f` afterwards), and feeds exactly what runc printed (stdout and
//! stderr, interleaved) to `ocidoctor::diagnose`. The expected cause must be in the top 3, and the
//! top diagnosis when the text is unambiguous. Every case prints one row: what runc printed and
//! ocidoctor's top 3 (`cargo test --test lab -- --nocapture`).
//!
//! The lab needs root, `runc` and a static busybox (`.ci/run` installs `runc` and
//! `busybox-static`). Without them each case prints `SKIPPED: <why>` and returns; a failure that
//! the runtime does not reproduce fails its case. The real outputs are kept in
//! `tests/lab/fixtures/<case>.txt` (written when missing; `OCIDOCTOR_LAB_UPDATE_FIXTURES=1`
//! rewrites them).

#[path = "lab/support.rs"]
mod support;

use std::fs;
use support::{check, host, skip, tiny_elf, Bundle, Case, Expect};

/// `Err` from a case's setup: why it cannot run on this host.
type Setup = Result<(), String>;

/// Builds the case's bundle with these busybox applets, runs it with runc, checks the diagnosis.
fn lab(case: Case, applets: &[&str], build: impl FnOnce(&mut Bundle) -> Setup) {
    let host = match host() {
        Ok(host) => host,
        Err(why) => return skip(case.name, &why),
    };
    let mut bundle = Bundle::new(host, applets);
    if let Err(why) = build(&mut bundle) {
        return skip(case.name, &why);
    }
    let run = bundle.run(host, case.name);
    check(&case, &run);
}

/// A shell script, with its shebang line as given.
const SCRIPT: &[u8] = b"#!/bin/sh\necho started\n";

// ---- the 15 classic start failures ----------------------------------------------------------

#[test]
fn missing_entrypoint() {
    let case = Case {
        name: "missing-entrypoint",
        setup: "args [/app/server]; nothing at /app/server",
        reproduced_by: &["stat /app/server: no such file or directory"],
        expect: Expect::rules(&["runtime/entrypoint-path-missing"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["/app/server"]);
        Ok(())
    });
}

#[test]
fn command_not_in_path() {
    let case = Case {
        name: "command-not-in-path",
        setup: "args [server]; no `server` in any PATH directory",
        reproduced_by: &["executable file not found in $PATH"],
        expect: Expect::rules(&["runtime/executable-not-found"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["server"]);
        Ok(())
    });
}

#[test]
fn no_shell_in_image() {
    let case = Case {
        name: "no-shell-in-image",
        setup: "args [sh -c 'echo hi']; rootfs has busybox but no sh",
        reproduced_by: &["exec: \\\"sh\\\": executable file not found in $PATH"],
        expect: Expect::rules(&["runtime/shell-not-in-path", "runtime/no-shell-in-image"]).top1(),
    };
    lab(case, &["ls"], |b| {
        b.args(&["sh", "-c", "echo hi"]);
        Ok(())
    });
}

#[test]
fn script_without_shebang() {
    let case = Case {
        name: "script-without-shebang",
        setup: "args [/entry.sh]; /entry.sh (0755) starts with `echo`, no #! line",
        reproduced_by: &["exec /entry.sh: exec format error"],
        expect: Expect::rules(&["runtime/exec-format-error-no-shebang"]),
    };
    lab(case, &["sh"], |b| {
        b.args(&["/entry.sh"]).file("/entry.sh", b"echo started\n", 0o755);
        Ok(())
    });
}

#[test]
fn entrypoint_not_executable() {
    let case = Case {
        name: "entrypoint-not-executable",
        setup: "args [/entry.sh]; /entry.sh is a script with mode 0644",
        reproduced_by: &["/entry.sh", "permission denied"],
        expect: Expect::rules(&["runtime/entrypoint-not-executable"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["/entry.sh"]).file("/entry.sh", SCRIPT, 0o644);
        Ok(())
    });
}

#[test]
fn crlf_shebang() {
    let case = Case {
        name: "crlf-shebang",
        setup: "args [/entry.sh]; /entry.sh (0755) has CRLF line endings: `#!/bin/sh\\r\\n`",
        reproduced_by: &["exec /entry.sh: no such file or directory"],
        expect: Expect::rules(&["runtime/exec-enoent-crlf-shebang", "runtime/script-crlf-line-endings"]),
    };
    lab(case, &["sh"], |b| {
        b.args(&["/entry.sh"])
            .file("/entry.sh", b"#!/bin/sh\r\necho started\r\n", 0o755);
        Ok(())
    });
}

#[test]
fn missing_dynamic_loader() {
    let case = Case {
        name: "missing-dynamic-loader",
        setup: "args [/app]; /app is a host-arch ELF whose PT_INTERP is /lib/ld-missing.so (absent)",
        reproduced_by: &["exec /app: no such file or directory"],
        expect: Expect::rules(&["runtime/exec-enoent-missing-loader"]),
    };
    lab(case, &["sh"], |b| {
        let machine = support::host_machine()
            .ok_or_else(|| format!("the lab cannot write an ELF for {}", std::env::consts::ARCH))?;
        b.args(&["/app"])
            .file("/app", &tiny_elf(machine, Some("/lib/ld-missing.so")), 0o755);
        Ok(())
    });
}

#[test]
fn binary_for_another_cpu() {
    let case = Case {
        name: "binary-for-another-cpu",
        setup: "args [/app]; /app is an ELF for another CPU (aarch64 on x86_64), no binfmt emulator",
        reproduced_by: &["exec /app: exec format error"],
        expect: Expect::rules(&[
            "runtime/exec-format-error-architecture",
            "runtime/exec-format-error-platform-mismatch",
        ]),
    };
    lab(case, &["sh"], |b| {
        let (machine, _) = support::foreign_machine()?;
        b.args(&["/app"]).file("/app", &tiny_elf(machine, None), 0o755);
        Ok(())
    });
}

#[test]
fn bind_source_missing() {
    let case = Case {
        name: "bind-source-missing",
        setup: "bind mount of a host path that does not exist onto /data",
        reproduced_by: &["error mounting", "no such file or directory"],
        expect: Expect::rules(&["runtime/bind-source-missing"]).top1(),
    };
    lab(case, &["sh"], |b| {
        let source = b.host_path("no-such-dir");
        b.args(&["sh", "-c", "true"])
            .mount("/data", "bind", &source, &["rbind"]);
        Ok(())
    });
}

#[test]
fn file_mounted_onto_directory() {
    let case = Case {
        name: "file-mounted-onto-directory",
        setup: "bind mount of a host file onto /etc/conf, a directory in the rootfs",
        reproduced_by: &["error mounting", "not a directory"],
        expect: Expect::rules(&["runtime/bind-mount-file-dir-mismatch"]).top1(),
    };
    lab(case, &["sh"], |b| {
        let source = b.host_path("app.conf");
        support::write_file(&source, b"key = value\n", 0o644);
        b.args(&["sh", "-c", "true"]).file("/etc/conf/keep", b"", 0o644).mount(
            "/etc/conf",
            "bind",
            &source,
            &["rbind"],
        );
        Ok(())
    });
}

#[test]
fn directory_mounted_onto_file() {
    let case = Case {
        name: "directory-mounted-onto-file",
        setup: "bind mount of a host directory onto /etc/app.conf, a file in the rootfs",
        reproduced_by: &["error mounting", "not a directory"],
        expect: Expect::rules(&["runtime/bind-mount-file-dir-mismatch"]).top1(),
    };
    lab(case, &["sh"], |b| {
        let source = b.host_path("conf.d");
        fs::create_dir_all(&source).map_err(|e| e.to_string())?;
        b.args(&["sh", "-c", "true"]).file("/etc/app.conf", b"", 0o644).mount(
            "/etc/app.conf",
            "bind",
            &source,
            &["rbind"],
        );
        Ok(())
    });
}

#[test]
fn noexec_mount() {
    let case = Case {
        name: "noexec-mount",
        setup: "args [/app/run.sh]; /app is a bind mount with `noexec`, run.sh is 0755 with a good #!",
        reproduced_by: &["exec /app/run.sh: permission denied"],
        expect: Expect::rules(&["runtime/entrypoint-on-noexec-mount"]).or_titled(Some("permissions"), &["noexec"]),
    };
    lab(case, &["sh"], |b| {
        let source = b.host_path("app");
        support::write_file(&source.join("run.sh"), SCRIPT, 0o755);
        fs::create_dir_all(b.rootfs("/app")).map_err(|e| e.to_string())?;
        b.args(&["/app/run.sh"])
            .mount("/app", "bind", &source, &["rbind", "ro", "noexec"]);
        Ok(())
    });
}

#[test]
fn workdir_is_a_file() {
    let case = Case {
        name: "workdir-is-a-file",
        setup: "process.cwd = /srv/app, which is a regular file in the rootfs",
        reproduced_by: &["mkdir /srv/app: not a directory"],
        expect: Expect::rules(&["runtime/workdir-not-a-directory"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "true"])
            .file("/srv/app", b"not a directory\n", 0o644);
        b.config["process"]["cwd"] = "/srv/app".into();
        Ok(())
    });
}

#[test]
fn missing_rootfs() {
    let case = Case {
        name: "missing-rootfs",
        setup: "root.path names a directory that does not exist",
        reproduced_by: &["invalid rootfs", "no such file or directory"],
        expect: Expect::titled(None, &["rootfs", "root filesystem"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "true"]);
        b.config["root"]["path"] = b.host_path("no-such-rootfs").to_string_lossy().into_owned().into();
        Ok(())
    });
}

#[test]
fn read_only_root_filesystem() {
    let case = Case {
        name: "read-only-root-filesystem",
        setup: "root.readonly = true (runc spec's default); the process writes /out.txt",
        reproduced_by: &["Read-only file system"],
        expect: Expect::titled(None, &["read-only"]),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "echo data > /out.txt"]);
        b.config["root"]["readonly"] = true.into();
        Ok(())
    });
}

#[test]
fn dropped_capability_sethostname() {
    let case = Case {
        name: "dropped-capability-sethostname",
        setup: "`hostname lab` with runc spec's default capabilities (no CAP_SYS_ADMIN)",
        reproduced_by: &["sethostname: Operation not permitted"],
        expect: Expect::titled(Some("permissions"), &["capabilit", "CAP_SYS_ADMIN"]),
    };
    lab(case, &["sh", "hostname"], |b| {
        b.args(&["hostname", "lab"]);
        Ok(())
    });
}

// ---- more, where cheap ------------------------------------------------------------------------

#[test]
fn no_shell_absolute_path() {
    let case = Case {
        name: "no-shell-absolute-path",
        setup: "args [/bin/sh -c 'echo hi']; rootfs has busybox but no /bin/sh",
        reproduced_by: &["stat /bin/sh: no such file or directory"],
        expect: Expect::rules(&["runtime/no-shell-in-image"]).top1(),
    };
    lab(case, &["ls"], |b| {
        b.args(&["/bin/sh", "-c", "echo hi"]);
        Ok(())
    });
}

#[test]
fn entrypoint_is_directory() {
    let case = Case {
        name: "entrypoint-is-directory",
        setup: "args [/app]; /app is a directory",
        reproduced_by: &["/app", "permission denied"],
        expect: Expect::rules(&["runtime/entrypoint-is-directory"]),
    };
    lab(case, &["sh"], |b| {
        b.args(&["/app"]).file("/app/server", b"", 0o644);
        Ok(())
    });
}

#[test]
fn missing_script_interpreter() {
    let case = Case {
        name: "missing-script-interpreter",
        setup: "args [/entry.py]; its #! names /usr/bin/python3, not in the rootfs",
        reproduced_by: &["exec /entry.py: no such file or directory"],
        expect: Expect::rules(&["runtime/exec-enoent-missing-interpreter"]),
    };
    lab(case, &["sh"], |b| {
        b.args(&["/entry.py"])
            .file("/entry.py", b"#!/usr/bin/python3\nprint('started')\n", 0o755);
        Ok(())
    });
}

#[test]
fn missing_shared_library() {
    let case = Case {
        name: "missing-shared-library",
        setup: "args [/bin/true]; the host's dynamic /bin/true and its loader, but no libc",
        reproduced_by: &["error while loading shared libraries", "cannot open shared object file"],
        expect: Expect::rules(&["runtime/missing-shared-library"]).top1(),
    };
    lab(case, &["sh"], |b| {
        let binary = fs::read("/bin/true").map_err(|e| format!("cannot read the host's /bin/true: {e}"))?;
        let loader = support::elf_interpreter(&binary).ok_or("the host's /bin/true is not a dynamic 64-bit ELF")?;
        let loader_bytes = fs::read(&loader).map_err(|e| format!("cannot read the host's loader {loader}: {e}"))?;
        b.args(&["/bin/true"])
            .file("/bin/true", &binary, 0o755)
            .file(&loader, &loader_bytes, 0o755);
        Ok(())
    });
}

#[test]
fn shell_script_file_missing() {
    let case = Case {
        name: "shell-script-file-missing",
        setup: "args [sh /start.sh]; no /start.sh",
        reproduced_by: &["can't open '/start.sh'"],
        expect: Expect::rules(&["runtime/shell-script-file-missing"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "/start.sh"]);
        Ok(())
    });
}

#[test]
fn shell_command_not_found() {
    let case = Case {
        name: "shell-command-not-found",
        setup: "args [sh -c 'gunicorn app:app']; no gunicorn in the rootfs",
        reproduced_by: &["gunicorn: not found"],
        expect: Expect::rules(&["runtime/shell-command-not-found"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "gunicorn app:app"]);
        Ok(())
    });
}

#[test]
fn noexec_tmpfs() {
    let case = Case {
        name: "noexec-tmpfs",
        setup: "a tmpfs at /scratch with `noexec`; the shell copies busybox there and runs it",
        reproduced_by: &["/scratch/tool: Permission denied"],
        expect: Expect::rules(&["runtime/entrypoint-on-noexec-mount"]).or_titled(Some("permissions"), &["noexec"]),
    };
    lab(case, &["sh", "cp"], |b| {
        let tmpfs = std::path::Path::new("tmpfs");
        fs::create_dir_all(b.rootfs("/scratch")).map_err(|e| e.to_string())?;
        b.args(&["sh", "-c", "cp /bin/busybox /scratch/tool && /scratch/tool true"])
            .mount(
                "/scratch",
                "tmpfs",
                tmpfs,
                &["nosuid", "nodev", "noexec", "mode=1777", "size=16m"],
            );
        Ok(())
    });
}

#[test]
fn dropped_capability_chown() {
    let case = Case {
        name: "dropped-capability-chown",
        setup: "`chown 1000 /data.txt` as root with runc spec's default capabilities (no CAP_CHOWN)",
        reproduced_by: &["chown: /data.txt: Operation not permitted"],
        expect: Expect::titled(Some("permissions"), &["capabilit", "CAP_CHOWN"]),
    };
    lab(case, &["sh", "chown"], |b| {
        b.args(&["chown", "1000", "/data.txt"]).file("/data.txt", b"", 0o644);
        b.config["root"]["readonly"] = false.into();
        Ok(())
    });
}

#[test]
fn user_namespace_without_mappings() {
    let case = Case {
        name: "user-namespace-without-mappings",
        setup: "a user namespace in linux.namespaces but no uidMappings/gidMappings",
        reproduced_by: &["User namespaces enabled, but no uid mappings found"],
        expect: Expect::titled(None, &["mapping", "user namespace"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "true"]);
        b.config["linux"]["namespaces"]
            .as_array_mut()
            .ok_or("no linux.namespaces")?
            .push(serde_json::json!({"type": "user"}));
        Ok(())
    });
}

#[test]
fn invalid_config_json() {
    let case = Case {
        name: "invalid-config-json",
        setup: "config.json with a trailing comma: `\"args\": [\"sh\",]`",
        reproduced_by: &["invalid character"],
        expect: Expect::titled(Some("configuration"), &["json", "config"]),
    };
    lab(case, &["sh"], |b| {
        b.raw_config =
            Some(r#"{"ociVersion": "1.0.2-dev", "process": {"args": ["sh",]}, "root": {"path": "rootfs"}}"#.into());
        Ok(())
    });
}

#[test]
fn missing_config_json() {
    let case = Case {
        name: "missing-config-json",
        setup: "a bundle directory without config.json",
        reproduced_by: &["config.json not found"],
        expect: Expect::titled(None, &["config.json"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.raw_config = Some(String::new());
        Ok(())
    });
}

#[test]
fn empty_args() {
    let case = Case {
        name: "empty-args",
        setup: "process.args = []",
        reproduced_by: &["args must not be empty"],
        expect: Expect::rules(&["runtime/empty-command"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&[]);
        Ok(())
    });
}

#[test]
fn relative_cwd() {
    let case = Case {
        name: "relative-cwd",
        setup: "process.cwd = `srv` (relative)",
        reproduced_by: &["Cwd must be an absolute path"],
        expect: Expect::titled(Some("configuration"), &["working directory", "cwd", "absolute"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "true"]);
        b.config["process"]["cwd"] = "srv".into();
        Ok(())
    });
}

#[test]
fn memory_limit_too_low() {
    let case = Case {
        name: "memory-limit-too-low",
        setup: "linux.resources.memory.limit = 4096 bytes",
        reproduced_by: &["unable to set memory limit to 4096"],
        expect: Expect::rules(&["runtime/memory-limit-too-low-to-start"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "true"]);
        b.config["linux"]["resources"] = serde_json::json!({"memory": {"limit": 4096}});
        Ok(())
    });
}

#[test]
fn rlimit_above_hard_limit() {
    let case = Case {
        name: "rlimit-above-hard-limit",
        setup: "RLIMIT_NOFILE soft = hard = 2^31 - 1, above the kernel's fs.nr_open",
        reproduced_by: &["error setting rlimit type 7: operation not permitted"],
        expect: Expect::rules(&["runtime/ulimit-above-hard-limit"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "true"]);
        b.config["process"]["rlimits"] =
            serde_json::json!([{"type": "RLIMIT_NOFILE", "soft": 2147483647u32, "hard": 2147483647u32}]);
        Ok(())
    });
}

#[test]
fn rlimit_soft_above_hard() {
    let case = Case {
        name: "rlimit-soft-above-hard",
        setup: "RLIMIT_NOFILE soft 4096 > hard 1024",
        reproduced_by: &["error setting rlimit type 7: invalid argument"],
        expect: Expect::titled(None, &["soft"]),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "true"]);
        b.config["process"]["rlimits"] = serde_json::json!([{"type": "RLIMIT_NOFILE", "soft": 4096, "hard": 1024}]);
        Ok(())
    });
}

#[test]
fn apparmor_profile_missing() {
    let case = Case {
        name: "apparmor-profile-missing",
        setup: "process.apparmorProfile = a profile that is not loaded",
        reproduced_by: &["apparmor failed to apply profile"],
        expect: Expect::rules(&["runtime/apparmor-profile-not-loaded"]),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "true"]);
        b.config["process"]["apparmorProfile"] = "ocidoctor-lab-no-such-profile".into();
        Ok(())
    });
}

#[test]
fn seccomp_errno() {
    let case = Case {
        name: "seccomp-errno",
        setup: "seccomp: mkdir/mkdirat -> SCMP_ACT_ERRNO; `mkdir /newdir` on a writable rootfs",
        reproduced_by: &["can't create directory '/newdir': Operation not permitted"],
        expect: Expect::titled(Some("permissions"), &["seccomp", "capabilit", "not permitted"]),
    };
    lab(case, &["sh", "mkdir"], |b| {
        b.args(&["mkdir", "/newdir"]);
        b.config["root"]["readonly"] = false.into();
        b.config["linux"]["seccomp"] = seccomp(&["mkdir", "mkdirat"], "SCMP_ACT_ERRNO")?;
        Ok(())
    });
}

#[test]
fn seccomp_kill() {
    let case = Case {
        name: "seccomp-kill",
        setup: "seccomp: mkdir/mkdirat -> SCMP_ACT_KILL; the shell runs `mkdir /tmp/x; exit $?`",
        reproduced_by: &["Bad system call"],
        expect: Expect::titled(Some("permissions"), &["seccomp"]),
    };
    lab(case, &["sh", "mkdir"], |b| {
        b.args(&["sh", "-c", "mkdir /tmp/x; exit $?"]);
        b.config["linux"]["seccomp"] = seccomp(&["mkdir", "mkdirat"], "SCMP_ACT_KILL")?;
        Ok(())
    });
}

#[test]
fn proc_not_mounted() {
    let case = Case {
        name: "proc-not-mounted",
        setup: "no /proc entry in mounts",
        reproduced_by: &["/proc/self/fd: no such file or directory"],
        expect: Expect::titled(None, &["/proc"]).top1(),
    };
    lab(case, &["sh"], |b| {
        b.args(&["sh", "-c", "true"]);
        b.config["mounts"]
            .as_array_mut()
            .ok_or("no mounts")?
            .retain(|m| m["destination"] != "/proc");
        Ok(())
    });
}

/// A seccomp profile that allows everything but `names`, which get `action`.
fn seccomp(names: &[&str], action: &str) -> Result<serde_json::Value, String> {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "SCMP_ARCH_X86_64",
        "aarch64" => "SCMP_ARCH_AARCH64",
        other => return Err(format!("no seccomp architecture name for {other}")),
    };
    Ok(serde_json::json!({
        "defaultAction": "SCMP_ACT_ALLOW",
        "architectures": [arch],
        "syscalls": [{"names": names, "action": action}],
    }))
}

// ---- crun ----------------------------------------------------------------------------------

/// crun on this machine: a bundle that runc starts fine. Where crun refuses the host's cgroup
/// layout (hybrid v1 + v2 with a controller on the v2 side), that refusal is the case.
#[test]
fn crun_hybrid_cgroups() {
    let case = Case {
        name: "crun-hybrid-cgroups",
        setup: "`crun run` of a bundle that runc starts fine, on a hybrid cgroup v1/v2 host",
        reproduced_by: &["cgroups in hybrid mode not supported"],
        expect: Expect::titled(None, &["cgroup"]).top1(),
    };
    let host = match host() {
        Ok(host) => host,
        Err(why) => return skip(case.name, &why),
    };
    let Some(crun) = support::find_program("crun") else {
        return skip(case.name, "crun is not installed (apt-get install crun)");
    };
    let mut bundle = Bundle::new(host, &["sh"]);
    bundle.args(&["sh", "-c", "echo started"]);
    let run = bundle.run_with(&crun, &[], case.name);
    if run.code == Some(0) && run.output.contains("started") {
        return skip(
            case.name,
            "crun starts containers on this host, so the hybrid-cgroup refusal does not reproduce",
        );
    }
    check(&case, &run);
}
