//! Slugs of any text: only a-z, 0-9 and '-', no leading, trailing or double
//! '-', idempotent, and the same for NFC and NFD input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::slug::slugify;
use unicode_normalization::UnicodeNormalization;

fuzz_target!(|text: &str| {
    let slug = slugify(text);
    assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{slug:?}");
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug:?}");
    assert_eq!(slugify(&slug), slug);
    assert!(slug.is_empty() || loa::slug::is_url_safe(&slug), "{slug:?}");
    let nfd: String = text.nfd().collect();
    assert_eq!(slugify(&nfd), slug, "NFD and NFC give the same slug");
});
