//! `content/calendar.yaml` of any text: parsed, validated and expanded. Must
//! never panic, and expansion must stay bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::error::Diagnostics;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let config = common::config();
    let now = chrono::NaiveDate::from_ymd_opt(2022, 7, 1).expect("valid date").and_hms_opt(0, 0, 0).expect("valid time");
    let mut diags = Diagnostics::new();
    let _ = loa::calendar::parse_calendar(text, &config, now, &mut diags);
    let _ = diags.report();
});
