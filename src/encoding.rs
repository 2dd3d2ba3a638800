//! Text encodings of the files officers save: UTF-8 is the only one Loa reads.
//!
//! A file in another encoding (Windows-1258, or the TCVN3 and VNI encodings of
//! the old `.Vn` and `VNI-` fonts) is refused with the first bad line and the
//! most likely encoding; UTF-8 text that is really TCVN3 or VNI shown through a
//! Latin-1 font (`C¶i c¸ch` for "Cải cách") is found line by line, so that a
//! warning can say how it should read. Pure: bytes and strings in, no I/O.

use crate::error::Location;
use crate::legacy_vn;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// The largest text file Loa reads (Markdown, YAML); larger ones are refused
/// rather than held in memory several times over.
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// A legacy Vietnamese encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Windows1258,
    Tcvn3,
    Vni,
}

impl Legacy {
    /// How officers know it.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Windows1258 => "Windows-1258",
            Legacy::Tcvn3 => "TCVN3 (ABC, .VnTime…)",
            Legacy::Vni => "VNI (VNI-Times…)",
        }
    }
}

/// Why bytes are not UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUtf8 {
    /// The first byte that is not UTF-8.
    pub location: Location,
    /// The most likely encoding, when the bytes look Vietnamese, or "UTF-16".
    pub guess: Option<String>,
    /// The bad line decoded in that encoding.
    pub line: Option<String>,
}

/// UTF-8 text of `bytes`: BOM removed, CRLF and lone CR turned into LF, NFC.
pub fn decode(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    decode_str(&bytes).map(Cow::into_owned)
}

/// [`decode`] of borrowed bytes: the text is borrowed from them when it
/// needs no change (UTF-8 without CR, in NFC: nearly every file), so that
/// reading a file copies nothing but what is kept of it.
pub fn decode_str(bytes: &[u8]) -> Result<Cow<'_, str>, NotUtf8> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(NotUtf8 { location: Location::new(1, 1), guess: Some("UTF-16".into()), line: None });
    }
    // simdutf8 checks Vietnamese text (two or three bytes a letter) several
    // times faster than the standard library; on an error, the standard
    // library tells where.
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            let valid_up_to = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
            return Err(not_utf8(bytes, valid_up_to));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        return Ok(Cow::Owned(crate::slug::nfc(&text).into_owned()));
    }
    Ok(crate::slug::nfc(text))
}

fn not_utf8(bytes: &[u8], valid_up_to: usize) -> NotUtf8 {
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).expect("valid_up_to bounds the UTF-8 prefix");
    let mut line = 1;
    let mut line_start = 0;
    let mut chars = valid.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = c == '\n' || (c == '\r' && chars.peek().is_none_or(|(_, n)| *n != '\n'));
        if is_break {
            line += 1;
            line_start = i + 1;
        }
    }
    let column = valid[line_start..].chars().count() + 1;
    let line_end = bytes[line_start..].iter().position(|b| *b == b'\n' || *b == b'\r').map_or(bytes.len(), |i| line_start + i);
    let bad_line = &bytes[line_start..line_end];
    let (guess, decoded) = match guess_legacy(bytes) {
        Some(legacy) => (Some(legacy.name().to_string()), Some(decode_legacy(bad_line, legacy).trim().to_string())),
        None => (None, None),
    };
    NotUtf8 { location: Location::new(line, column), guess, line: decoded }
}

/// The legacy encoding under which `bytes` read most like Vietnamese.
pub fn guess_legacy(bytes: &[u8]) -> Option<Legacy> {
    [Legacy::Windows1258, Legacy::Tcvn3, Legacy::Vni]
        .into_iter()
        .map(|legacy| (vietnamese_score(&decode_legacy(bytes, legacy)), legacy))
        .filter(|(score, _)| *score > 0)
        // Ties go to the first, Windows-1258.
        .fold(None, |best: Option<(i64, Legacy)>, (score, legacy)| match best {
            Some((b, _)) if b >= score => best,
            _ => Some((score, legacy)),
        })
        .map(|(_, legacy)| legacy)
}

/// `bytes` decoded as `legacy`, in NFC.
pub fn decode_legacy(bytes: &[u8], legacy: Legacy) -> String {
    match legacy {
        Legacy::Windows1258 => encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes).0.nfc().collect(),
        Legacy::Tcvn3 | Legacy::Vni => {
            let latin: String = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned();
            from_latin(&latin, legacy)
        }
    }
}

/// Text typed in TCVN3 or VNI but read as Windows-1252 characters, as it
/// should read.
pub fn from_latin(text: &str, legacy: Legacy) -> String {
    match legacy {
        Legacy::Windows1258 => text.to_string(),
        Legacy::Tcvn3 => legacy_vn::tcvn3_to_unicode(text),
        Legacy::Vni => legacy_vn::vni_to_unicode(text),
    }
}

