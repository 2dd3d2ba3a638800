//! The error overlay of `loa serve`: what a failed rebuild shows over the last
//! good page, as the JSON of an `error-report` event, and its style sheet
//! (served at [`CSS_PATH`], so the pages need no inline style).

use crate::error::Diagnostics;
use crate::i18n::{Lang, Message};
use crate::msg;

/// Where the overlay's style sheet is served (outside any base path).
pub const CSS_PATH: &str = "/__loa/overlay.css";

/// The overlay's style: a bottom sheet, readable at 360 px, the quoted line in
/// a scrollable monospace block.
pub const CSS: &str = "#loa-errors{position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:2147483647;\
box-sizing:border-box;background:#fff7f7;color:#1b1b1b;border-top:4px solid #a1121b;box-shadow:0 -2px 12px rgba(0,0,0,.3);\
padding:.75rem 1rem;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\n\
#loa-errors .loa-head{display:flex;gap:.5rem;align-items:flex-start;justify-content:space-between}\n\
#loa-errors h2{font-size:1rem;margin:0 0 .5rem;color:#a1121b}\n\
#loa-errors button{flex:none;font:inherit;min-height:44px;padding:.25rem .9rem;border:1px solid #a1121b;border-radius:6px;background:#fff;color:#a1121b;cursor:pointer}\n\
#loa-errors ol{margin:0;padding-left:1.2rem}\n\
#loa-errors li{margin:.4rem 0;overflow-wrap:anywhere}\n\
#loa-errors pre{margin:.3rem 0 0;padding:.4rem .5rem;background:#fff;border:1px solid #e3c4c6;border-radius:4px;overflow-x:auto;\
font:14px/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre}\n\
#loa-errors p{margin:.5rem 0 0;font-size:.9rem}\n\
@media (max-width:480px){#loa-errors{font-size:15px;padding:.6rem .7rem;max-height:45vh}}\n";

/// The JSON of an `error-report` event: `title`, `close`, `items` (each a
/// `text` line and the `quote`d source line with its caret), `footer`, and the
/// whole report as `text`.
pub fn report(diags: &Diagnostics, next: &Message, lang: Lang) -> String {
    let items: Vec<serde_json::Value> =
        diags.sorted().iter().map(|d| serde_json::json!({ "text": d.render(lang), "quote": d.render_quote() })).collect();
    let footer = format!("{} · {}", diags.summary(lang), next.render(lang));
    serde_json::json!({
        "title": msg!("overlay-title").render(lang),
        "close": msg!("overlay-close").render(lang),
        "items": items,
        "footer": footer,
        "text": diags.report_in(lang),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Diagnostic, Location};

    #[test]
    fn carries_the_quoted_line_in_the_readers_language() {
        let mut diags = Diagnostics::new();
        let text = "---\ntitle: [\n---\n";
        diags.push(Diagnostic::error("content/a.md", Some(Location::new(2, 8)), msg!("unknown-area", key = "x")).with_quote_from(text));
        let json: serde_json::Value = serde_json::from_str(&report(&diags, &msg!("serve-last-good"), Lang::Vi)).unwrap();
        assert!(json["items"][0]["text"].as_str().unwrap().starts_with("error: content/a.md:2:8: lĩnh vực"));
        assert_eq!(json["items"][0]["quote"].as_str().unwrap(), "  2 | title: [\n    |        ^");
        assert_eq!(json["close"].as_str().unwrap(), "Đóng");
    }
}
