//! Folding and tokenising for search (contract §8): NFC, lower case, tone and
//! vowel marks removed, `đ` → `d`; anything that is not a letter or a digit
//! splits words, so each Vietnamese syllable is one token. The browser's
//! `search.js` folds queries by the same rules.

use std::borrow::Cow;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// One word of a text: as written (NFC, lower case) and folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub typed: String,
    pub folded: String,
}

/// Folds one lower-case NFC word: marks removed, `đ` → `d`.
pub fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Splits `text` into tokens, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each_token(text, |typed, folded| out.push(Token { typed: typed.to_string(), folded: folded.to_string() }));
    out
}

/// Calls `f(typed, folded)` for each token of `text`, in order: the tokens
/// of [`tokens`], without a string allocated per token.
pub fn each_token(text: &str, mut f: impl FnMut(&str, &str)) {
    let mut folded = String::new();
    each_word(text, |word| {
        let typed = typed_form(word);
        folded.clear();
        fold_into(&typed, &mut folded);
        f(&typed, &folded);
    });
}

/// Calls `f` with each word of `text`, in order, in lower case: a token's
/// typed form once [`typed_form`] has made it NFC.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    // Content is NFC already; other text is made so first, so that a
    // combining mark is part of its letter whatever the input's form.
    let text = crate::slug::nfc(text);
    let mut word = String::new();
    each_raw_word(&text, |raw| {
        word.clear();
        lower_into(raw, &mut word);
        f(&word);
    });
}

/// Calls `f` with each word of NFC `text`, in order, as it is written: a
/// slice of `text`, which [`lower_into`] turns into the word of
/// [`each_word`]. A word is a run of letters and digits, with the
/// combining marks after its first character.
pub fn each_raw_word<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let table = table();
    let bytes = text.as_bytes();
    let mut at = 0;
    // Runs of ASCII bytes (most of Vietnamese text: letters and spaces)
    // are crossed a byte at a time; a character is decoded only from a
    // byte above ASCII.
    loop {
        // Outside a word: up to the first character of the next.
        let start = loop {
            let Some(&b) = bytes.get(at) else { return };
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break at;
                }
                at += 1;
            } else {
                let c = char_at(text, at);
                if is_word_char(table, c, false) {
                    break at;
                }
                at += c.len_utf8();
            }
        };
        // Inside it: up to the first character that is not part of it.
        loop {
            let Some(&b) = bytes.get(at) else {
                f(&text[start..]);
                return;
            };
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                at += 1;
            } else {
                let c = char_at(text, at);
                if !is_word_char(table, c, true) {
                    break;
                }
                at += c.len_utf8();
            }
        }
        f(&text[start..at]);
    }
}

/// The character that starts at byte `at` of `text`.
#[inline]
fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().expect("a character starts here")
}

/// Whether a character above ASCII is part of a word: a letter or a digit,
/// or, `in_word`, a combining mark.
#[inline]
fn is_word_char(table: &[u32], c: char, in_word: bool) -> bool {
    match table.get(c as usize).copied().unwrap_or(SLOW) {
        SPLIT => false,
        MARK => in_word,
        SLOW => c.is_alphanumeric() || (in_word && is_combining_mark(c)),
        _ => true,
    }
}

/// Appends the lower case of a word of [`each_raw_word`] to `out`.
pub fn lower_into(raw: &str, out: &mut String) {
    let table = table();
    for c in raw.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match table.get(c as usize).copied().unwrap_or(SLOW) {
            SLOW => out.extend(c.to_lowercase()),
            MARK => out.push(c),
            lower => out.push(char::from_u32(lower).expect("a lower-case letter")),
        }
    }
}

/// Below this, each character's class is looked up in [`table`]: the
/// Latin, Vietnamese and combining letters of content.
const TABLE_END: usize = 0x2000;
/// Classes: not part of a word…
const SPLIT: u32 = 0;
/// … a combining mark (part of a word, not its start) …
const MARK: u32 = u32::MAX;
/// … to be asked of the Unicode tables; any other class is the character's
/// lower case, a single character.
const SLOW: u32 = u32::MAX - 1;

