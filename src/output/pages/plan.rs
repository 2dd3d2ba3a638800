//! The plan's pages: the calendar, one activity, the progress report.

use super::{context, home_crumb, json_ld, meta, publisher, strip_tags, top_crumb, top_meta};
use crate::calendar::progress::{self, Row, When};
use crate::calendar::{Occurrence, Status};
use crate::dates;
use crate::render::Renderer;
use crate::render::strings::Strings;
use crate::render::views::{self, OccurrenceView, Term};
use crate::site::Site;
use crate::urls;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;

/// An activity as a unit page or the calendar lists it.
#[derive(Serialize)]
pub(super) struct ActivityItem {
    title: String,
    url: String,
    target_vi: Option<String>,
    target_basis: Option<String>,
    held: usize,
    next: Option<OccurrenceView>,
}

pub(super) fn activity_item(r: &Renderer, a: usize) -> ActivityItem {
    let site = r.site;
    let activity = &site.calendar.activities[a];
    let now = site.now.naive_local();
    ActivityItem {
        title: activity.title.clone(),
        url: site.config.url(&urls::activity(&activity.id)),
        target_vi: activity.target.as_ref().map(|t| r.strings.target(t)),
        target_basis: activity.target.as_ref().and_then(|t| t.basis.clone()),
        held: site.calendar.occurrences_of(a).filter(|o| o.status == Status::Held).count(),
        next: site
            .calendar
            .occurrences_of(a)
            .find(|o| o.start >= now && o.status != Status::Cancelled)
            .map(|o| views::occurrence(site, r.strings, o)),
    }
}

#[derive(Serialize)]
struct MonthView {
    id: String,
    title: String,
    occurrences: Vec<OccurrenceView>,
    count: usize,
}

/// `/lich/`: public activities only (internal tasks are counted in the report
/// alone). This month and the next come first and open; later months and the
/// past are folded by month, each in calendar order.
pub(super) fn calendar(r: &Renderer) -> tera::Context {
    let site = r.site;
    let page = top_meta(r, urls::CALENDAR, r.strings.get("calendar_title"), r.strings.get("calendar_description"));
    let today = site.now.date_naive();
    let this_month = (today.year(), today.month());
    let next_month = if today.month() == 12 { (today.year() + 1, 1) } else { (today.year(), today.month() + 1) };
    let is_public = |a: usize| site.calendar.activities[a].is_public;
    let mut months: BTreeMap<(i32, u32), Vec<OccurrenceView>> = BTreeMap::new();
    for o in site.calendar.occurrences.iter().filter(|o| is_public(o.activity)) {
        let d = o.date();
        months.entry((d.year(), d.month())).or_default().push(views::occurrence(site, r.strings, o));
    }
    let to_view = |((y, m), occurrences): ((i32, u32), Vec<OccurrenceView>)| MonthView {
        id: format!("thang-{y}-{m:02}"),
        title: r.strings.month(y, m),
        count: occurrences.len(),
        occurrences,
    };
    let mut now_months = Vec::new();
    let mut later = Vec::new();
    let mut past = Vec::new();
    for (key, occurrences) in months {
        let view = to_view((key, occurrences));
        if key < this_month {
            past.push(view);
        } else if key <= next_month {
            now_months.push(view);
        } else {
            later.push(view);
        }
    }
    let tasks: Vec<ActivityItem> = (0..site.calendar.activities.len())
        .filter(|&a| is_public(a) && site.calendar.occurrences_of(a).next().is_none())
        .map(|a| activity_item(r, a))
        .collect();
    let activities: Vec<ActivityItem> =
        (0..site.calendar.activities.len()).filter(|&a| is_public(a)).map(|a| activity_item(r, a)).collect();
    let mut ctx = context(&page);
    ctx.insert("coming", &now_months);
    ctx.insert("this_month", &r.strings.month(this_month.0, this_month.1));
    ctx.insert("next_month", &r.strings.month(next_month.0, next_month.1));
    ctx.insert("later", &later);
    ctx.insert("past", &past);
    ctx.insert("tasks", &tasks);
    ctx.insert("activities", &activities);
    ctx.insert("today_vi", &r.strings.long_date(today));
    ctx
}

/// One row of a progress table.
#[derive(Serialize)]
pub struct RowView {
    pub code: String,
    pub name: String,
    pub held: u32,
    pub planned: u32,
    pub required: Option<u32>,
    /// "met", "missed", "open" (current or future, not met yet) or "none".
    pub state: &'static str,
    pub state_vi: String,
    pub is_current: bool,
}

