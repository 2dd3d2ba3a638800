//! iCalendar feeds (RFC 5545): `/lich/lich.ics` for every activity and
//! `/lich/<id>/lich.ics` for one.
//!
//! A `repeat` is one VEVENT with an RRULE (EXDATE for its `except` dates and the
//! dates an explicit event replaces); each explicit event is its own VEVENT.
//! UIDs come from the activity id and the occurrence's date, never from list
//! positions; DTSTAMP is the build time, so the same input and `--now` give the
//! same bytes. Times carry TZID=Asia/Ho_Chi_Minh with its VTIMEZONE.

use crate::calendar::expand::{overridden_dates, rule_dates_without_except};
use crate::calendar::{Activity, Event, Every, Repeat, Status};
use crate::dates;
use crate::render::Renderer;
use crate::urls;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::collections::BTreeSet;

/// The time zone every calendar time is written in.
pub const TZID: &str = "Asia/Ho_Chi_Minh";

/// The calendar of every activity (`only` = `None`) or of one.
pub fn render_calendar(r: &Renderer, only: Option<usize>) -> Vec<u8> {
    let site = r.site;
    let c = &site.config;
    let mut ics = Ics::default();
    ics.line("BEGIN:VCALENDAR");
    ics.line("VERSION:2.0");
    ics.line("PRODID:-//Loa//Lich hoat dong CCHC//VI");
    ics.line("CALSCALE:GREGORIAN");
    ics.line("METHOD:PUBLISH");
    let name = match only {
        Some(a) => format!("{} – {}", site.calendar.activities[a].title, c.title),
        None => r.strings.fill("ics_calendar_name", &[("site", &c.title)]),
    };
    ics.property("X-WR-CALNAME", &escape(&name));
    ics.property("X-WR-TIMEZONE", TZID);
    for line in [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Ho_Chi_Minh",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:+07",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        ics.line(line);
    }
    let stamp = site.now.naive_utc().format("%Y%m%dT%H%M%SZ").to_string();
    let host = c.host().to_string();
    for (index, activity) in site.calendar.activities.iter().enumerate() {
        // Internal tasks stay off every published calendar.
        if only.is_some_and(|o| o != index) || !activity.is_public {
            continue;
        }
        let common = Common {
            url: c.permalink(&urls::activity(&activity.id)),
            description: description(r, index),
            categories: activity.areas.iter().map(|&a| escape(&c.areas[a].name)).collect::<Vec<_>>().join(","),
            stamp: &stamp,
        };
        if let Some(rule) = &activity.repeat {
            write_rule(&mut ics, activity, rule, &host, &common);
        }
        for event in &activity.events {
            write_event(&mut ics, activity, event, &host, &common);
        }
    }
    ics.line("END:VCALENDAR");
    ics.out.into_bytes()
}

struct Common<'a> {
    url: String,
    description: String,
    categories: String,
    stamp: &'a str,
}

fn description(r: &Renderer, index: usize) -> String {
    let site = r.site;
    let activity = &site.calendar.activities[index];
    let mut parts = Vec::new();
    let text = crate::render::markdown::plain_text(activity.description.as_deref().unwrap_or_default());
    if !text.is_empty() {
        parts.push(text);
    }
    if let Some(lead) = activity.lead {
        parts.push(r.strings.fill("ics_lead", &[("unit", &site.config.units[lead].name)]));
    }
    if !activity.partners.is_empty() {
        let names: Vec<&str> = activity.partners.iter().map(|&u| site.config.units[u].name.as_str()).collect();
        parts.push(r.strings.fill("ics_partners", &[("units", &names.join(", "))]));
    }
    if let Some(target) = &activity.target {
        match &target.basis {
            Some(basis) => parts.push(r.strings.fill("ics_target_basis", &[("target", &r.strings.target(target)), ("basis", basis)])),
            None => parts.push(r.strings.fill("ics_target", &[("target", &r.strings.target(target))])),
        }
    }
    parts.join("\n")
}

fn write_rule(ics: &mut Ics, activity: &Activity, rule: &Repeat, host: &str, common: &Common) {
    let all = rule_dates_without_except(rule);
    let Some(&first) = all.first() else { return };
    let exdates: BTreeSet<NaiveDate> = rule.except.iter().copied().chain(overridden_dates(activity)).filter(|d| all.contains(d)).collect();
    ics.line("BEGIN:VEVENT");
    ics.property("UID", &format!("{}-repeat@{host}", activity.id));
    ics.property("DTSTAMP", common.stamp);
    let time = rule.time;
    write_start(ics, first, time);
    if let (Some(_), Some(minutes)) = (time, rule.minutes) {
        ics.property("DURATION", &format!("PT{minutes}M"));
    }
    ics.property("RRULE", &rrule(rule, first));
    if !exdates.is_empty() {
        let values: Vec<String> = exdates.iter().map(|d| value(*d, time)).collect();
        let name = if time.is_some() { format!("EXDATE;TZID={TZID}") } else { "EXDATE;VALUE=DATE".to_string() };
        ics.property(&name, &values.join(","));
    }
    ics.property("SUMMARY", &escape(&activity.title));
    write_common(ics, common);
    ics.property("STATUS", "CONFIRMED");
    ics.line("END:VEVENT");
}

