//! `ocidoctor-tee hook-tee KEY TOKEN`: the shell hook's copier, `ocidoctor hook-tee`, as a
//! binary of its own.
//!
//! The hook starts a copier beside every wrapped command, successful or not, so its start-up is
//! the hook's whole cost on a success. The main binary's start-up (a large binary's relocations
//! and the standard library's runtime set-up, such as reading `/proc/self/maps` to find the
//! main thread's stack) takes about 0.6 ms more CPU than `tee`'s; this one takes less than
//! `tee`. It is built from the main binary's own source files, so the two write the same
//! captures, and the hook falls back to `ocidoctor hook-tee` when it is not installed.

#![no_main]

// Shared with the main binary, which uses the rest of them.
#[allow(dead_code)]
#[path = "../integrations/capture.rs"]
mod capture;
#[allow(dead_code)]
#[path = "../integrations/state.rs"]
mod state;
#[allow(dead_code)]
#[path = "../integrations/tail.rs"]
mod tail;

use std::ffi::{c_char, c_int};
use std::sync::Mutex;

/// The entry point, without the standard library's runtime set-up (see the module docs).
/// The arguments are read through `std::env`, which has them on Linux whatever the entry point.
#[unsafe(no_mangle)]
pub extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    // What the runtime set-up would have done that matters here: a closed standard error is a
    // write error to ignore, not a signal that ends the copier (and then the command).
    // SAFETY: setting a signal's disposition to "ignore" has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match args.as_slice() {
        [form, key, token] if form == "hook-tee" && capture::valid(key) && capture::valid(token) => {
            capture::tee(key, token, tail::DEFAULT_TAIL);
            0
        }
        _ => {
            // Still pass everything through: the command's errors must not be lost.
            tail::pump(std::io::stdin().lock(), &Mutex::new(tail::Tail::new(0)));
            eprintln!("ocidoctor-tee: usage: ocidoctor-tee hook-tee KEY TOKEN (each 1 to 32 digits)");
            2
        }
    }
}
