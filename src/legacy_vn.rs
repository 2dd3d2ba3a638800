//! Legacy Vietnamese encodings: text typed with a TCVN3 (ABC) font such as
//! `.VnTime`, or a VNI font such as `VNI-Times`, turned into Unicode.
//!
//! Word stores such text as the Windows-1252 characters of the font's bytes
//! ("Hµ Néi" for "Hà Nội" in TCVN3, "Haø Noäi" in VNI); the font name tells
//! which table applies. Pure functions, no I/O: shared by `loa import` and any
//! check that needs to recognise legacy text.

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

const TCVN3: &str = "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\u{ad}øõö÷ùýúûüþ¡¢§£¤¥¦";
const TCVN3_UNICODE: &str = "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵĂÂĐÊÔƠƯ";

/// TCVN3 (ABC) text, one character per letter, to Unicode.
pub fn tcvn3_to_unicode(text: &str) -> String {
    text.chars()
        .map(|c| match TCVN3.chars().position(|t| t == c) {
            Some(i) => TCVN3_UNICODE.chars().nth(i).expect("the two tables have the same length (tested)"),
            None => c,
        })
        .collect()
}

/// VNI marks after a lower-case vowel, with what they make of each vowel.
const VNI_MARKS: &[(char, &str, &str)] = &[
    // mark, vowels it follows, results in the same order
    ('ù', "aeouyôö", "áéóúýớứ"),
    ('ø', "aeouyôö", "àèòùỳờừ"),
    ('û', "aeouyôö", "ảẻỏủỷởử"),
    ('õ', "aeouyôö", "ãẽõũỹỡữ"),
    ('ï', "aeouôö", "ạẹọụợự"),
    ('î', "y", "ỵ"),
    ('â', "aeo", "âêô"),
    ('á', "aeo", "ấếố"),
    ('à', "aeo", "ầềồ"),
    ('å', "aeo", "ẩểổ"),
    ('ã', "aeo", "ẫễỗ"),
    ('ä', "aeo", "ậệộ"),
    ('ê', "a", "ă"),
    ('é', "a", "ắ"),
    ('è', "a", "ằ"),
    ('ú', "a", "ẳ"),
    ('ü', "a", "ẵ"),
    ('ë', "a", "ặ"),
];

/// VNI letters that stand alone.
const VNI_SINGLE: &[(char, char)] = &[('í', 'í'), ('ì', 'ì'), ('æ', 'ỉ'), ('ó', 'ĩ'), ('ò', 'ị'), ('ñ', 'đ'), ('ô', 'ơ'), ('ö', 'ư')];

fn vni_mark(base: char, mark: char) -> Option<char> {
    let (_, vowels, results) = VNI_MARKS.iter().find(|(m, _, _)| *m == mark)?;
    let i = vowels.chars().position(|v| v == base)?;
    results.chars().nth(i)
}

fn vni_single(c: char) -> Option<char> {
    VNI_SINGLE.iter().find(|(v, _)| *v == c).map(|(_, u)| *u)
}

fn push_cased(out: &mut String, c: char, upper: bool) {
    if upper {
        out.extend(c.to_uppercase());
    } else {
        out.push(c);
    }
}

/// VNI text (a base letter followed by mark characters) to Unicode.
pub fn vni_to_unicode(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let upper = c.is_uppercase();
        let lower = c.to_lowercase().next().unwrap_or(c);
        let base = vni_single(lower).unwrap_or(lower);
        // A vowel (or ơ, ư) takes the mark that follows it.
        if let Some(&next) = chars.get(i + 1) {
            let mark = next.to_lowercase().next().unwrap_or(next);
            let vowel = if matches!(lower, 'ô' | 'ö') { lower } else { base };
            if let Some(composed) = vni_mark(vowel, mark) {
                push_cased(&mut out, composed, upper);
                i += 2;
                continue;
            }
        }
        if base != lower {
            push_cased(&mut out, base, upper);
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_line_up() {
        assert_eq!(TCVN3.chars().count(), TCVN3_UNICODE.chars().count());
        for (_, vowels, results) in VNI_MARKS {
            assert_eq!(vowels.chars().count(), results.chars().count());
        }
    }

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
