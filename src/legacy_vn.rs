//! Legacy Vietnamese encodings: text typed with a TCVN3 (ABC) font such as
//! `.VnTime`, or a VNI font such as `VNI-Times`, turned into Unicode.
//!
//! Word stores such text as the Windows-1252 characters of the font's bytes
//! ("Hµ Néi" for "Hà Nội" in TCVN3, "Haø Noäi" in VNI); the font name tells
//! which table applies. Pure functions, no I/O: shared by `loa import` and any
//! check that needs to recognise legacy text (`crate::encoding` reads the
//! same tables to name mojibake and files saved in these encodings).

use unicode_normalization::UnicodeNormalization;

/// Which legacy encoding a font uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN3 (ABC): `.VnTime`, `.VnArial`…; `upper` for the capital fonts (`.VnTimeH`).
    Tcvn3 { upper: bool },
    /// VNI: `VNI-Times`, `VNI-Helve`…
    Vni,
}

/// The legacy encoding of a font name, if it has one.
pub fn font_encoding(font: &str) -> Option<Legacy> {
    let font = font.trim();
    if let Some(rest) = font.strip_prefix(".Vn").or_else(|| font.strip_prefix(".vn")) {
        return Some(Legacy::Tcvn3 { upper: rest.ends_with('H') });
    }
    let lower = font.to_ascii_lowercase();
    (lower.starts_with("vni-") || lower.starts_with("vni ")).then_some(Legacy::Vni)
}

/// `text` decoded from `encoding`.
pub fn to_unicode(text: &str, encoding: Legacy) -> String {
    match encoding {
        Legacy::Tcvn3 { upper: false } => tcvn3_to_unicode(text),
        Legacy::Tcvn3 { upper: true } => tcvn3_to_unicode(text).to_uppercase(),
        Legacy::Vni => vni_to_unicode(text),
    }
}

/// TCVN3 (ABC) text, one character per letter, to Unicode.
pub fn tcvn3_to_unicode(text: &str) -> String {
    text.chars().map(|c| tcvn3(c).unwrap_or(c)).collect()
}

/// VNI text (a base letter followed by mark characters) to Unicode, in NFC.
pub fn vni_to_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = vni_single(c).unwrap_or(c);
        if let Some(mark) = chars.peek().copied()
            && let Some(letter) = vni_pair(c, mark)
        {
            chars.next();
            // A tone after a shaped vowel (â, ơ …): "oâ" + "ù" = ố.
            match chars.peek().copied().and_then(|tone| vni_pair(letter, tone)) {
                Some(toned) => {
                    chars.next();
                    out.push(toned);
                }
                None => out.push(letter),
            }
            continue;
        }
        out.push(c);
    }
    out.nfc().collect()
}

/// TCVN3 (TCVN 5712:1993, the `.Vn` fonts): one byte per letter.
fn tcvn3(c: char) -> Option<char> {
    Some(match c as u32 {
        0xA1 => 'Ă',
        0xA2 => 'Â',
        0xA3 => 'Ê',
        0xA4 => 'Ô',
        0xA5 => 'Ơ',
        0xA6 => 'Ư',
        0xA7 => 'Đ',
        0xA8 => 'ă',
        0xA9 => 'â',
        0xAA => 'ê',
        0xAB => 'ô',
        0xAC => 'ơ',
        0xAD => 'ư',
        0xAE => 'đ',
        0xB5 => 'à',
        0xB6 => 'ả',
        0xB7 => 'ã',
        0xB8 => 'á',
        0xB9 => 'ạ',
        0xBB => 'ằ',
        0xBC => 'ẳ',
        0xBD => 'ẵ',
        0xBE => 'ắ',
        0xC6 => 'ặ',
        0xC7 => 'ầ',
        0xC8 => 'ẩ',
        0xC9 => 'ẫ',
        0xCA => 'ấ',
        0xCB => 'ậ',
        0xCC => 'è',
        0xCE => 'ẻ',
        0xCF => 'ẽ',
        0xD0 => 'é',
        0xD1 => 'ẹ',
        0xD2 => 'ề',
        0xD3 => 'ể',
        0xD4 => 'ễ',
        0xD5 => 'ế',
        0xD6 => 'ệ',
        0xD7 => 'ì',
        0xD8 => 'ỉ',
        0xDC => 'ĩ',
        0xDD => 'í',
        0xDE => 'ị',
        0xDF => 'ò',
        0xE1 => 'ỏ',
        0xE2 => 'õ',
        0xE3 => 'ó',
        0xE4 => 'ọ',
        0xE5 => 'ồ',
        0xE6 => 'ổ',
        0xE7 => 'ỗ',
        0xE8 => 'ố',
        0xE9 => 'ộ',
        0xEA => 'ờ',
        0xEB => 'ở',
        0xEC => 'ỡ',
        0xED => 'ớ',
        0xEE => 'ợ',
        0xEF => 'ù',
        0xF1 => 'ủ',
        0xF2 => 'ũ',
        0xF3 => 'ú',
        0xF4 => 'ụ',
        0xF5 => 'ừ',
        0xF6 => 'ử',
        0xF7 => 'ữ',
        0xF8 => 'ứ',
        0xF9 => 'ự',
        0xFA => 'ỳ',
        0xFB => 'ỷ',
        0xFC => 'ỹ',
        0xFD => 'ý',
        0xFE => 'ỵ',
        _ => return None,
    })
}

