//! The plan-progress report `/bao-cao/`: targets held against required per
//! quarter and half-year, articles per area and quarter, and what each unit
//! leads; the same figures as CSV (UTF-8 with BOM so that Excel reads
//! Vietnamese, CRLF rows per RFC 4180). Pure: `&Site` in, views and bytes out.

use super::pages::{RowGroup, row_groups, row_view};
use crate::calendar::progress::{self, Period};
use crate::calendar::{Per, Status};
use crate::render::chart::{Caption, Datum, Pair, bar_chart, format_vi, pair_chart};
use crate::render::strings::Strings;
use crate::render::views::{self, Link, Term};
use crate::site::Site;
use crate::urls;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Serialize)]
pub struct ReportView {
    pub targets: Vec<TargetView>,
    pub quarters: Vec<String>,
    pub areas: Vec<AreaRow>,
    pub units: Vec<UnitRow>,
    /// Activities with `public: false`: off the calendar, listed here.
    pub internal: Vec<InternalRow>,
    /// Articles per area over the whole report, as a bar chart (SVG).
    pub areas_chart: String,
    pub csv_url: String,
    pub areas_csv_url: String,
    pub units_csv_url: String,
    pub met: usize,
    pub missed: usize,
    pub as_of: String,
}

#[derive(Serialize)]
pub struct TargetView {
    pub activity: Link,
    pub lead: Option<Term>,
    pub target_vi: String,
    pub target_basis: Option<String>,
    pub is_public: bool,
    pub groups: Vec<RowGroup>,
    /// Held against required per quarter, as a paired bar chart (SVG).
    pub chart: String,
}

#[derive(Serialize)]
pub struct InternalRow {
    pub activity: Link,
    pub lead: Option<Term>,
    pub held: usize,
    pub planned: usize,
}

#[derive(Serialize)]
pub struct AreaRow {
    pub area: Term,
    pub counts: Vec<usize>,
    pub total: usize,
}

#[derive(Serialize)]
pub struct UnitRow {
    pub unit: Term,
    pub led: usize,
    pub joined: usize,
    pub held: usize,
    pub articles: usize,
}

/// Quarters spanned by the articles and the calendar, oldest first.
fn report_quarters(site: &Site) -> Vec<Period> {
    let mut years: BTreeSet<i32> = site.articles.iter().map(|a| a.date.year()).collect();
    for a in 0..site.calendar.activities.len() {
        years.extend(progress::years_of(&site.calendar, a));
    }
    years.into_iter().flat_map(|y| Period::all_in_year(Per::Quarter, y)).collect()
}

fn area_counts(site: &Site, area: usize, quarters: &[Period]) -> Vec<usize> {
    quarters.iter().map(|q| site.by_area[area].iter().filter(|&&i| q.contains(site.articles[i].date.date_naive())).count()).collect()
}

fn unit_row(site: &Site, u: usize) -> UnitRow {
    let cal = &site.calendar;
    let led: Vec<usize> = (0..cal.activities.len()).filter(|&a| cal.activities[a].lead == Some(u)).collect();
    UnitRow {
        unit: views::units(site, &[u]).remove(0),
        led: led.len(),
        joined: cal.activities.iter().filter(|a| a.partners.contains(&u)).count(),
        held: cal.occurrences.iter().filter(|o| led.contains(&o.activity) && o.status == Status::Held).count(),
        articles: site.by_unit[u].len(),
    }
}

pub fn report_view(site: &Site, strings: &Strings) -> ReportView {
    let today = site.now.date_naive();
    let mut met = 0;
    let mut missed = 0;
    let targets = (0..site.calendar.activities.len())
        .filter_map(|a| {
            let activity = &site.calendar.activities[a];
            let target = activity.target.as_ref()?;
            let rows: Vec<_> = progress::target_rows(&site.calendar, a, today)
                .into_iter()
                .filter(|r| matches!(r.period.per, Per::Quarter | Per::Half))
                .collect();
            for row in rows.iter().filter(|r| r.period.per == Per::Quarter) {
                match row_view(row, strings).state {
                    "met" => met += 1,
                    "missed" => missed += 1,
                    _ => {}
                }
            }
            let chart = target_chart(&activity.id, &activity.title, &rows, strings);
            Some(TargetView {
                chart,
                activity: Link { title: activity.title.clone(), url: site.config.url(&urls::activity(&activity.id)) },
                lead: activity.lead.map(|u| views::units(site, &[u]).remove(0)),
                target_vi: strings.target(target),
                target_basis: target.basis.clone(),
                is_public: activity.is_public,
                groups: row_groups(&rows, strings),
            })
        })
        .collect();
    let quarters = report_quarters(site);
    let areas: Vec<AreaRow> = (0..site.config.areas.len())
        .map(|a| {
            let counts = area_counts(site, a, &quarters);
            AreaRow { area: views::areas(site, &[a]).remove(0), total: counts.iter().sum(), counts }
        })
        .collect();
    let areas_chart = areas_chart(&areas, strings);
    let units = (0..site.config.units.len()).map(|u| unit_row(site, u)).collect();
    let internal = (0..site.calendar.activities.len())
        .filter(|&a| !site.calendar.activities[a].is_public)
        .map(|a| {
            let activity = &site.calendar.activities[a];
            let count = |status: Status| site.calendar.occurrences_of(a).filter(|o| o.status == status).count();
            InternalRow {
                activity: Link { title: activity.title.clone(), url: site.config.url(&urls::activity(&activity.id)) },
                lead: activity.lead.map(|u| views::units(site, &[u]).remove(0)),
                held: count(Status::Held),
                planned: count(Status::Planned),
            }
        })
        .collect();
    let csv = |name: &str| site.config.url(&format!("{}/{name}", urls::REPORT));
    ReportView {
        targets,
        quarters: quarters.iter().map(|q| strings.period(q)).collect(),
        areas,
        units,
        internal,
        areas_chart,
        csv_url: csv(urls::REPORT_CSV),
        areas_csv_url: csv(urls::REPORT_AREAS_CSV),
        units_csv_url: csv(urls::REPORT_UNITS_CSV),
        met,
        missed,
        as_of: strings.long_date(today),
    }
}

