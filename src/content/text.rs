//! Plain text taken from Markdown while loading: the Markdown dialect, the
//! first paragraph of a body (the default summary) and cutting text at a word.
//!
//! Lower than `render/` (which re-exports these), so that loading needs
//! nothing from rendering. Pure: no file I/O.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown dialect: CommonMark plus tables, footnotes, strikethrough,
/// task lists and `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The plain text of the first paragraph of a body.
pub fn first_paragraph_text(markdown: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    let mut depth = 0usize;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => inside = true,
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Table | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of `text` joined by single spaces (`split_whitespace` then
/// `join`), copied as it is when it already reads so.
pub fn single_spaced(text: &str) -> String {
    let mut previous_space = true;
    let is_single_spaced = text.chars().all(|c| {
        let is_space = c.is_whitespace();
        let fine = !(is_space && (previous_space || c != ' '));
        previous_space = is_space;
        fine
    }) && !previous_space;
    if is_single_spaced || text.is_empty() { text.to_string() } else { text.split_whitespace().collect::<Vec<_>>().join(" ") }
}

/// At most `max` characters of `text`, cut at a word boundary, with "…" when cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        let extra = usize::from(!out.is_empty()) + word.chars().count();
        if out.chars().count() + extra + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max - 1).collect();
    }
    let trimmed = out.trim_end_matches([',', ';', ':', '.', '-', '–']).to_string();
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_the_first_paragraph() {
        let md = "## Tiêu đề\n\n- mục\n\nĐoạn **đầu** tiên\nvẫn tiếp.\n\nĐoạn hai.\n";
        assert_eq!(first_paragraph_text(md), "Đoạn đầu tiên vẫn tiếp.");
    }

    #[test]
    fn single_spacing_equals_splitting_and_joining() {
        for text in ["", " ", "a", "một cửa", " a", "a ", "a  b", "a\tb", "a\u{a0}b", "a\u{3000} b", "Đề án 06: ứng dụng"] {
            assert_eq!(single_spaced(text), text.split_whitespace().collect::<Vec<_>>().join(" "), "{text:?}");
        }
    }

    #[test]
    fn truncation_stops_at_a_word() {
        let text = "một hai ba bốn năm sáu";
        assert_eq!(truncate_words(text, 100), text);
        let cut = truncate_words(text, 12);
        assert_eq!(cut, "một hai ba…");
        assert!(cut.chars().count() <= 12);
    }
}
