//! A Markdown file of any bytes: decoded, split, its front matter parsed and
//! validated, its body rendered. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::error::Diagnostics;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let config = common::config();
    let mut diags = Diagnostics::new();
    let Some(text) = loa::content::decode_file(data.to_vec(), "content/tin-tuc/a.md", &mut diags) else { return };
    if let Some(doc) = loa::content::parse_document(&text, "tin-tuc/a.md", &config, &mut diags) {
        let _ = loa::render::markdown::text_blocks(&doc.body);
    }
    let _ = diags.report();
});
