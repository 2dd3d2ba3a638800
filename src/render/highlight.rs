//! Code highlighting at build time with syntect: classed `<span>`s (`hl-string`,
//! `hl-comment`, …) styled by the theme's stylesheet, so pages need no
//! JavaScript and the print stylesheet can restyle code.
//!
//! The syntax set loads once, on the first code block, and is read-only after.

use super::markdown::escape;
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix of highlighted spans (`hl-keyword`, …).
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `<pre>` HTML for a fenced block; plain (escaped) when the language is unknown.
pub fn highlight(code: &str, lang: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let class = if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(lang)) };
    let set = syntaxes();
    let syntax = (!lang.is_empty()).then(|| set.find_syntax_by_token(lang)).flatten();
    let inner = match syntax {
        Some(syntax) => {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                    ok = false;
                    break;
                }
            }
            if ok { generator.finalize() } else { escape(code) }
        }
        None => escape(code),
    };
    format!("<pre class=\"code\" tabindex=\"0\"><code{class}>{inner}</code></pre>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("thu_tuc: \"Đăng ký khai sinh\"\nthoi_han: 3\n", "yaml");
        assert!(html.starts_with("<pre class=\"code\" tabindex=\"0\"><code class=\"language-yaml\">"), "{html}");
        assert!(html.contains("hl-"), "{html}");
        assert!(html.contains("Đăng ký khai sinh"), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_text() {
        let html = highlight("<b>x</b>", "khong-ro");
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
        assert!(!html.contains("hl-"));
    }

    #[test]
    fn the_theme_styles_the_main_classes() {
        let css = include_str!("../../themes/default/static/css/style.css");
        let html = highlight("# ghi chú\nten: \"Sở Nội vụ\"\nso: 3\n", "yaml");
        for class in ["hl-comment", "hl-string", "hl-constant"] {
            assert!(html.contains(class), "{class} not emitted: {html}");
            assert!(css.contains(&format!(".{class}")), "{class} not styled");
        }
    }
}
