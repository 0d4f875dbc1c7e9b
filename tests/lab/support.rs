//! The lab's machinery: the host check, OCI bundles with a busybox rootfs, running `runc run`
//! (or `crun run`) under a timeout, and checking what ocidoctor makes of the real output.

use ocidoctor::{diagnose, Catalog, Diagnosis};
use serde_json::{json, Value};
use std::fs::{self, File};
use std::io::Read;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// No case may take longer than this; a hung container is killed and the case fails.
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

/// What this host offers the lab.
pub struct Host {
    /// The `runc` binary.
    pub runc: PathBuf,
    /// A statically linked busybox, copied into every rootfs.
    pub busybox: PathBuf,
}

/// The host, or why the lab cannot run here. Checked once.
pub fn host() -> Result<&'static Host, String> {
    static HOST: OnceLock<Result<Host, String>> = OnceLock::new();
    HOST.get_or_init(probe_host).as_ref().map_err(Clone::clone)
}

fn probe_host() -> Result<Host, String> {
    if !cfg!(target_os = "linux") {
        return Err("the lab needs Linux".into());
    }
    let status = fs::read_to_string("/proc/self/status").map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    let euid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("?");
    if euid != "0" {
        return Err(format!(
            "not root (euid {euid}); runc needs root to start the lab's containers"
        ));
    }
    let runc = find_program("runc").ok_or("runc is not installed (apt-get install runc)")?;
    let busybox = find_program("busybox").ok_or("busybox is not installed (apt-get install busybox-static)")?;
    let bytes = fs::read(&busybox).map_err(|e| format!("cannot read {}: {e}", busybox.display()))?;
    if elf_interpreter(&bytes).is_some() {
        return Err(format!(
            "{} is dynamically linked; the lab needs a static busybox (apt-get install busybox-static)",
            busybox.display()
        ));
    }
    Ok(Host { runc, busybox })
}

/// `name` on `PATH`, or in the sbin directories that a non-login root `PATH` may lack.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// The catalog under test, loaded once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("the built-in catalog loads"))
}

/// An OCI bundle in a temporary directory: `config.json` from `runc spec`, and a rootfs holding
/// only `/bin/busybox` and the applet links a case asks for. `host/` beside the rootfs is for
/// the host side of mounts.
pub struct Bundle {
    dir: TempDir,
    /// The parsed `config.json`, written back just before the run.
    pub config: Value,
    /// Written as `config.json` instead of `config`, byte for byte; `Some("")` removes the file.
    pub raw_config: Option<String>,
}

impl Bundle {
    /// A bundle whose rootfs has busybox and these applets as `/bin/<applet>` links.
    pub fn new(host: &Host, applets: &[&str]) -> Bundle {
        let dir = tempfile::Builder::new()
            .prefix("ocidoctor-lab-")
            .tempdir()
            .expect("temp dir");
        let bin = dir.path().join("rootfs/bin");
        fs::create_dir_all(&bin).expect("rootfs/bin");
        fs::create_dir_all(dir.path().join("host")).expect("host dir");
        fs::copy(&host.busybox, bin.join("busybox")).expect("copy busybox into the rootfs");
        for applet in applets {
            symlink("busybox", bin.join(applet)).expect("applet link");
        }
        let spec = Command::new(&host.runc)
            .args(["spec", "--bundle"])
            .arg(dir.path())
            .output()
            .expect("run `runc spec`");
        assert!(
            spec.status.success(),
            "runc spec failed: {}",
            String::from_utf8_lossy(&spec.stderr)
        );
        let config: Value =
            serde_json::from_slice(&fs::read(dir.path().join("config.json")).expect("read config.json"))
                .expect("config.json from runc spec is JSON");
        let mut bundle = Bundle {
            dir,
            config,
            raw_config: None,
        };
        bundle.config["process"]["terminal"] = json!(false);
        bundle
    }

    /// `process.args`.
    pub fn args(&mut self, args: &[&str]) -> &mut Self {
        self.config["process"]["args"] = json!(args);
        self
    }

    /// A file in the rootfs (parents created) with this content and mode.
    pub fn file(&mut self, path: &str, content: &[u8], mode: u32) -> &mut Self {
        write_file(&self.rootfs(path), content, mode);
        self
    }

    /// A path inside the rootfs, as seen from the host.
    pub fn rootfs(&self, path: &str) -> PathBuf {
        self.dir.path().join("rootfs").join(path.trim_start_matches('/'))
    }

    /// A path under the bundle's `host/` directory (outside the rootfs), for mount sources.
    pub fn host_path(&self, name: &str) -> PathBuf {
        self.dir.path().join("host").join(name)
    }