/// Whether `c` is one of the 134 accented Vietnamese letters.
pub fn is_vietnamese_letter(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    if matches!(c, 'đ' | 'Đ') {
        return true;
    }
    let mut parts = std::iter::once(c).nfd();
    let Some(base) = parts.next() else { return false };
    let base = base.to_ascii_lowercase();
    if !"aeiouy".contains(base) {
        return false;
    }
    let (mut shapes, mut tones) = (0, 0);
    for m in parts {
        match m {
            '\u{302}' if "aeo".contains(base) => shapes += 1,
            '\u{306}' if base == 'a' => shapes += 1,
            '\u{31B}' if "ou".contains(base) => shapes += 1,
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => tones += 1,
            _ => return false,
        }
    }
    shapes <= 1 && tones <= 1 && shapes + tones >= 1
}

/// How much `text` reads like Vietnamese: accented Vietnamese letters count
/// for, other non-ASCII characters against, and so does a tone on the vowel
/// after a, ă, â, e or ê, which Vietnamese spelling never has ("aỷ" is VNI's
/// "ả" read as TCVN3).
fn vietnamese_score(text: &str) -> i64 {
    let mut score = 0;
    let mut previous_takes_tone = false;
    for c in text.chars() {
        let (base, shape, tone) = parts(c);
        if c.is_ascii() {
        } else if is_vietnamese_letter(c) {
            score += if previous_takes_tone && tone { -3 } else { 1 };
        } else {
            score -= 2;
        }
        previous_takes_tone = matches!(base.to_ascii_lowercase(), 'a' | 'e') && !tone && (shape || c.is_ascii());
    }
    score
}

/// A letter's base, whether it has a circumflex, breve or horn, and whether a tone.
fn parts(c: char) -> (char, bool, bool) {
    let mut chars = std::iter::once(c).nfd();
    let base = chars.next().unwrap_or(c);
    let (mut shape, mut tone) = (false, false);
    for m in chars {
        match m {
            '\u{302}' | '\u{306}' | '\u{31B}' => shape = true,
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => tone = true,
            _ => {}
        }
    }
    (base, shape, tone)
}

/// A stretch of a line that reads as legacy-encoded text through a Latin-1 font.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mojibake {
    pub location: Location,
    pub legacy: Legacy,
    /// As written.
    pub text: String,
    /// As it should read.
    pub fixed: String,
}

/// Lines of UTF-8 `text` that are TCVN3 or VNI shown through a Latin-1 font.
pub fn find_mojibake(text: &str) -> Vec<Mojibake> {
    let mut found = Vec::new();
    // Fast path: such text always has a character of U+00A0–U+00FF that is not
    // a Vietnamese letter.
    if !has_telltale(text) {
        return found;
    }
    for (i, line) in text.lines().enumerate() {
        if line.chars().filter(|c| is_telltale(*c)).count() < 2 {
            continue;
        }
        let words: Vec<(usize, &str)> = line
            .split_inclusive(|c: char| c.is_ascii_whitespace())
            .scan(0, |offset, word| {
                let start = *offset;
                *offset += word.len();
                Some((start, word.trim_end()))
            })
            .collect();
        let is_flagged = |w: &str| w.chars().any(is_telltale) && w.chars().any(|c| c.is_ascii_alphabetic());
        // Neighbours written with the same Latin-1 letters belong to the stretch
        // ("chÝnh": Ý is a letter of Vietnamese, but not here).
        let is_latin = |w: &str| !w.is_ascii() && w.chars().all(|c| (c as u32) < 0x100);
        let (Some(mut first), Some(mut last)) =
            (words.iter().position(|(_, w)| is_flagged(w)), words.iter().rposition(|(_, w)| is_flagged(w)))
        else {
            continue;
        };
        while first > 0 && is_latin(words[first - 1].1) {
            first -= 1;
        }
        while last + 1 < words.len() && is_latin(words[last + 1].1) {
            last += 1;
        }
        let (first, last) = (words[first], words[last]);
        let segment = &line[first.0..last.0 + last.1.len()];
        let best = [Legacy::Tcvn3, Legacy::Vni]
            .into_iter()
            .map(|legacy| (legacy, from_latin(segment, legacy)))
            .filter(|(_, fixed)| fixed.chars().filter(|c| !c.is_ascii()).all(is_vietnamese_letter))
            .max_by_key(|(_, fixed)| vietnamese_score(fixed));
        if let Some((legacy, fixed)) = best {
            let column = line[..first.0].chars().count() + 1;
            found.push(Mojibake { location: Location::new(i + 1, column), legacy, text: segment.to_string(), fixed });
        }
    }
    found
}

/// Whether `text` has a [telltale](is_telltale) character. Those are
/// U+00A0–U+00FF, whose UTF-8 starts with byte C2 or C3: only the characters
/// at those bytes are looked at (every file goes through here).
fn has_telltale(text: &str) -> bool {
    memchr::memchr2_iter(0xC2, 0xC3, text.as_bytes()).any(|i| text[i..].chars().next().is_some_and(is_telltale))
}