/// Each character's class below [`TABLE_END`], made once from the same
/// Unicode properties as the slow path, so both give the same words.
fn table() -> &'static [u32] {
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_END as u32)
            .map(|i| match char::from_u32(i) {
                Some(c) if c.is_alphanumeric() => {
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) => l as u32,
                        _ => SLOW,
                    }
                }
                Some(c) if is_combining_mark(c) => MARK,
                Some(_) => SPLIT,
                None => SLOW,
            })
            .collect()
    })
}

/// The typed form of a word of [`each_word`]: the word in NFC (lower case of
/// NFC text is nearly always NFC; checked, not assumed).
pub fn typed_form(word: &str) -> Cow<'_, str> {
    if word.is_ascii() || is_nfc_quick(word.chars()) == IsNormalized::Yes { Cow::Borrowed(word) } else { Cow::Owned(word.nfc().collect()) }
}

/// The folded form of a typed form: [`fold_word`] appended to `out`.
pub fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in word.chars() {
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }),
        }
    }
}

/// Folds a whole text: its tokens' folded forms joined by single spaces.
pub fn fold(text: &str) -> String {
    tokens(text).into_iter().map(|t| t.folded).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.typed).collect()
    }

    #[test]
    fn tone_and_vowel_marks_fold_away() {
        assert_eq!(fold("dịch vụ công trực tuyến"), "dich vu cong truc tuyen");
        assert_eq!(fold("chuyển đổi số"), "chuyen doi so");
        assert_eq!(fold("ương ưỡng ắt ẩn ờ"), "uong uong at an o");
    }

    #[test]
    fn d_with_stroke_is_d() {
        assert_eq!(fold("điện tử"), "dien tu");
        assert_eq!(fold("ĐIỆN TỬ"), "dien tu");
        assert_eq!(fold("Đề án 06"), "de an 06");
    }

    #[test]
    fn nfd_equals_nfc() {
        let nfd: String = "dịch vụ công".nfd().collect();
        assert_ne!(nfd, "dịch vụ công");
        assert_eq!(tokens(&nfd), tokens("dịch vụ công"));
        assert_eq!(typed(&nfd), ["dịch", "vụ", "công"]);
    }

    #[test]
    fn case_is_ignored_but_accents_are_kept_in_the_typed_form() {
        assert_eq!(typed("DỊCH VỤ CÔNG Trực Tuyến"), ["dịch", "vụ", "công", "trực", "tuyến"]);
        assert_eq!(fold("DỊCH VỤ CÔNG Trực Tuyến"), fold("dich vu cong truc tuyen"));
    }

    #[test]
    fn the_table_splits_words_as_the_unicode_properties_do() {
        // Every character below the table's end, after a letter and alone.
        // And characters of two, three and four bytes above it.
        let above = (0x2000..0x3100).chain(0xa640..0xa700).chain(0x1d400..0x1d420).chain(0x1f600..0x1f610).chain(0x20000..0x20010);
        let text: String = (0..TABLE_END as u32).chain(above).filter_map(char::from_u32).flat_map(|c| ['a', c, ' ', c, ' ']).collect();
        let text: String = text.nfc().collect();
        let mut words = Vec::new();
        each_word(&text, |w| words.push(w.to_string()));
        let mut expected = Vec::new();
        let mut word = String::new();
        for c in text.chars() {
            if c.is_alphanumeric() || (is_combining_mark(c) && !word.is_empty()) {
                word.extend(c.to_lowercase());
            } else if !word.is_empty() {
                expected.push(std::mem::take(&mut word));
            }
        }
        assert!(expected.len() > 1000);
        assert_eq!(words, expected);
    }

    #[test]
    fn punctuation_splits_and_numbers_are_kept() {
        assert_eq!(fold("PAR INDEX 2021"), "par index 2021");
        assert_eq!(fold("Nghị quyết số 76/NQ-CP, ISO 9001:2015."), "nghi quyet so 76 nq cp iso 9001 2015");
        assert_eq!(fold("một cửa–liên thông…"), "mot cua lien thong");
        assert_eq!(fold("  ,;  "), "");
        assert_eq!(fold("98%"), "98");
    }
}