    /// Appends a mount to `mounts`.
    pub fn mount(&mut self, destination: &str, kind: &str, source: &Path, options: &[&str]) -> &mut Self {
        let mount = json!({
            "destination": destination,
            "type": kind,
            "source": source.to_string_lossy(),
            "options": options,
        });
        self.config["mounts"]
            .as_array_mut()
            .expect("mounts is an array")
            .push(mount);
        self
    }

    /// Runs the bundle with `runc run` under a timeout and deletes the container afterwards.
    pub fn run(&self, host: &Host, case: &str) -> Run {
        self.run_with(&host.runc, &[], case)
    }

    /// Runs the bundle with `<runtime> [global args] run --bundle <dir> <id>`.
    pub fn run_with(&self, runtime: &Path, global: &[&str], case: &str) -> Run {
        let path = self.dir.path().join("config.json");
        match &self.raw_config {
            Some(raw) if raw.is_empty() => fs::remove_file(&path).expect("remove config.json"),
            Some(raw) => fs::write(&path, raw).expect("write config.json"),
            None => fs::write(
                &path,
                serde_json::to_vec_pretty(&self.config).expect("config serialises"),
            )
            .expect("write config.json"),
        }
        run_container(runtime, global, self.dir.path(), case)
    }
}

/// Writes a file, creating its parents, and sets its mode.
pub fn write_file(path: &Path, content: &[u8], mode: u32) {
    fs::create_dir_all(path.parent().expect("a parent")).expect("create parents");
    fs::write(path, content).expect("write file");
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// What the runtime did.
pub struct Run {
    /// The exit code; `None` when killed by a signal or by the timeout.
    pub code: Option<i32>,
    /// Everything it printed, stdout and stderr interleaved as a terminal would show them.
    pub output: String,
    /// Whether the timeout killed it.
    pub timed_out: bool,
}

/// `<runtime> run --bundle <bundle> <id>` with a unique id, stdin closed, stdout and stderr into
/// one file; killed after [`RUN_TIMEOUT`]; always followed by `<runtime> delete -f <id>`.
pub fn run_container(runtime: &Path, global: &[&str], bundle: &Path, case: &str) -> Run {
    let id = format!("ocidoctor-lab-{case}-{}", std::process::id());
    let delete = || {
        let _ = Command::new(runtime)
            .args(global)
            .args(["delete", "-f", &id])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    };
    delete();
    let log_path = bundle.join("output.log");
    let log = File::create(&log_path).expect("create output log");
    let mut child = Command::new(runtime)
        .args(global)
        .args(["run", "--bundle"])
        .arg(bundle)
        .arg(&id)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("dup log"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", runtime.display()));
    let deadline = Instant::now() + RUN_TIMEOUT;
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait().expect("wait for the runtime") {
            break (Some(status), false);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break (None, true);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    delete();
    let mut bytes = Vec::new();
    File::open(&log_path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .expect("read output log");
    Run {
        code: status.and_then(|s| s.code()),
        output: String::from_utf8_lossy(&bytes).into_owned(),
        timed_out,
    }
}

/// What a case must get from ocidoctor.
pub struct Expect {
    /// Rule ids that name the cause; any of them is right.
    pub rules: &'static [&'static str],
    /// Or: a diagnosis in this category (any category when `None`)...
    pub category: Option<&'static str>,
    /// ...whose title contains one of these words (case-insensitive).
    pub words: &'static [&'static str],
    /// The text is unambiguous: the cause must be the top diagnosis, not just in the top 3.
    pub top1: bool,
}

impl Expect {
    /// One of these rules.
    pub const fn rules(rules: &'static [&'static str]) -> Expect {
        Expect {
            rules,
            category: None,
            words: &[],
            top1: false,
        }
    }

    /// A diagnosis in `category` (any when `None`) whose title has one of `words`.
    pub const fn titled(category: Option<&'static str>, words: &'static [&'static str]) -> Expect {
        Expect {
            rules: &[],
            category,
            words,
            top1: false,
        }
    }

    /// These rules, or a diagnosis in `category` whose title has one of `words`.
    pub const fn or_titled(self, category: Option<&'static str>, words: &'static [&'static str]) -> Expect {
        Expect {
            category,
            words,
            ..self
        }
    }

    /// The text is unambiguous: top 1 required.
    pub const fn top1(self) -> Expect {
        Expect { top1: true, ..self }
    }

    /// Whether `d` names the expected cause.
    pub fn accepts(&self, d: &Diagnosis) -> bool {
        if self.rules.contains(&d.rule.as_str()) {
            return true;
        }
        let title = d.title.to_lowercase();
        !self.words.is_empty()
            && self.category.is_none_or(|c| c == d.category.to_string())
            && self.words.iter().any(|w| title.contains(&w.to_lowercase()))
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.rules.is_empty() {
            parts.push(self.rules.join(" | "));
        }
        if !self.words.is_empty() {
            let category = self.category.unwrap_or("any category");
            parts.push(format!("{category} + title ~ {}", self.words.join("/")));
        }
        format!("{} {}", if self.top1 { "top-1" } else { "top-3" }, parts.join(" or "))
    }
}

/// One case of the lab.
pub struct Case {
    /// kebab-case name: container id, fixture file name.
    pub name: &'static str,
    /// What the bundle does wrong, in words.
    pub setup: &'static str,
    /// Substrings the real output must contain for the failure to count as reproduced.
    pub reproduced_by: &'static [&'static str],
    /// The diagnosis it must get.
    pub expect: Expect,
}

/// Where the real outputs are kept as fixtures.
pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/lab/fixtures")
}

/// Prints the case's row and checks it: the failure was reproduced, and the expected cause is in
/// the top 3 (top 1 when the case says so). Saves the real output as a fixture when none exists
/// yet, or always with `OCIDOCTOR_LAB_UPDATE_FIXTURES=1`.
pub fn check(case: &Case, run: &Run) {
    let first_line = run
        .output
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("(printed nothing)");
    let reproduced = !run.timed_out && case.reproduced_by.iter().all(|needle| run.output.contains(needle));
    let diagnoses = diagnose(catalog(), &run.output);
    let position = diagnoses.iter().take(3).position(|d| case.expect.accepts(d));
    let verdict = match (reproduced, position) {
        (false, _) => "FAIL (not reproduced)".to_string(),
        (true, Some(0)) => "PASS top-1".to_string(),
        (true, Some(i)) if !case.expect.top1 => format!("PASS top-{}", i + 1),
        (true, Some(i)) => format!("FAIL (top-{} but must be top-1)", i + 1),
        (true, None) => "FAIL (not in top 3)".to_string(),
    };
    let mut row = format!(
        "LAB {:<28} {}\n    setup:    {}\n    expect:   {}\n    exit:     {}\n    printed:  {}\n",
        case.name,
        verdict,
        case.setup,
        case.expect.describe(),
        match (run.timed_out, run.code) {
            (true, _) => "timed out (killed)".to_string(),
            (false, Some(c)) => c.to_string(),
            (false, None) => "killed by a signal".to_string(),
        },
        first_line,
    );
    if diagnoses.is_empty() {
        row.push_str("    top 3:    (no diagnosis)\n");
    }
    for (i, d) in diagnoses.iter().take(3).enumerate() {
        row.push_str(&format!(
            "    {}  {}. {} [{}, {}] {}\n",
            if i == 0 { "top 3:" } else { "      " },
            i + 1,
            d.rule,
            d.category,
            d.confidence,
            d.title
        ));
    }
    eprint!("{row}");

    if reproduced {
        save_fixture(case.name, &run.output);
    }
    assert!(
        !run.timed_out,
        "{}: the runtime did not finish within {RUN_TIMEOUT:?}; output so far:\n{}",
        case.name, run.output
    );
    assert!(
        reproduced,
        "{}: the runtime did not reproduce the failure here (expected output containing {:?}); it printed:\n{}",
        case.name, case.reproduced_by, run.output
    );
    let limit = if case.expect.top1 { 1 } else { 3 };
    assert!(
        position.is_some_and(|p| p < limit),
        "{}: {verdict}: expected {}, ocidoctor gave {:?} (the LAB row above has what the runtime printed)",
        case.name,
        case.expect.describe(),
        diagnoses.iter().take(3).map(|d| d.rule.as_str()).collect::<Vec<_>>()
    );
}

fn save_fixture(name: &str, output: &str) {
    let path = fixture_dir().join(format!("{name}.txt"));
    let update = std::env::var_os("OCIDOCTOR_LAB_UPDATE_FIXTURES").is_some_and(|v| v == "1");
    if update || !path.exists() {
        fs::create_dir_all(fixture_dir()).expect("fixture dir");
        fs::write(&path, output).expect("write fixture");
    }
}

/// Prints why a case cannot run here. Never a silent pass: the line says SKIPPED and why.
pub fn skip(case: &str, why: &str) {
    let row = format!("LAB {case:<28} SKIPPED: {why}\n");
    eprint!("{row}");
}

// ---- ELF files written by hand -------------------------------------------------------------

/// `e_machine` of the host, when the lab knows how to write an ELF for it.
pub fn host_machine() -> Option<u16> {
    match std::env::consts::ARCH {
        "x86_64" => Some(62),
        "aarch64" => Some(183),
        "riscv64" => Some(243),
        _ => None,
    }
}

/// A CPU the host cannot run and has no binfmt_misc emulator registered for, as
/// (`e_machine`, name).
pub fn foreign_machine() -> Result<(u16, &'static str), String> {
    let host = host_machine();
    let candidates = [(183u16, "aarch64"), (62, "x86_64"), (243, "riscv64")];
    candidates
        .into_iter()
        .filter(|(m, _)| Some(*m) != host)
        .find(|(_, name)| !binfmt_registered(name))
        .ok_or_else(|| "binfmt_misc runs every candidate foreign architecture through an emulator".into())
}

fn binfmt_registered(arch: &str) -> bool {
    let Ok(entries) = fs::read_dir("/proc/sys/fs/binfmt_misc") else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name().to_string_lossy().to_lowercase();
        name.contains(arch)
            && fs::read_to_string(e.path()).is_ok_and(|s| s.lines().next().is_some_and(|l| l.trim() == "enabled"))
    })
}