/// VNI letters written as one byte (i, đ, ơ, ư and their tones).
fn vni_single(c: char) -> Option<char> {
    Some(match c {
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'í' => 'í',
        'Í' => 'Í',
        'ì' => 'ì',
        'Ì' => 'Ì',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        _ => return None,
    })
}

/// A VNI letter and the mark byte after it, combined: `a` + `ù` = á.
fn vni_pair(letter: char, mark: char) -> Option<char> {
    // Combining marks by VNI byte (lower and upper case forms of the byte).
    const GRAVE: char = '\u{300}';
    const ACUTE: char = '\u{301}';
    const TILDE: char = '\u{303}';
    const HOOK: char = '\u{309}';
    const DOT: char = '\u{323}';
    const CIRCUMFLEX: char = '\u{302}';
    const BREVE: char = '\u{306}';
    let marks: &[char] = match mark.to_lowercase().next().unwrap_or(mark) {
        'ù' => &[ACUTE],
        'ø' => &[GRAVE],
        'û' => &[HOOK],
        'õ' => &[TILDE],
        'ï' => &[DOT],
        'â' => &[CIRCUMFLEX],
        'á' => &[CIRCUMFLEX, ACUTE],
        'à' => &[CIRCUMFLEX, GRAVE],
        'å' => &[CIRCUMFLEX, HOOK],
        'ã' => &[CIRCUMFLEX, TILDE],
        'ä' => &[CIRCUMFLEX, DOT],
        'ê' => &[BREVE],
        'é' => &[BREVE, ACUTE],
        'è' => &[BREVE, GRAVE],
        'ú' => &[BREVE, HOOK],
        'ü' => &[BREVE, TILDE],
        'ë' => &[BREVE, DOT],
        'î' => &[DOT],
        _ => return None,
    };
    // The mark byte's case follows the letter's in VNI.
    if mark.is_uppercase() != letter.is_uppercase() {
        return None;
    }
    let base: String = letter.to_string().nfd().collect();
    let lower = base.chars().next()?.to_ascii_lowercase();
    let has_shape = base.chars().any(|m| matches!(m, CIRCUMFLEX | BREVE | '\u{31B}'));
    let has_tone = base.chars().any(|m| matches!(m, GRAVE | ACUTE | TILDE | HOOK | DOT));
    if !"aeiouy".contains(lower) || has_tone {
        return None;
    }
    // Shaped vowels (â, ơ …) take only a tone; only a takes a breve, only a, e, o a circumflex.
    if marks.contains(&BREVE) && (has_shape || lower != 'a') {
        return None;
    }
    if marks.contains(&CIRCUMFLEX) && (has_shape || !"aeo".contains(lower)) {
        return None;
    }
    let composed: String = base.chars().chain(marks.iter().copied()).collect::<String>().nfc().collect();
    let mut chars = composed.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_words() {
        assert_eq!(tcvn3_to_unicode("Hµ Néi"), "Hà Nội");
        assert_eq!(tcvn3_to_unicode("C¶i c¸ch hµnh chÝnh"), "Cải cách hành chính");
        assert_eq!(tcvn3_to_unicode("§¨ng ký"), "Đăng ký");
        assert_eq!(to_unicode("c¶i c¸ch", Legacy::Tcvn3 { upper: true }), "CẢI CÁCH");
    }

    #[test]
    fn vni_words() {
        assert_eq!(vni_to_unicode("Haø Noäi"), "Hà Nội");
        assert_eq!(vni_to_unicode("Caûi caùch haønh chính"), "Cải cách hành chính");
        assert_eq!(vni_to_unicode("Ñaêng kyù dòch vuï coâng"), "Đăng ký dịch vụ công");
        assert_eq!(vni_to_unicode("VIEÄT NAM"), "VIỆT NAM");
        assert_eq!(vni_to_unicode("Thöôøng tröïc"), "Thường trực");
    }

    #[test]
    fn fonts() {
        assert_eq!(font_encoding(".VnTime"), Some(Legacy::Tcvn3 { upper: false }));
        assert_eq!(font_encoding(".VnTimeH"), Some(Legacy::Tcvn3 { upper: true }));
        assert_eq!(font_encoding("VNI-Times"), Some(Legacy::Vni));
        assert_eq!(font_encoding("Times New Roman"), None);
    }
}
