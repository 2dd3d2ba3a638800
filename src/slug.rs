//! Vietnamese-aware slugs and Unicode normalisation.
//!
//! Contract §3: NFC first, diacritics removed (`đ`→`d`), lower case, anything
//! but `a-z0-9` becomes `-`, runs collapsed and trimmed. Pure functions.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, char::is_combining_mark, is_nfc_quick};

/// The slug of `text`: `"Dịch vụ công trực tuyến"` → `"dich-vu-cong-truc-tuyen"`.
///
/// Each character of the NFC text is decomposed (NFD) on its own: the
/// marks are dropped and what remains is kept or splits the slug. Since
/// only marks move when a whole text is decomposed, this is the slug of
/// the text's NFD. The characters below U+2000 (Latin, Vietnamese among
/// them) are read from a table made once; the rest are decomposed here.
pub fn slugify(text: &str) -> String {
    let table = slug_table();
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut push = |kept: Option<char>, slug: &mut String| match kept {
        Some(c) => {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        }
        None => pending_dash = true,
    };
    for c in nfc(text).chars() {
        match table.get(c as usize).copied().unwrap_or(SLOW) {
            MARKS => {}
            SPLIT => push(None, &mut slug),
            SLOW => unicode_normalization::char::decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    push(slug_char(d), &mut slug);
                }
            }),
            kept => push(Some(kept as char), &mut slug),
        }
    }
    slug
}

/// What a character that is no mark gives a slug: itself in lower case
/// when it is an ASCII letter or digit, `d` for `đ`, else `None` (a split).
fn slug_char(c: char) -> Option<char> {
    let c = match c {
        'đ' | 'Đ' => 'd',
        c => c.to_ascii_lowercase(),
    };
    (c.is_ascii_lowercase() || c.is_ascii_digit()).then_some(c)
}

/// In [`slug_table`]: a character that decomposes into marks only.
const MARKS: u8 = 0xFF;
/// In [`slug_table`]: a character that is decomposed when met.
const SLOW: u8 = 0xFE;
/// In [`slug_table`]: a character that splits the slug.
const SPLIT: u8 = 0;
/// Characters below this are in [`slug_table`].
const TABLE_END: u32 = 0x2000;

/// Per character below [`TABLE_END`], what its decomposition gives a slug:
/// the one ASCII letter or digit it keeps, [`SPLIT`], [`MARKS`], or
/// [`SLOW`] when it gives more than one thing.
fn slug_table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|code| {
                let Some(c) = char::from_u32(code) else { return SLOW };
                let mut parts = Vec::new();
                unicode_normalization::char::decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        parts.push(slug_char(d));
                    }
                });
                match parts.as_slice() {
                    [] => MARKS,
                    [None] => SPLIT,
                    [Some(kept)] => *kept as u8,
                    _ => SLOW,
                }
            })
            .collect()
    })
}

