//! `site.yaml` of any bytes: decoded and validated. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::error::Diagnostics;

fuzz_target!(|data: &[u8]| {
    let mut diags = Diagnostics::new();
    let Some(text) = loa::content::decode_file(data.to_vec(), "site.yaml", &mut diags) else { return };
    let _ = loa::config::parse_config(&text, &mut diags);
    let _ = diags.report();
});
