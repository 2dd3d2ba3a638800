//! Fitting text into leaflet panels at build time.
//!
//! The print stylesheet (`leaflet.css`) fixes the type: 9.5 pt DejaVu Sans at
//! 1.35 line height on panels of 80 mm (77 mm for the flap) by 180 mm of text
//! area (the sheet keeps a 6 mm page margin, which office printers need). Each block's height is estimated from its length (characters × an
//! average advance, over the line width less what word wrapping wastes), and
//! panels are filled to a safety margin below their height. Text is cut only
//! between sentences. When everything fits, the blocks are spread evenly over
//! the panels instead of piling into the first. Pure.

use crate::render::markdown::Block;

/// Text area of a wide panel and of the flap, in millimetres.
pub const WIDE: f32 = 80.0;
pub const FLAP: f32 = 77.0;
/// Height of a panel's text area (197 mm less 9 mm and 8 mm of padding).
pub const HEIGHT: f32 = 180.0;
/// What a panel title ("Nội dung chính") takes.
pub const TITLE: f32 = 10.0;
/// What the "đọc tiếp" footer takes from the last panel (its padding).
pub const FOOTER: f32 = 14.0;
/// Fill panels to this share of their estimated height.
const SAFETY: f32 = 0.93;
/// Share of a line that words fill on average.
const WRAP: f32 = 0.9;

/// A typeface size: average advance of a character and line height, in mm.
#[derive(Debug, Clone, Copy)]
pub struct Type {
    pub advance: f32,
    pub line: f32,
}

/// 9.5 pt body text.
pub const BODY: Type = Type { advance: 1.78, line: 4.55 };
/// 10.5 pt bold headings.
pub const HEADING: Type = Type { advance: 2.15, line: 4.45 };
/// 8.5 pt small print (dates).
pub const SMALL: Type = Type { advance: 1.66, line: 4.05 };

/// Height of `text` set in `face` on a line of `width` mm.
pub fn text_height(text: &str, width: f32, face: Type) -> f32 {
    chars_height(text.chars().count(), width, face)
}

/// Height of `chars` characters set in `face` on a line of `width` mm.
fn chars_height(chars: usize, width: f32, face: Type) -> f32 {
    let chars = chars.max(1) as f32;
    let per_line = (width * WRAP / face.advance).max(1.0);
    (chars / per_line).ceil() * face.line
}

/// Height of a block with its margins, on a panel of `width` mm.
pub fn block_height(block: &Block, width: f32) -> f32 {
    kind_height(block.kind, block.text.chars().count(), width)
}

/// Height of a block of `kind` holding `chars` characters.
fn kind_height(kind: &str, chars: usize, width: f32) -> f32 {
    match kind {
        "h" => chars_height(chars, width, HEADING) + 5.0,
        "li" => chars_height(chars, width - 4.0, BODY) + 2.0,
        _ => chars_height(chars, width, BODY) + 2.0,
    }
}

/// One panel to fill: its text width and the height left for blocks.
#[derive(Debug, Clone, Copy)]
pub struct Panel {
    pub width: f32,
    pub height: f32,
}

impl Panel {
    fn capacity(&self) -> f32 {
        self.height * SAFETY
    }
}

/// Sentences of a text: cut after `.`, `!`, `?` or `…` followed by a space and
/// an upper-case letter, a digit or an opening quote, so that "Quyết định số
/// 25/QĐ-UBND ngày 19/11/2021" or "5,5 triệu" stay whole.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    each_sentence(text, |s| out.push(s));
    out
}

/// Calls `f` with each of the [`sentences`] of `text`, in order.
fn each_sentence<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    // Bytes, not characters: the marks are ASCII but `…` (E2 80 A6), and no
    // other character's encoding holds those bytes where a character starts.
    // Where each mark ends, in order: the ASCII marks and the ellipses are
    // found by two searches, merged.
    let mut marks = memchr::memchr3_iter(b'.', b'!', b'?', bytes).map(|i| i + 1).peekable();
    let mut ellipses = memchr::memchr_iter(0xE2, bytes).filter(|&i| bytes[i + 1..].starts_with(&[0x80, 0xA6])).map(|i| i + 3).peekable();
    loop {
        let end = match (marks.peek(), ellipses.peek()) {
            (Some(mark), Some(ellipsis)) if ellipsis < mark => ellipses.next(),
            (Some(_), _) => marks.next(),
            (None, _) => ellipses.next(),
        };
        let Some(end) = end else { break };
        if bytes.get(end) == Some(&b' ')
            && text[end + 1..].chars().next().is_some_and(|a| a.is_uppercase() || a.is_ascii_digit() || matches!(a, '"' | '“' | '('))
        {
            f(text[start..end].trim());
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        f(rest);
    }
}