/// A minimal little-endian ELF64 executable for `machine`: one `PT_LOAD`, and a `PT_INTERP`
/// naming `interpreter` when given. It never runs: the kernel refuses it first.
pub fn tiny_elf(machine: u16, interpreter: Option<&str>) -> Vec<u8> {
    const EHDR: u64 = 64;
    const PHDR: u64 = 56;
    let phnum: u64 = if interpreter.is_some() { 2 } else { 1 };
    let interp_off = EHDR + PHDR * phnum;
    let interp = interpreter.map(|s| format!("{s}\0").into_bytes()).unwrap_or_default();
    let code_off = interp_off + interp.len() as u64;
    let code = [0u8; 16];
    let total = code_off + code.len() as u64;
    let base = 0x40_0000u64;

    let mut f = Vec::new();
    f.extend_from_slice(b"\x7fELF");
    f.extend_from_slice(&[2, 1, 1, 0]); // ELFCLASS64, little-endian, version 1, SysV ABI
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&2u16.to_le_bytes()); // ET_EXEC
    f.extend_from_slice(&machine.to_le_bytes());
    f.extend_from_slice(&1u32.to_le_bytes()); // EV_CURRENT
    f.extend_from_slice(&(base + code_off).to_le_bytes()); // e_entry
    f.extend_from_slice(&EHDR.to_le_bytes()); // e_phoff
    f.extend_from_slice(&0u64.to_le_bytes()); // e_shoff
    f.extend_from_slice(&0u32.to_le_bytes()); // e_flags
    f.extend_from_slice(&(EHDR as u16).to_le_bytes());
    f.extend_from_slice(&(PHDR as u16).to_le_bytes());
    f.extend_from_slice(&(phnum as u16).to_le_bytes());
    f.extend_from_slice(&[0; 6]); // e_shentsize, e_shnum, e_shstrndx
    let mut phdr = |kind: u32, flags: u32, off: u64, size: u64, align: u64| {
        f.extend_from_slice(&kind.to_le_bytes());
        f.extend_from_slice(&flags.to_le_bytes());
        f.extend_from_slice(&off.to_le_bytes());
        f.extend_from_slice(&(base + off).to_le_bytes()); // p_vaddr
        f.extend_from_slice(&(base + off).to_le_bytes()); // p_paddr
        f.extend_from_slice(&size.to_le_bytes()); // p_filesz
        f.extend_from_slice(&size.to_le_bytes()); // p_memsz
        f.extend_from_slice(&align.to_le_bytes());
    };
    if interpreter.is_some() {
        phdr(3, 4, interp_off, interp.len() as u64, 1); // PT_INTERP, R
    }
    phdr(1, 5, 0, total, 0x1000); // PT_LOAD, R+X, the whole file
    f.extend_from_slice(&interp);
    f.extend_from_slice(&code);
    f
}