/// Held (filled bars) against required (hollow bars) per quarter.
fn target_chart(id: &str, title: &str, rows: &[progress::Row], strings: &Strings) -> String {
    let pairs: Vec<Pair> = rows
        .iter()
        .filter(|r| r.period.per == Per::Quarter)
        .map(|r| Pair { label: strings.period(&r.period), value: f64::from(r.held), reference: r.required.map(f64::from) })
        .collect();
    let words: Vec<String> = pairs
        .iter()
        .map(|p| {
            let held = format_vi(p.value, 0);
            match p.reference {
                Some(required) => {
                    strings.fill("chart_target_value", &[("period", &p.label), ("held", &held), ("required", &format_vi(required, 0))])
                }
                None => strings.fill("chart_target_value_free", &[("period", &p.label), ("held", &held)]),
            }
        })
        .collect();
    let title = strings.fill("chart_target_title", &[("activity", title)]);
    let description = strings.fill("chart_target_description", &[("values", &words.join(strings.get("chart_separator")))]);
    let caption = Caption { id: &format!("bieu-do-{id}"), title: &title, description: &description };
    pair_chart(&caption, &pairs, strings.get("chart_target_held"), strings.get("chart_target_required"))
}

/// Articles per area, in the order of the areas.
fn areas_chart(rows: &[AreaRow], strings: &Strings) -> String {
    let bars: Vec<Datum> = rows.iter().map(|r| Datum { label: r.area.name.clone(), value: r.total as f64 }).collect();
    let words: Vec<String> =
        bars.iter().map(|b| strings.fill("chart_areas_value", &[("area", &b.label), ("count", &format_vi(b.value, 0))])).collect();
    let description = strings.fill("chart_areas_description", &[("values", &words.join(strings.get("chart_separator")))]);
    let caption = Caption { id: "bieu-do-linh-vuc", title: strings.get("chart_areas_title"), description: &description };
    bar_chart(&caption, &bars, 0, None)
}

/// One row per activity with a target and period: the target's own periods,
/// then quarters, halves and years.
pub fn render_targets_csv(site: &Site, strings: &Strings) -> Vec<u8> {
    let today = site.now.date_naive();
    let mut csv = Csv::new(&strings.each(&[
        "csv_activity_id",
        "csv_activity",
        "csv_lead",
        "csv_target",
        "csv_basis",
        "csv_public",
        "csv_period_code",
        "csv_period",
        "csv_held",
        "csv_planned",
        "csv_required",
        "csv_result",
    ]));
    for (a, activity) in site.calendar.activities.iter().enumerate() {
        let Some(target) = &activity.target else { continue };
        let lead = activity.lead.map(|u| site.config.units[u].name.as_str()).unwrap_or_default();
        for row in progress::target_rows(&site.calendar, a, today) {
            let view = row_view(&row, strings);
            csv.row(&[
                &activity.id,
                &activity.title,
                lead,
                &strings.target(target),
                target.basis.as_deref().unwrap_or_default(),
                strings.get(if activity.is_public { "csv_public_yes" } else { "csv_public_no" }),
                &view.code,
                &view.name,
                &view.held.to_string(),
                &view.planned.to_string(),
                &view.required.map(|r| r.to_string()).unwrap_or_default(),
                &view.state_vi,
            ]);
        }
    }
    csv.finish()
}

/// Articles published per area and quarter.
pub fn render_areas_csv(site: &Site, strings: &Strings) -> Vec<u8> {
    let quarters = report_quarters(site);
    let mut csv = Csv::new(&strings.each(&["csv_area_key", "csv_area", "csv_period_code", "csv_period", "csv_articles"]));
    for (a, area) in site.config.areas.iter().enumerate() {
        for (q, count) in quarters.iter().zip(area_counts(site, a, &quarters)) {
            csv.row(&[&area.key, &area.name, &q.code(), &strings.period(q), &count.to_string()]);
        }
    }
    csv.finish()
}

/// Activities each unit leads and joins, occurrences held, articles.
pub fn render_units_csv(site: &Site, strings: &Strings) -> Vec<u8> {
    let mut csv =
        Csv::new(&strings.each(&["csv_unit_key", "csv_unit", "csv_unit_leads", "csv_unit_joins", "csv_unit_held", "csv_unit_articles"]));
    for (u, unit) in site.config.units.iter().enumerate() {
        let row = unit_row(site, u);
        csv.row(&[&unit.key, &unit.name, &row.led.to_string(), &row.joined.to_string(), &row.held.to_string(), &row.articles.to_string()]);
    }
    csv.finish()
}

pub(crate) struct Csv {
    out: String,
}

impl Csv {
    pub(crate) fn new(header: &[&str]) -> Self {
        let mut csv = Csv { out: String::from("\u{feff}") };
        csv.row(header);
        csv
    }

    pub(crate) fn row(&mut self, fields: &[&str]) {
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        self.out.push_str(&line.join(","));
        self.out.push_str("\r\n");
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) { format!("\"{}\"", field.replace('"', "\"\"")) } else { field.to_string() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_fields_that_need_it() {
        assert_eq!(super::quote("a,b"), "\"a,b\"");
        assert_eq!(super::quote("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(super::quote("Sở Nội vụ"), "Sở Nội vụ");
    }
}