/// `text` in Unicode NFC, borrowed when it already is (the common case).
pub fn nfc(text: &str) -> Cow<'_, str> {
    if is_all_nfc_starters(text) {
        return Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Whether every character of `text` is NFC on its own and combines with
/// nothing before it: below U+0300 (ASCII, Latin-1, Latin Extended-A and B,
/// IPA) or a precomposed Vietnamese letter of Latin Extended Additional
/// (U+1E00–U+1EFF). Text made only of these is NFC, found without the table
/// look-ups of `is_nfc_quick`. Read from the first byte of each character
/// (C0–CB or below; E1 before B8–BB), each byte beside the next, in blocks
/// without a branch inside, which the compiler turns into vector code:
/// every file's text goes through here.
fn is_all_nfc_starters(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(last) = bytes.len().checked_sub(1) else { return true };
    // The last byte of UTF-8 text is ASCII or a continuation byte, below
    // CC: every first byte has a next one.
    let (firsts, nexts) = (&bytes[..last], &bytes[1..]);
    firsts.chunks(64).zip(nexts.chunks(64)).all(|(firsts, nexts)| {
        !firsts.iter().zip(nexts).fold(false, |bad, (&b, &next)| bad | ((b >= 0xCC) & !((b == 0xE1) & (next.wrapping_sub(0xB8) < 4))))
    }) && bytes[last] < 0xCC
}

/// The characters [`is_all_nfc_starters`] accepts, one at a time.
#[cfg(test)]
fn is_nfc_starter(c: char) -> bool {
    c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Whether `key` is already a slug (what area, unit and activity keys must be).
pub fn is_url_safe(key: &str) -> bool {
    !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !key.starts_with('-')
        && !key.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_starters_are_read_from_bytes_as_from_characters() {
        let chars = ('\0'..'\u{800}').chain('\u{1D00}'..'\u{2000}').chain(['\u{3000}', '\u{FEFF}', '😀']);
        for c in chars {
            let text: String = ['a', c, 'ệ'].iter().collect();
            assert_eq!(is_all_nfc_starters(&text), text.chars().all(is_nfc_starter), "{c:?}");
        }
    }

    #[test]
    fn the_nfc_fast_path_accepts_only_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        let chars = ('\0'..'\u{300}').chain('\u{1E00}'..='\u{1EFF}');
        for c in chars.filter(|&c| is_nfc_starter(c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            // Nothing composes with a starter that follows it either: a
            // pair of them is NFC as it is.
            let pair: String = [c, 'a', c, '\u{1EA1}'].iter().collect();
            assert_eq!(pair.nfc().collect::<String>(), pair, "{c:?}");
        }
        assert!(!is_nfc_starter('\u{300}') && !is_nfc_starter('\u{1DFF}') && !is_nfc_starter('\u{1F00}'));
    }

    /// The slug as it was made before the table: the whole text decomposed.
    fn slugify_whole_nfd(text: &str) -> String {
        let mut slug = String::with_capacity(text.len());
        let mut pending_dash = false;
        for c in nfc(text).nfd() {
            if is_combining_mark(c) {
                continue;
            }
            let c = match c {
                'đ' | 'Đ' => 'd',
                c => c.to_ascii_lowercase(),
            };
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(c);
            } else {
                pending_dash = true;
            }
        }
        slug
    }

    #[test]
    fn every_character_slugs_as_the_whole_text_decomposed() {
        let chars = ('\0'..'\u{3400}').chain('\u{AC00}'..'\u{AC40}').chain('\u{F900}'..'\u{FB50}').chain(['\u{1D15E}', '\u{2F800}', '😀']);
        for c in chars {
            for text in [format!("{c}"), format!("a{c}b"), format!("Ư{c}\u{301}ệ-{c}{c}")] {
                assert_eq!(slugify(&text), slugify_whole_nfd(&text), "{c:?} in {text:?}");
            }
        }
    }

    #[test]
    fn removes_vietnamese_diacritics() {
        assert_eq!(slugify("Dịch vụ công trực tuyến"), "dich-vu-cong-truc-tuyen");
        assert_eq!(slugify("Đẩy mạnh cải cách"), "day-manh-cai-cach");
        assert_eq!(slugify("một cửa"), "mot-cua");
        assert_eq!(slugify("PAR INDEX 2021"), "par-index-2021");
        assert_eq!(slugify("  --Hội nghị  (trực tuyến)!-- "), "hoi-nghi-truc-tuyen");
    }

    #[test]
    fn nfd_input_gives_the_same_slug() {
        let nfc_text = "Đề án 06: Ứng dụng dữ liệu dân cư";
        let nfd_text: String = nfc_text.nfd().collect();
        assert_ne!(nfc_text, nfd_text);
        assert_eq!(slugify(&nfd_text), slugify(nfc_text));
        assert_eq!(slugify(&nfd_text), "de-an-06-ung-dung-du-lieu-dan-cu");
        assert_eq!(nfc(&nfd_text), nfc_text);
    }

    #[test]
    fn decomposed_d_with_stroke_is_still_d() {
        // đ has no canonical decomposition; it must map to d in both forms.
        assert_eq!(slugify("ĐÀ NẴNG"), "da-nang");
    }

    #[test]
    fn url_safe_keys() {
        assert!(is_url_safe("the-che"));
        assert!(is_url_safe("so-tt-tt2"));
        assert!(!is_url_safe("the_che"));
        assert!(!is_url_safe("Thể chế"));
        assert!(!is_url_safe("-a"));
        assert!(!is_url_safe(""));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            /// Any text, Vietnamese-heavy: the slug has only a-z, 0-9 and
            /// single inner '-', is its own slug, and NFD input gives the same.
            #[test]
            fn slugs_are_clean_idempotent_and_normalisation_blind(text in "[a-zA-Z0-9 _.,!?/-]{0,8}[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵĐƯƠ A-Z\\PC]{0,40}") {
                let slug = slugify(&text);
                prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{slug:?}");
                prop_assert!(slug.is_empty() || is_url_safe(&slug), "{slug:?}");
                prop_assert!(!slug.contains("--"), "{slug:?}");
                prop_assert_eq!(slugify(&slug), slug.clone());
                let nfd: String = text.nfd().collect();
                prop_assert_eq!(slugify(&nfd), slug.clone());
                prop_assert_eq!(super::slugify_whole_nfd(&text), slug);
            }
        }
    }
}