/// A Latin-1 character that Vietnamese text never has.
fn is_telltale(c: char) -> bool {
    // The Latin-1 letters of Vietnamese, spelt out.
    ('\u{a0}'..='\u{ff}').contains(&c)
        && !matches!(
            c,
            'à' | 'á'
                | 'â'
                | 'ã'
                | 'è'
                | 'é'
                | 'ê'
                | 'ì'
                | 'í'
                | 'ò'
                | 'ó'
                | 'ô'
                | 'õ'
                | 'ù'
                | 'ú'
                | 'ý'
                | 'À'
                | 'Á'
                | 'Â'
                | 'Ã'
                | 'È'
                | 'É'
                | 'Ê'
                | 'Ì'
                | 'Í'
                | 'Ò'
                | 'Ó'
                | 'Ô'
                | 'Õ'
                | 'Ù'
                | 'Ú'
                | 'Ý'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telltales_are_found_by_their_first_byte_as_by_their_characters() {
        let texts = ["Cải cách hành chính", "C¶i c¸ch hµnh chÝnh", "à á â ã ý Ý", "giá: 5\u{a0}000 đồng", "", "ascii only", "ÿ"];
        for text in texts {
            assert_eq!(has_telltale(text), text.chars().any(is_telltale), "{text}");
        }
        assert!(!has_telltale("Cải cách hành chính, Hà Nội"));
        assert!(has_telltale("C¶i c¸ch"));
    }

    const PHRASE: &str = "Cải cách hành chính";

    #[test]
    fn tcvn3_through_latin1_reads_back() {
        assert_eq!(from_latin("C¶i c¸ch hµnh chÝnh", Legacy::Tcvn3), PHRASE);
        assert_eq!(
            from_latin("Hµ Néi, ViÖt Nam: th«ng tin cho ng\u{AD}êi d©n, §µo t¹o", Legacy::Tcvn3),
            "Hà Nội, Việt Nam: thông tin cho người dân, Đào tạo"
        );
    }

    #[test]
    fn vni_through_latin1_reads_back() {
        assert_eq!(from_latin("Caûi caùch haønh chính", Legacy::Vni), PHRASE);
        assert_eq!(
            from_latin("Haø Noäi, Vieät Nam: thoâng tin cho ngöôøi daân, ñaøo taïo, thuû tuïc, Ñoåi môùi", Legacy::Vni),
            "Hà Nội, Việt Nam: thông tin cho người dân, đào tạo, thủ tục, Đổi mới"
        );
        assert_eq!(from_latin("naêm, khaép, baèng, quyeát", Legacy::Vni), "năm, khắp, bằng, quyết");
    }

    #[test]
    fn finds_mojibake_with_position() {
        let found = find_mojibake("title: x\n\nTin: C¶i c¸ch hµnh chÝnh\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location, Location::new(3, 6));
        assert_eq!(found[0].legacy, Legacy::Tcvn3);
        assert_eq!(found[0].fixed, PHRASE);
        let found = find_mojibake("Caûi caùch haønh chính\n");
        assert_eq!(found[0].legacy, Legacy::Vni);
        assert_eq!(found[0].fixed, PHRASE);
    }

    #[test]
    fn telltales_are_the_latin1_characters_vietnamese_lacks() {
        for c in '\u{a0}'..='\u{ff}' {
            assert_eq!(is_telltale(c), !is_vietnamese_letter(c), "{c}");
        }
    }

    #[test]
    fn vietnamese_and_symbols_are_not_mojibake() {
        assert!(find_mojibake("Cải cách hành chính: 25°C, © 2022, § 3, toàn bộ hồ sơ\n").is_empty());
    }

    #[test]
    fn guesses_legacy_encodings_of_bytes() {
        let nfd: String = PHRASE.nfd().collect();
        let cp1258 = encoding_rs::WINDOWS_1258.encode(&nfd).0.into_owned();
        assert_eq!(guess_legacy(&cp1258), Some(Legacy::Windows1258));
        assert_eq!(decode_legacy(&cp1258, Legacy::Windows1258), PHRASE);
        let tcvn3 = encoding_rs::WINDOWS_1252.encode("C¶i c¸ch hµnh chÝnh").0.into_owned();
        assert_eq!(guess_legacy(&tcvn3), Some(Legacy::Tcvn3));
        let vni = encoding_rs::WINDOWS_1252.encode("Caûi caùch haønh chính").0.into_owned();
        assert_eq!(guess_legacy(&vni), Some(Legacy::Vni));
    }

    #[test]
    fn first_bad_line_and_column() {
        let mut bytes = b"---\ntitle: A\r\n---\r\nxy ".to_vec();
        let nfd: String = "Cải cách".nfd().collect();
        bytes.extend(encoding_rs::WINDOWS_1258.encode(&nfd).0.iter());
        let err = decode(bytes).unwrap_err();
        assert_eq!(err.location, Location::new(4, 6));
        assert_eq!(err.guess.as_deref(), Some("Windows-1258"));
        assert_eq!(err.line.as_deref(), Some("xy Cải cách"));
    }

    #[test]
    fn bom_crlf_cr_and_nfd_are_normalised() {
        let nfd: String = "Cải\r\ncách\rhành".nfd().collect();
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(nfd.as_bytes());
        assert_eq!(decode(bytes).unwrap(), "Cải\ncách\nhành");
    }
}