/// The `PT_INTERP` path of a little-endian ELF64 file, if it has one.
pub fn elf_interpreter(bytes: &[u8]) -> Option<String> {
    let u16_at = |o: usize| Some(u16::from_le_bytes(bytes.get(o..o + 2)?.try_into().ok()?));
    let u32_at = |o: usize| Some(u32::from_le_bytes(bytes.get(o..o + 4)?.try_into().ok()?));
    let u64_at = |o: usize| Some(u64::from_le_bytes(bytes.get(o..o + 8)?.try_into().ok()?));
    if bytes.get(..6)? != b"\x7fELF\x02\x01" {
        return None;
    }
    let phoff = usize::try_from(u64_at(0x20)?).ok()?;
    let phentsize = usize::from(u16_at(0x36)?);
    let phnum = usize::from(u16_at(0x38)?);
    (0..phnum).find_map(|i| {
        let ph = phoff + i * phentsize;
        if u32_at(ph)? != 3 {
            return None;
        }
        let off = usize::try_from(u64_at(ph + 8)?).ok()?;
        let size = usize::try_from(u64_at(ph + 32)?).ok()?;
        let raw = bytes.get(off..off + size)?;
        Some(String::from_utf8_lossy(raw).trim_end_matches('\0').to_string())
    })
}
