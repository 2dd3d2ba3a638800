//! The reform-index pages (contract §7): `/chi-so/` lists every index with the
//! city's latest value and its change from the year before; `/chi-so/<index>/`
//! draws the city over the years and the units of the latest year, with the
//! same figures as tables, the source and a CSV (UTF-8 with BOM, for Excel).

use super::{context, home_crumb, meta, top_meta};
use crate::indices::ReformIndex;
use crate::output::report::Csv;
use crate::render::Renderer;
use crate::render::chart::format_vi;
use crate::render::figures::{city_chart, units_chart, value_vi};
use crate::render::strings::Strings;
use crate::render::views::{Link, Term};
use crate::site::Site;
use crate::urls;
use serde::Serialize;

/// The change from one year to the next, in words and as a state for styling.
#[derive(Serialize)]
struct Change {
    /// "+1,19", "-0,40", "0".
    text: String,
    /// "better", "worse" or "same".
    state: &'static str,
    state_vi: String,
}

/// The change in the theme's words (`index_change_*`).
fn change(index: &ReformIndex, from: f64, to: f64, strings: &Strings) -> Change {
    let delta = to - from;
    let scale = 10f64.powi(index.decimals as i32);
    let rounded = (delta * scale).round() / scale;
    let text = if rounded > 0.0 { format!("+{}", format_vi(rounded, index.decimals)) } else { format_vi(rounded, index.decimals) };
    let (state, word) = match (rounded == 0.0, (rounded > 0.0) == index.higher_is_better) {
        (true, _) => ("same", "index_change_same"),
        (false, true) => ("better", if rounded > 0.0 { "index_change_up" } else { "index_change_down_better" }),
        (false, false) => ("worse", if rounded > 0.0 { "index_change_up_worse" } else { "index_change_down" }),
    };
    Change { text, state, state_vi: strings.get(word).to_string() }
}

#[derive(Serialize)]
struct IndexCard {
    key: String,
    name: String,
    url: String,
    sample: bool,
    source: String,
    latest_year: Option<i32>,
    latest_vi: Option<String>,
    previous_year: Option<i32>,
    change: Option<Change>,
    rank: Option<u32>,
}

fn card(site: &Site, index: &ReformIndex, strings: &Strings) -> IndexCard {
    let latest = index.latest();
    IndexCard {
        key: index.key.clone(),
        name: index.name.clone(),
        url: site.config.url(&urls::index(&index.key)),
        sample: index.sample,
        source: index.source.clone(),
        latest_year: latest.map(|(p, _)| p.year),
        latest_vi: latest.map(|(p, _)| value_vi(index, p.value)),
        previous_year: latest.and_then(|(_, before)| before).map(|p| p.year),
        change: latest.and_then(|(p, before)| before.map(|b| change(index, b.value, p.value, strings))),
        rank: latest.and_then(|(p, _)| index.rank_in(p.year)),
    }
}

pub(super) fn indices(r: &Renderer) -> tera::Context {
    let site = r.site;
    let page = top_meta(r, urls::INDICES, r.strings.get("indices_title"), r.strings.get("indices_description"));
    let cards: Vec<IndexCard> = site.indices.list.iter().map(|i| card(site, i, r.strings)).collect();
    let mut ctx = context(&page);
    ctx.insert("has_sample", &cards.iter().any(|c| c.sample));
    ctx.insert("indices", &cards);
    ctx.insert("sample_note", r.strings.get("indices_sample_note"));
    ctx
}

#[derive(Serialize)]
struct YearRow {
    year: i32,
    value_vi: String,
    change: Option<Change>,
    rank: Option<u32>,
}

#[derive(Serialize)]
struct UnitRow {
    rank: usize,
    unit: Term,
    value_vi: String,
}

#[derive(Serialize)]
struct IndexView {
    #[serde(flatten)]
    card: IndexCard,
    scale: String,
    max_vi: Option<String>,
    higher_is_better: bool,
    source_url: Option<String>,
    csv_url: String,
    city_chart: String,
    years: Vec<YearRow>,
    has_rank: bool,
    unit_year: Option<i32>,
    units_chart: Option<String>,
    units: Vec<UnitRow>,
}

pub(super) fn index(r: &Renderer, i: usize) -> tera::Context {
    let site = r.site;
    let index = &site.indices.list[i];
    let path = urls::index(&index.key);
    let description = r.strings.fill("index_description", &[("name", &index.name), ("source", &index.source)]);
    let mut page = meta(site, &path, &index.name, &description);
    page.nav_key = urls::INDICES.into();
    page.breadcrumbs =
        vec![home_crumb(r), Link { title: r.strings.get("indices_title").into(), url: site.config.url(&format!("{}/", urls::INDICES)) }];
    let years = index
        .city
        .iter()
        .enumerate()
        .map(|(n, p)| YearRow {
            year: p.year,
            value_vi: value_vi(index, p.value),
            change: n
                .checked_sub(1)
                .map(|m| index.city[m])
                .filter(|b| b.year == p.year - 1)
                .map(|b| change(index, b.value, p.value, r.strings)),
            rank: index.rank_in(p.year),
        })
        .collect();
    let unit_year = index.latest_unit_year();
    let units = unit_year
        .map(|year| {
            index
                .ranked_units(year)
                .into_iter()
                .enumerate()
                .map(|(n, (u, v))| UnitRow {
                    rank: n + 1,
                    unit: crate::render::views::units(site, &[u]).remove(0),
                    value_vi: value_vi(index, v),
                })
                .collect()
        })
        .unwrap_or_default();
    let view = IndexView {
        card: card(site, index, r.strings),
        scale: index.scale.clone(),
        max_vi: index.max.map(|m| format_vi(m, 0)),
        higher_is_better: index.higher_is_better,
        source_url: index.source_url.clone(),
        csv_url: site.config.url(&urls::index_csv(&index.key)),
        city_chart: if index.city.is_empty() { String::new() } else { city_chart(index, "bieu-do-thanh-pho") },
        years,
        has_rank: !index.rank.is_empty(),
        unit_year,
        units_chart: unit_year.map(|y| units_chart(site, index, y, None, "bieu-do-don-vi")),
        units,
    };
    let mut ctx = context(&page);
    ctx.insert("index", &view);
    ctx.insert("sample_note", r.strings.get("indices_sample_note"));
    ctx
}

/// Every value of an index, the city's first: one row per year and scope.
pub fn render_index_csv(site: &Site, i: usize) -> Vec<u8> {
    let index = &site.indices.list[i];
    let mut csv = Csv::new(&["index", "year", "scope", "unit", "name", "value", "rank"]);
    for p in &index.city {
        let rank = index.rank_in(p.year).map(|r| r.to_string()).unwrap_or_default();
        csv.row(&[&index.key, &p.year.to_string(), "city", "", "Thành phố", &p.value.to_string(), &rank]);
    }
    for series in &index.by_unit {
        let unit = &site.config.units[series.unit];
        for p in &series.values {
            csv.row(&[&index.key, &p.year.to_string(), "unit", &unit.key, &unit.name, &p.value.to_string(), ""]);
        }
    }
    csv.finish()
}