/// The first sentences of `text` within `max` characters (cut at a word when
/// even the first sentence is longer). The result ends at a sentence boundary,
/// or with "…" after a whole word: a trailing fragment (a summary cut short
/// elsewhere) is dropped when a whole sentence comes before it.
pub fn shorten(text: &str, max: usize) -> String {
    let is_whole = |s: &str| s.trim_end_matches(['"', '”', ')', '»']).ends_with(['.', '!', '?']);
    let mut taken: Vec<&str> = Vec::new();
    let mut used = 0;
    for s in sentences(text) {
        let chars = s.chars().count();
        if used + chars + 1 > max {
            break;
        }
        used += chars + 1;
        taken.push(s);
    }
    if taken.len() > 1 && taken.last().is_some_and(|s| !is_whole(s)) {
        taken.pop();
    }
    match taken.as_slice() {
        [] => crate::render::markdown::truncate_words(text, max),
        [only] if !is_whole(only) => {
            let cut = only.trim_end_matches(['…', '.', ',', ';', ':', '-', '–', ' ']);
            format!("{cut}…")
        }
        _ => taken.join(" "),
    }
}

/// Fills `panels` with `blocks` in order. Returns the blocks of each panel and
/// whether some were left out.
pub fn fill(blocks: &[Block], panels: &[Panel]) -> (Vec<Vec<Block>>, bool) {
    let pieces: Vec<Piece> = blocks.iter().map(Piece::whole).collect();
    let (filled, left_out) = fill_to(&pieces, panels, |_, p| p.capacity());
    if left_out {
        return (blocks_of(filled), true);
    }
    // Everything fits: aim each panel at an equal share, so that a short text
    // reads across the sheet instead of stopping in the first panel.
    let total: f32 = filled.iter().zip(panels).map(|(ps, p)| ps.iter().map(|piece| piece.height(p.width)).sum::<f32>()).sum();
    let share = total / panels.len() as f32 * 1.05;
    let last = panels.len() - 1;
    let (even, left_out) = fill_to(&pieces, panels, |i, p| if i == last { p.capacity() } else { share.max(40.0).min(p.capacity()) });
    (blocks_of(if left_out { filled } else { even }), false)
}

fn blocks_of(panels: Vec<Vec<Piece>>) -> Vec<Vec<Block>> {
    panels.into_iter().map(|pieces| pieces.into_iter().map(Piece::into_block).collect()).collect()
}

/// A block being placed: whole, or the sentences of a paragraph that did
/// not fit one panel, with its length in characters (the sentences joined by
/// spaces). Nothing is copied until the panels are settled.
#[derive(Clone)]
struct Piece<'a> {
    kind: &'static str,
    text: Text<'a>,
    chars: usize,
}

#[derive(Clone)]
enum Text<'a> {
    Whole(&'a str),
    /// Sentences with their lengths in characters.
    Sentences(Vec<(&'a str, usize)>),
    /// Words cut from a sentence too long for a panel, with "…".
    Cut(String),
}

impl<'a> Piece<'a> {
    fn whole(block: &'a Block) -> Self {
        Piece { kind: block.kind, text: Text::Whole(&block.text), chars: block.text.chars().count() }
    }

    fn of_sentences(kind: &'static str, sentences: &[(&'a str, usize)]) -> Self {
        let chars = sentences.iter().map(|(_, chars)| chars).sum::<usize>() + sentences.len().saturating_sub(1);
        Piece { kind, text: Text::Sentences(sentences.to_vec()), chars }
    }

    fn height(&self, width: f32) -> f32 {
        kind_height(self.kind, self.chars, width)
    }

    /// Its sentences; those of a remainder are the sentences it was cut
    /// from, as splitting them joined again would give.
    fn sentences(&self) -> Vec<(&'a str, usize)> {
        match &self.text {
            Text::Whole(text) => {
                let mut out = Vec::new();
                each_sentence(text, |s| out.push((s, s.chars().count())));
                out
            }
            Text::Sentences(sentences) => sentences.clone(),
            Text::Cut(_) => unreachable!("a cut piece goes straight to its panel"),
        }
    }

    fn into_block(self) -> Block {
        let text = match self.text {
            Text::Whole(text) => text.to_string(),
            Text::Sentences(sentences) => sentences.iter().map(|(s, _)| *s).collect::<Vec<_>>().join(" "),
            Text::Cut(text) => text,
        };
        Block { kind: self.kind, text }
    }
}

