//! `ocidoctor run -- CMD [ARGS...]`: runs a command as if it were run directly and keeps the end
//! of its standard error, so a failure can be diagnosed without running the command again.
//!
//! Standard input and output are the caller's own, untouched, so `docker run -it` keeps its
//! terminal. Standard error goes through a tee: a pseudo-terminal when the caller's standard
//! error is a terminal (the command still sees a terminal there, so progress bars and colours
//! stay as they were), a pipe otherwise. Only the last `tail` bytes are kept.

use super::tail::{pump, Tail};
use std::ffi::OsString;
use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// How long to wait for standard error to drain after the command exited (a background
/// process it started may hold it open).
const DRAIN_GRACE: Duration = Duration::from_millis(500);

/// What a finished command left.
#[derive(Debug)]
pub struct Finished {
    /// Its exit status.
    pub status: ExitStatus,
    /// The end of its standard error.
    pub tail: Vec<u8>,
}

impl Finished {
    /// The status a shell would report: the exit code, or 128+N after signal N.
    pub fn code(&self) -> i32 {
        match (self.status.code(), self.status.signal()) {
            (Some(code), _) => code,
            (None, Some(signal)) => 128 + signal,
            (None, None) => 1,
        }
    }

    /// Whether the user stopped it (Ctrl-C) or its reader went away (`| head`): nothing to
    /// diagnose then.
    pub fn interrupted(&self) -> bool {
        matches!(self.code(), 130 | 141) || matches!(self.status.signal(), Some(libc::SIGINT | libc::SIGPIPE))
    }
}

/// Why the command could not be started, with the status a shell would give.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}: command not found")]
    NotFound(String),
    #[error("{0}: {1}")]
    Other(String, std::io::Error),
}

impl StartError {
    /// 127 for a missing command, 126 for one that cannot be executed (as shells do).
    pub fn code(&self) -> u8 {
        match self {
            StartError::NotFound(_) => 127,
            StartError::Other(..) => 126,
        }
    }
}

/// Runs `command` to its end, passing its output through and keeping the last `keep` bytes of
/// its standard error.
pub fn execute(command: &[OsString], keep: usize) -> Result<Finished, StartError> {
    let (program, args) = command.split_first().expect("clap requires a command");
    let name = program.to_string_lossy().into_owned();
    // Ctrl-C and Ctrl-\ reach the whole foreground process group: the command decides what
    // they mean, and the wrapper stays to report how it ended. A caught signal (unlike an
    // ignored one) is reset to its default in the command by exec.
    catch_interrupts();

    let tty = stderr_pty();
    let (source, child) = {
        let mut cmd = Command::new(program);
        cmd.args(args).env(super::WRAPPED_ENV, "1");
        let source = match tty {
            Some((master, slave)) => {
                cmd.stderr(Stdio::from(slave));
                Some(File::from(master))
            }
            None => {
                cmd.stderr(Stdio::piped());
                None
            }
        };
        let mut child = cmd.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StartError::NotFound(name.clone()),
            _ => StartError::Other(name.clone(), e),
        })?;
        let source = source.unwrap_or_else(|| File::from(OwnedFd::from(child.stderr.take().expect("piped"))));
        // `cmd` is dropped here, closing this process's copy of the terminal's far end, so
        // reading ends when the command (and whatever it started) closes it.
        (source, child)
    };

    let tail = Arc::new(Mutex::new(Tail::new(keep)));
    let (done_tx, done_rx) = mpsc::channel();
    let pump_tail = Arc::clone(&tail);
    std::thread::spawn(move || {
        pump(source, &pump_tail);
        let _ = done_tx.send(());
    });
    let mut child = child;
    let status = loop {
        match child.wait() {
            Ok(status) => break status,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(StartError::Other(name, e)),
        }
    };
    let _ = done_rx.recv_timeout(DRAIN_GRACE);
    let tail = tail.lock().unwrap_or_else(|p| p.into_inner());
    Ok(Finished {
        status,
        tail: tail.finish(),
    })
}

extern "C" fn on_interrupt(_: libc::c_int) {}

fn catch_interrupts() {
    // SAFETY: installs a handler that does nothing, with SA_RESTART so reads and waits resume.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_interrupt as *const () as usize;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        for signal in [libc::SIGINT, libc::SIGQUIT] {
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// When standard error is a terminal: a pseudo-terminal shaped like it (same settings and
/// size, but no output processing, so bytes pass through unchanged). Returns (master, slave).
fn stderr_pty() -> Option<(OwnedFd, OwnedFd)> {
    let fd = std::io::stderr().as_raw_fd();
    // SAFETY: plain libc calls on valid pointers to zeroed structs; the returned descriptors
    // are owned from here on.
    unsafe {
        if libc::isatty(fd) != 1 {
            return None;
        }
        let mut settings: libc::termios = std::mem::zeroed();
        let have_settings = libc::tcgetattr(fd, &mut settings) == 0;
        settings.c_oflag &= !libc::OPOST;
        let mut size: libc::winsize = std::mem::zeroed();
        let have_size = libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) == 0;
        let (mut master, mut slave) = (-1, -1);
        let opened = libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            if have_settings { &settings } else { std::ptr::null() },
            if have_size { &size } else { std::ptr::null() },
        );
        if opened != 0 {
            return None;
        }
        for end in [master, slave] {
            libc::fcntl(end, libc::F_SETFD, libc::FD_CLOEXEC);
        }
        Some((OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)))
    }
}
