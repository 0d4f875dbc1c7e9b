//! Any bytes through secret redaction: no panic, no hang, and redacting twice changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocidoctor::redact::redact;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = redact(&text);
    let twice = redact(&once);
    assert_eq!(once, twice, "redaction is not idempotent");
});