fn fill_to<'a>(pieces: &[Piece<'a>], panels: &[Panel], limit: impl Fn(usize, &Panel) -> f32) -> (Vec<Vec<Piece<'a>>>, bool) {
    let mut out: Vec<Vec<Piece>> = vec![Vec::new(); panels.len()];
    let mut panel = 0;
    let mut used = 0.0;
    let mut left_out = false;
    // The rest of a paragraph cut at a panel's foot comes before the next
    // piece.
    let mut remainder: Option<Piece> = None;
    let mut next = 0;
    loop {
        let piece = match remainder.take() {
            Some(piece) => piece,
            None => match pieces.get(next) {
                Some(piece) => {
                    next += 1;
                    piece.clone()
                }
                None => break,
            },
        };
        let Some(p) = panels.get(panel) else {
            return (out, true);
        };
        let room = limit(panel, p) - used;
        let h = piece.height(p.width);
        // An empty panel takes any block it can hold, even past its share.
        if h <= room || (used == 0.0 && h <= p.capacity()) {
            // A heading is not left alone at the foot of a panel.
            let keeps_company =
                piece.kind != "h" || pieces.get(next).is_none_or(|after| h + after.height(p.width).min(3.0 * BODY.line + 2.0) <= room);
            if keeps_company {
                used += h;
                out[panel].push(piece);
                continue;
            }
        } else if piece.kind != "h" {
            // Take the sentences that fit; the rest opens the next panel.
            let parts = piece.sentences();
            let mut taken = 0;
            // Characters of the first `taken + 1` sentences joined by spaces.
            let mut chars = 0;
            while taken < parts.len() {
                chars += parts[taken].1 + usize::from(taken > 0);
                if kind_height(piece.kind, chars, p.width) > room {
                    break;
                }
                taken += 1;
            }
            if taken > 0 {
                out[panel].push(Piece::of_sentences(piece.kind, &parts[..taken]));
                remainder = Some(Piece::of_sentences("p", &parts[taken..]));
            } else if used == 0.0 {
                // One "sentence" taller than a whole panel (no full stop in
                // pages of text): cut it at a word, and leave the rest out.
                let block = cut_to_fit(&piece.into_block(), p.width, p.capacity());
                let chars = block.text.chars().count();
                out[panel].push(Piece { kind: block.kind, text: Text::Cut(block.text), chars });
                left_out = true;
                panel += 1;
                continue;
            } else {
                remainder = Some(piece);
            }
        } else {
            remainder = Some(piece);
        }
        panel += 1;
        used = 0.0;
    }
    (out, left_out)
}

