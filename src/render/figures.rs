//! Charts of the model: an index's city series and units, as SVG with the
//! words screen readers hear (title and description), wrapped in a
//! `<figure>`; and the ```` ```chi-so ```` block of articles (contract §7).
//!
//! Input: `&Site` and an index. Output: HTML fragments. Pure.

use crate::error::did_you_mean;
use crate::indices::ReformIndex;
use crate::render::chart::{self, Caption, Datum};
use crate::render::markdown::escape;
use crate::site::Site;
use crate::urls;
use crate::yaml::{Node, NodeKind};

/// `88,13%`, `6,92 điểm`: a value with its scale.
pub fn value_vi(index: &ReformIndex, value: f64) -> String {
    let number = chart::format_vi(value, index.decimals);
    match index.scale.as_str() {
        "" => number,
        "%" => format!("{number}%"),
        scale => format!("{number} {scale}"),
    }
}

/// Title and description of the city's line chart.
fn city_words(index: &ReformIndex) -> (String, String) {
    let title = format!("{}: Thành phố qua các năm", index.name);
    let values: Vec<String> = index.city.iter().map(|p| format!("năm {}: {}", p.year, value_vi(index, p.value))).collect();
    let description = format!("Biểu đồ đường. {}.", capitalize(&values.join("; ")));
    (title, description)
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The line chart of the city's values over the years (SVG only).
pub fn city_chart(index: &ReformIndex, id: &str) -> String {
    let (title, description) = city_words(index);
    let points: Vec<Datum> = index.city.iter().map(|p| Datum { label: p.year.to_string(), value: p.value }).collect();
    let axis = if index.scale.is_empty() { String::new() } else { format!("Đơn vị: {}", index.scale) };
    chart::line_chart(&Caption { id, title: &title, description: &description }, &points, index.decimals, &axis, index.max)
}

/// The ranked bar chart of units in `year` (all units with a value, or only `only`).
pub fn units_chart(site: &Site, index: &ReformIndex, year: i32, only: Option<&[usize]>, id: &str) -> String {
    let ranked: Vec<(usize, f64)> =
        index.ranked_units(year).into_iter().filter(|(u, _)| only.is_none_or(|only| only.contains(u))).collect();
    let title = format!("{} năm {year} của các đơn vị", index.name);
    let words: Vec<String> = ranked
        .iter()
        .enumerate()
        .map(|(n, (u, v))| format!("{}. {}: {}", n + 1, site.config.units[*u].name, value_vi(index, *v)))
        .collect();
    let order = if index.higher_is_better { "cao xuống thấp" } else { "thấp (tốt) lên cao" };
    let description = format!("Biểu đồ cột, xếp từ {order}. {}.", words.join("; "));
    let bars: Vec<Datum> = ranked.iter().map(|(u, v)| Datum { label: site.config.units[*u].name.clone(), value: *v }).collect();
    chart::bar_chart(&Caption { id, title: &title, description: &description }, &bars, index.decimals, index.max)
}

/// A chart in a `<figure>` with a caption that names the source, says when
/// the values are illustrative and links to the index page with its table.
fn figure(site: &Site, index: &ReformIndex, svg: &str, caption: &str) -> String {
    let sample = if index.sample { " <strong class=\"sample-note\">Số liệu minh họa.</strong>" } else { "" };
    format!(
        "<figure class=\"chart\">\n{svg}\n<figcaption>{}. Nguồn: {}.{sample} <a href=\"{}\">Bảng số liệu và tải về</a></figcaption>\n</figure>\n",
        escape(caption),
        escape(&index.source),
        escape(&site.config.url(&urls::index(&index.key))),
    )
}

/// A problem in a chart block: a byte offset into the block's text and a message.
pub type BlockError = (usize, crate::i18n::Message);

/// The HTML of a ```` ```chi-so ```` block: `index: key`, optional `units: [..]`
/// (bars of these units for the latest year; without them, the city's line
/// chart). `n` numbers the blocks of a page, for unique ids.
pub fn chart_block(site: &Site, spec: &str, n: usize) -> Result<String, BlockError> {
    let offset_of = |node: &Node| offset(spec, node.location.line, node.location.column);
    let root = Node::parse(spec).ok_or((0, crate::msg!("chart-not-yaml")))?;
    let NodeKind::Mapping(entries) = &root.kind else {
        return Err((0, crate::msg!("chart-not-mapping")));
    };
    let get = |key: &str| entries.iter().find(|(k, _)| k.as_scalar() == Some(key)).map(|(_, v)| v);
    for (key, _) in entries {
        let name = key.as_scalar().unwrap_or_default();
        if !["index", "units"].contains(&name) {
            let hint = did_you_mean(name, ["index", "units"]).unwrap_or_else(|| crate::msg!("hint-chart-keys"));
            return Err((offset_of(key), crate::msg!("chart-unknown-key", key = name, hint = hint)));
        }
    }
    let index_node = get("index").ok_or((0, crate::msg!("chart-missing-index")))?;
    let key = index_node.as_scalar().unwrap_or_default().trim();
    let Some(index) = site.indices.get(key) else {
        let hint = did_you_mean(key, site.indices.list.iter().map(|i| i.key.as_str())).unwrap_or_else(|| crate::msg!("hint-indices-file"));
        return Err((offset_of(index_node), crate::msg!("chart-unknown-index", key = key, hint = hint)));
    };
    let id = format!("bieu-do-{}-{n}", index.key);
    let Some(units_node) = get("units") else {
        let svg = city_chart(index, &id);
        return Ok(figure(site, index, &svg, &city_words(index).0));
    };
    let items: Vec<&Node> = match &units_node.kind {
        NodeKind::Sequence(items) => items.iter().collect(),
        NodeKind::Scalar(_) => vec![units_node],
        NodeKind::Mapping(_) => return Err((offset_of(units_node), crate::msg!("chart-units-not-list"))),
    };
    let year = index.latest_unit_year();
    let mut units = Vec::new();
    for item in items {
        let name = item.as_scalar().unwrap_or_default().trim();
        let Some(u) = site.config.unit_index(name) else {
            let hint =
                did_you_mean(name, site.config.units.iter().map(|u| u.key.as_str())).unwrap_or_else(|| crate::msg!("hint-units-file"));
            return Err((offset_of(item), crate::msg!("chart-unknown-unit", key = name, hint = hint)));
        };
        let has_value = year.is_some_and(|y| index.unit_series(u).is_some_and(|s| s.values.iter().any(|p| p.year == y)));
        if !has_value {
            let with: Vec<&str> = index.by_unit.iter().map(|s| site.config.units[s.unit].key.as_str()).collect();
            let known = if with.is_empty() {
                crate::msg!("hint-chart-no-unit-values")
            } else {
                crate::msg!("hint-chart-units-with-values", units = with.join(", "))
            };
            let message = match year {
                Some(year) => crate::msg!("chart-no-unit-value-in", key = key, unit = name, year = year, hint = known),
                None => crate::msg!("chart-no-unit-value", key = key, unit = name, hint = known),
            };
            return Err((offset_of(item), message));
        }
        units.push(u);
    }
    let year = year.expect("a unit with a value implies a year");
    let svg = units_chart(site, index, year, Some(&units), &id);
    Ok(figure(site, index, &svg, &format!("{} năm {year} của các đơn vị", index.name)))
}

/// The byte offset of a 1-based line and character column in `text`.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    #[test]
    fn offsets_of_positions() {
        let text = "index: par\nunits: [a, bé]\n";
        assert_eq!(super::offset(text, 1, 8), 7);
        assert_eq!(&text[super::offset(text, 2, 12)..super::offset(text, 2, 12) + 3], "bé");
    }
}
