//! Any bytes as a user's rule file: parsing and validating it may refuse it with an error, but
//! must not panic, hang or blow up memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocidoctor::catalog::{parse_rule, Origin};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_rule("fuzz.yaml", &text, Origin::User("fuzz.yaml".into()));
});