/// The words of a block that fit `height`, with "…".
fn cut_to_fit(block: &Block, width: f32, height: f32) -> Block {
    let words: Vec<&str> = block.text.split_whitespace().collect();
    let (mut low, mut high) = (0, words.len());
    while low < high {
        let mid = (low + high).div_ceil(2);
        let candidate = Block { kind: block.kind, text: format!("{}…", words[..mid].join(" ")) };
        if block_height(&candidate, width) <= height {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    Block { kind: block.kind, text: format!("{}…", words[..low].join(" ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Block {
        Block { kind: "p", text: text.to_string() }
    }

    #[test]
    fn shorten_ends_at_a_sentence_or_a_word_with_an_ellipsis() {
        // See: issue 14 ("Tại buổi thông tin báo…" on a cover).
        let cut = "Sở Nội vụ tổ chức họp báo quý III. Tại buổi thông tin báo…";
        assert_eq!(shorten(cut, 300), "Sở Nội vụ tổ chức họp báo quý III.");
        assert_eq!(shorten("Một cụm từ không có dấu chấm", 300), "Một cụm từ không có dấu chấm…");
        let long = "Một câu rất dài về cải cách hành chính của Thành phố Hà Nội năm 2022.";
        let short = shorten(long, 30);
        assert!(short.ends_with('…') && long.starts_with(short.trim_end_matches('…')), "{short}");
    }

    #[test]
    fn sentences_keep_dates_and_numbers_whole() {
        let text = "Theo Quyết định số 25/QĐ-UBND ngày 19/11/2021, Thành phố đã sắp xếp 5,5 nghìn biên chế. Kết quả đạt 98,5%. Tiếp theo là tuyên truyền.";
        assert_eq!(
            sentences(text),
            [
                "Theo Quyết định số 25/QĐ-UBND ngày 19/11/2021, Thành phố đã sắp xếp 5,5 nghìn biên chế.",
                "Kết quả đạt 98,5%.",
                "Tiếp theo là tuyên truyền."
            ]
        );
    }

    /// The sentences a character-by-character reading finds.
    fn reference_sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            if matches!(c, '.' | '!' | '?' | '…') && chars.get(k + 1).is_some_and(|&(_, c)| c == ' ') {
                let next = chars.get(k + 2).map(|&(_, c)| c);
                if next.is_some_and(|a| a.is_uppercase() || a.is_ascii_digit() || matches!(a, '"' | '“' | '(')) {
                    let end = i + c.len_utf8();
                    out.push(text[start..end].trim());
                    start = end;
                }
            }
        }
        let rest = text[start..].trim();
        if !rest.is_empty() {
            out.push(rest);
        }
        out
    }

    #[test]
    fn sentences_are_the_character_readings() {
        let pieces = ["Một", "câu", ".", "!", "?", "…", " ", " ", "Đ", "2", "“", "(", "a", "–", "ở", "\"", "..."];
        let mut seed = 11u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            assert_eq!(sentences(&text), reference_sentences(&text), "{text:?}");
        }
    }

    #[test]
    fn heights_grow_with_text_and_narrow_panels() {
        let short = p("Một câu ngắn.");
        let long = p(&"Một câu dài hơn nhiều về cải cách hành chính. ".repeat(10));
        assert!(block_height(&long, WIDE) > block_height(&short, WIDE));
        assert!(block_height(&long, 40.0) > block_height(&long, WIDE));
        assert_eq!(block_height(&short, WIDE), BODY.line + 2.0);
    }

    #[test]
    fn panels_take_whole_sentences_and_report_leftovers() {
        let long = "Câu thứ nhất khá dài về cải cách hành chính. ".repeat(120);
        let panels = [Panel { width: WIDE, height: 100.0 }, Panel { width: FLAP, height: 100.0 }];
        let (filled, left_out) = fill(&[p(long.trim())], &panels);
        assert!(left_out);
        for (blocks, panel) in filled.iter().zip(&panels) {
            let h: f32 = blocks.iter().map(|b| block_height(b, panel.width)).sum();
            assert!(h <= panel.height, "{h}");
            for b in blocks {
                assert!(b.text.ends_with('.'), "cut inside a sentence: {}", b.text);
            }
        }
    }

    #[test]
    fn a_paragraph_taller_than_its_share_goes_whole_to_an_empty_panel() {
        let blocks = vec![p(&"từ ".repeat(180)), p(&"chữ ".repeat(180))];
        let panels = [Panel { width: WIDE, height: HEIGHT }; 3];
        let (filled, left_out) = fill(&blocks, &panels);
        assert!(!left_out);
        assert_eq!(filled.concat(), blocks);
    }

    #[test]
    fn an_endless_sentence_is_cut_at_a_word() {
        let blocks = vec![p(&"không có dấu chấm ".repeat(600))];
        let panels = [Panel { width: WIDE, height: HEIGHT }; 3];
        let (filled, left_out) = fill(&blocks, &panels);
        assert!(left_out);
        let first = &filled[0][0];
        assert!(first.text.ends_with('…'));
        assert!(block_height(first, WIDE) <= HEIGHT);
    }

    #[test]
    fn short_text_is_spread_over_the_panels() {
        let blocks: Vec<Block> = (0..9).map(|i| p(&format!("Đoạn {i}: {}", "nội dung ".repeat(30)))).collect();
        let panels = [Panel { width: WIDE, height: HEIGHT }; 3];
        let (filled, left_out) = fill(&blocks, &panels);
        assert!(!left_out);
        assert!(filled.iter().all(|panel| !panel.is_empty()), "{filled:?}");
        assert_eq!(filled.concat(), blocks);
    }
}
