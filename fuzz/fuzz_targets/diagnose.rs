//! Any bytes, read lossily as the binary does, through the whole engine with the built-in
//! catalog: it must not panic, hang or blow up memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocidoctor::Catalog;
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::builtin().expect("the built-in catalog loads"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = ocidoctor::diagnose(&CATALOG, &text);
});