fn write_event(ics: &mut Ics, activity: &Activity, event: &Event, host: &str, common: &Common) {
    let time = (!event.all_day).then(|| event.start.time());
    ics.line("BEGIN:VEVENT");
    ics.property("UID", &format!("{}-{}@{host}", activity.id, uid_date(event.start, event.all_day)));
    ics.property("DTSTAMP", common.stamp);
    write_start(ics, event.start.date(), time);
    let minutes = event.minutes.or(activity.repeat.as_ref().and_then(|r| r.minutes));
    if let (Some(_), Some(minutes)) = (time, minutes) {
        ics.property("DURATION", &format!("PT{minutes}M"));
    }
    ics.property("SUMMARY", &escape(event.title.as_deref().unwrap_or(&activity.title)));
    if let Some(place) = &event.place {
        ics.property("LOCATION", &escape(place));
    }
    write_common(ics, common);
    let status = match event.status {
        Some(Status::Cancelled) => "CANCELLED",
        _ => "CONFIRMED",
    };
    ics.property("STATUS", status);
    ics.line("END:VEVENT");
}

fn write_common(ics: &mut Ics, common: &Common) {
    if !common.description.is_empty() {
        ics.property("DESCRIPTION", &escape(&format!("{}\n{}", common.description, common.url)));
    }
    if !common.categories.is_empty() {
        ics.property("CATEGORIES", &common.categories);
    }
    ics.property("URL;VALUE=URI", &common.url);
}

fn write_start(ics: &mut Ics, date: NaiveDate, time: Option<NaiveTime>) {
    match time {
        Some(_) => ics.property(&format!("DTSTART;TZID={TZID}"), &value(date, time)),
        None => ics.property("DTSTART;VALUE=DATE", &value(date, None)),
    }
}

/// `20220101T200000` (local time) or `20220101` (all day).
fn value(date: NaiveDate, time: Option<NaiveTime>) -> String {
    match time {
        Some(t) => date.and_time(t).format("%Y%m%dT%H%M%S").to_string(),
        None => date.format("%Y%m%d").to_string(),
    }
}

fn uid_date(start: NaiveDateTime, all_day: bool) -> String {
    if all_day { start.format("%Y%m%d").to_string() } else { start.format("%Y%m%dT%H%M").to_string() }
}

/// The RRULE of a repeat whose first occurrence is `first`.
pub fn rrule(rule: &Repeat, first: NaiveDate) -> String {
    let (freq, interval) = match rule.every {
        Every::Day => ("DAILY", rule.interval),
        Every::Week => ("WEEKLY", rule.interval),
        Every::Month => ("MONTHLY", rule.interval),
        Every::Quarter => ("MONTHLY", rule.interval * 3),
        Every::Year => ("YEARLY", rule.interval),
    };
    let mut text = format!("FREQ={freq};INTERVAL={interval}");
    if rule.every == Every::Week {
        let days: Vec<&str> =
            if rule.weekdays.is_empty() { vec![byday(first.weekday())] } else { rule.weekdays.iter().map(|d| byday(*d)).collect() };
        text.push_str(&format!(";BYDAY={};WKST=MO", days.join(",")));
    }
    // UNTIL is inclusive: the last possible start on the `until` day, in UTC
    // for timed rules (RFC 5545 §3.3.10), a DATE for all-day ones.
    let until = match rule.time {
        Some(t) => {
            let local = dates::in_vietnam(rule.until.and_time(t));
            local.naive_utc().format("%Y%m%dT%H%M%SZ").to_string()
        }
        None => rule.until.format("%Y%m%d").to_string(),
    };
    text.push_str(&format!(";UNTIL={until}"));
    text
}

fn byday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines with CRLF ends, folded at 75 octets.
#[derive(Default)]
struct Ics {
    out: String,
}

impl Ics {
    fn line(&mut self, line: &str) {
        self.out.push_str(&fold(line));
    }

    fn property(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }
}

/// One content line, folded (RFC 5545 §3.1): no physical line longer than 75
/// octets, never inside a UTF-8 character; continuation lines start with a
/// space. Ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    let mut limit = 75;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > limit {
            out.push_str("\r\n ");
            width = 1;
            limit = 75;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let line = format!("SUMMARY:{}", "Chuyên mục cải cách hành chính trên Đài Phát thanh và Truyền hình Hà Nội ".repeat(3));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 2);
        for (i, l) in physical.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            if i > 0 {
                assert!(l.starts_with(' '));
            }
        }
        let unfolded: String = physical.iter().enumerate().map(|(i, l)| if i == 0 { *l } else { &l[1..] }).collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn short_lines_are_untouched() {
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
        let exact = format!("X:{}", "a".repeat(73));
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn rrule_for_each_frequency() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut rule = Repeat {
            every: Every::Week,
            interval: 1,
            weekdays: vec![Weekday::Sat],
            time: NaiveTime::from_hms_opt(20, 0, 0),
            minutes: Some(15),
            from: d("2022-01-01"),
            until: d("2022-12-31"),
            except: vec![],
        };
        assert_eq!(rrule(&rule, d("2022-01-01")), "FREQ=WEEKLY;INTERVAL=1;BYDAY=SA;WKST=MO;UNTIL=20221231T130000Z");
        rule.every = Every::Quarter;
        rule.time = None;
        assert_eq!(rrule(&rule, d("2022-01-01")), "FREQ=MONTHLY;INTERVAL=3;UNTIL=20221231");
    }
}