/// A row of a progress table; its state in the theme's words (`plan_state_*`).
pub fn row_view(row: &Row, strings: &Strings) -> RowView {
    let (state, word) = match (row.met(), row.when) {
        (None, _) => ("none", None),
        (Some(true), _) => ("met", Some("plan_state_met")),
        (Some(false), When::Past) => ("missed", Some("plan_state_missed")),
        (Some(false), When::Current) => ("open", Some("plan_state_open")),
        (Some(false), When::Future) => ("open", Some("plan_state_future")),
    };
    let state_vi = word.map_or_else(String::new, |key| strings.get(key).to_string());
    RowView {
        code: row.period.code(),
        name: strings.period(&row.period),
        held: row.held,
        planned: row.planned,
        required: row.required,
        state,
        state_vi,
        is_current: row.when == When::Current,
    }
}

/// Rows grouped by period kind, for tables.
#[derive(Serialize)]
pub struct RowGroup {
    pub per: &'static str,
    pub title: String,
    pub rows: Vec<RowView>,
}

pub fn row_groups(rows: &[Row], strings: &Strings) -> Vec<RowGroup> {
    let mut groups: Vec<RowGroup> = Vec::new();
    for row in rows {
        let per = row.period.per;
        if groups.last().is_none_or(|g| g.per != per.key()) {
            groups.push(RowGroup { per: per.key(), title: strings.get(&format!("plan_per_{}", per.key())).to_string(), rows: Vec::new() });
        }
        groups.last_mut().expect("just pushed").rows.push(row_view(row, strings));
    }
    groups
}

#[derive(Serialize)]
struct ActivityView<'a> {
    id: String,
    title: String,
    description: &'a str,
    lead: Option<Term>,
    partners: Vec<Term>,
    areas: Vec<Term>,
    all_areas: bool,
    channel_vi: Option<String>,
    target_vi: Option<String>,
    target_basis: Option<String>,
    is_public: bool,
    ics_url: String,
    webcal_url: String,
    rule_vi: Option<String>,
    coming: Vec<OccurrenceView>,
    past: Vec<OccurrenceView>,
    held: usize,
    groups: Vec<RowGroup>,
    articles: Vec<tera::Value>,
}

pub(super) fn activity(r: &Renderer, a: usize) -> tera::Context {
    let site = r.site;
    let activity = &site.calendar.activities[a];
    let path = urls::activity(&activity.id);
    let plain = strip_tags(&r.bodies.activities[a]);
    let mut page = meta(site, &path, &activity.title, if plain.is_empty() { &activity.title } else { &plain });
    page.nav_key = urls::CALENDAR.into();
    page.breadcrumbs = vec![home_crumb(r), top_crumb(r, urls::CALENDAR, "nav_calendar")];
    let now = site.now.naive_local();
    let (past, coming): (Vec<_>, Vec<_>) = site.calendar.occurrences_of(a).partition(|o| o.start < now);
    if !coming.is_empty() {
        let events: Vec<serde_json::Value> = coming.iter().take(EVENTS_LD).map(|o| event_ld(site, o, &page.permalink)).collect();
        page.json_ld = Some(json_ld(&serde_json::json!({ "@context": "https://schema.org", "@graph": events })));
    }
    let ics = format!("{path}{}", urls::ICS);
    let rows = progress::target_rows(&site.calendar, a, site.now.date_naive());
    let view = ActivityView {
        id: activity.id.clone(),
        title: activity.title.clone(),
        description: &r.bodies.activities[a],
        lead: activity.lead.map(|u| views::units(site, &[u]).remove(0)),
        partners: views::units(site, &activity.partners),
        areas: views::areas(site, &activity.areas),
        all_areas: activity.areas.is_empty(),
        channel_vi: activity.channel.map(|c| r.strings.channel(c).to_string()),
        target_vi: activity.target.as_ref().map(|t| r.strings.target(t)),
        target_basis: activity.target.as_ref().and_then(|t| t.basis.clone()),
        is_public: activity.is_public,
        ics_url: site.config.url(&ics),
        webcal_url: views::webcal(&site.config.permalink(&ics)),
        rule_vi: activity.repeat.as_ref().map(|rule| rule_vi(rule, r.strings)),
        held: past.iter().filter(|o| o.status == Status::Held).count(),
        coming: coming.into_iter().map(|o| views::occurrence(site, r.strings, o)).collect(),
        past: past.into_iter().rev().map(|o| views::occurrence(site, r.strings, o)).collect(),
        groups: row_groups(&rows, r.strings),
        articles: r.item_values(site.by_activity[a].iter().copied()),
    };
    let mut ctx = context(&page);
    ctx.insert("activity", &view);
    ctx
}

/// At most this many upcoming occurrences go into an activity page's JSON-LD
/// (a daily rule would list months of them).
const EVENTS_LD: usize = 30;

/// One occurrence as a schema.org `Event`: start (and end) with the UTC
/// offset, status, place, organiser. An occurrence without a place is held by
/// its lead unit (a broadcast, a publication), which stands as the place.
fn event_ld(site: &Site, o: &Occurrence, page_url: &str) -> serde_json::Value {
    let activity = &site.calendar.activities[o.activity];
    let lead = activity.lead.map(|u| site.config.units[u].name.clone());
    let organizer = match &lead {
        Some(name) => serde_json::json!({ "@type": "GovernmentOrganization", "name": name }),
        None => publisher(site),
    };
    let (start, end) = if o.all_day {
        let day = o.start.date();
        (day.to_string(), None)
    } else {
        let start = dates::in_vietnam(o.start);
        let end = o.minutes.map(|m| dates::rfc3339(&(start + chrono::Duration::minutes(i64::from(m)))));
        (dates::rfc3339(&start), end)
    };
    let status = if o.status == Status::Cancelled { "https://schema.org/EventCancelled" } else { "https://schema.org/EventScheduled" };
    let mut event = serde_json::json!({
        "@type": "Event",
        "name": o.title.as_deref().unwrap_or(&activity.title),
        "startDate": start,
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": page_url,
        "organizer": organizer,
    });
    if let Some(end) = end {
        event["endDate"] = end.into();
    }
    let place = o.place.clone().or(lead).unwrap_or_else(|| site.config.publisher.clone());
    event["location"] = serde_json::json!({ "@type": "Place", "name": place, "address": place });
    if let Some(description) = &activity.description {
        event["description"] = crate::render::markdown::plain_text(description).into();
    }
    event
}

/// A repeat rule in the theme's words (`rule_*`, `weekday_*`): "Hằng tuần vào
/// Thứ Bảy, 20:00 (15 phút), từ 01/01/2022 đến 31/12/2022".
pub fn rule_vi(rule: &crate::calendar::Repeat, strings: &Strings) -> String {
    use crate::calendar::Every;
    let unit = match rule.every {
        Every::Day => "day",
        Every::Week => "week",
        Every::Month => "month",
        Every::Quarter => "quarter",
        Every::Year => "year",
    };
    let mut text = match rule.interval {
        1 => strings.get(&format!("rule_every_{unit}")).to_string(),
        n => strings.fill(&format!("rule_every_n_{unit}"), &[("n", &n.to_string())]),
    };
    if rule.every == Every::Week {
        let days: Vec<&str> = if rule.weekdays.is_empty() {
            vec![strings.weekday(rule.from.weekday())]
        } else {
            rule.weekdays.iter().map(|d| strings.weekday(*d)).collect()
        };
        text.push(' ');
        text.push_str(&strings.fill("rule_on", &[("days", &days.join(", "))]));
    }
    if let Some(time) = rule.time {
        text.push_str(&format!(", {}", time.format("%H:%M")));
    }
    if let Some(m) = rule.minutes {
        text.push(' ');
        text.push_str(&strings.fill("rule_minutes", &[("minutes", &m.to_string())]));
    }
    text.push_str(", ");
    let (from, until) = (rule.from.format("%d/%m/%Y").to_string(), rule.until.format("%d/%m/%Y").to_string());
    text.push_str(&strings.fill("rule_range", &[("from", &from), ("until", &until)]));
    if !rule.except.is_empty() {
        let except: Vec<String> = rule.except.iter().map(|d| d.format("%d/%m/%Y").to_string()).collect();
        text.push_str("; ");
        text.push_str(&strings.fill("rule_except", &[("dates", &except.join(", "))]));
    }
    text
}

pub(super) fn report(r: &Renderer) -> tera::Context {
    let site = r.site;
    let page = top_meta(r, urls::REPORT, r.strings.get("report_title"), r.strings.get("report_description"));
    let mut ctx = context(&page);
    ctx.insert("report", &crate::output::report::report_view(site, r.strings));
    ctx
}
