//! The plan's calendar end to end: `content/calendar.yaml` validated with
//! positioned errors, repeat rules expanded on the activity pages, target
//! progress on the activity pages, the report and its CSV, and the iCalendar
//! feeds checked line by line and read back with the `icalendar` and `rrule`
//! crates.

use crate::common::{Site, snapshot};
use chrono::{NaiveDate, NaiveDateTime, Offset, TimeZone};
use std::collections::{BTreeMap, BTreeSet};

/// Build time of the feed fixture: 15 February 2022, 10:00 in Hanoi.
const FEED_NOW: &str = "2022-02-15T10:00";
const FEED_STAMP: &str = "20220215T030000Z";

// ---------------------------------------------------------------------------
// Helpers: reading pages, the CSV and the feeds.

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

fn unescape_html(text: &str) -> String {
    text.replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `(datetime attribute, status)` of each occurrence listed in the events lists
/// of a page (partials/events.html), in page order.
fn listed(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for block in html.split("<ul class=\"events\">").skip(1) {
        let block = &block[..block.find("</ul>").expect("the events list is closed")];
        for item in block.split("<li").skip(1) {
            let datetime = between(item, "<time datetime=\"", "\"").expect("each occurrence has a <time datetime>");
            let status = between(item, "class=\"status status-", "\"").expect("each occurrence has a status");
            out.push((datetime.to_string(), status.to_string()));
        }
    }
    out
}

/// The sorted `datetime` values of the occurrences an activity page lists.
fn listed_times(html: &str) -> Vec<String> {
    let mut times: Vec<String> = listed(html).into_iter().map(|(t, _)| t).collect();
    times.sort();
    times
}

/// One row of a progress table: period name, held, planned, required.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Progress {
    name: String,
    held: u32,
    planned: u32,
    required: Option<u32>,
}

/// Rows of every `<table class="progress">` in `html` (partials/progress.html).
fn progress_rows(html: &str) -> Vec<Progress> {
    let mut rows = Vec::new();
    for table in html.split("<table class=\"progress\">").skip(1) {
        let table = &table[..table.find("</table>").expect("the table is closed")];
        for tr in table.split("<th scope=\"row\">").skip(1) {
            let name = &tr[..tr.find("</th>").expect("row header is closed")];
            let name = name.split(" <span").next().unwrap();
            let cells: Vec<&str> = tr.split("<td class=\"num\">").skip(1).map(|c| &c[..c.find("</td>").unwrap()]).collect();
            assert_eq!(cells.len(), 2, "held and required cells in {tr}");
            let held = cells[0].split(' ').next().unwrap().parse().unwrap();
            let planned = between(cells[0], "(+", " ").map_or(0, |p| p.parse().unwrap());
            let required = if cells[1] == "–" { None } else { Some(cells[1].parse().unwrap()) };
            rows.push(Progress { name: unescape_html(name), held, planned, required });
        }
    }
    rows
}

/// RFC 4180: fields, quoted or not; rows end in CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => assert_eq!(chars.next(), Some('\n'), "CR only before LF"),
            '\n' => panic!("a CSV row ends with a bare LF"),
            c => field.push(c),
        }
        if c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(row.is_empty() && field.is_empty(), "the last row ends with CRLF");
    rows
}

/// The report CSV as records keyed by column name.
fn report_csv(site: &Site) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(site.out().join("bao-cao/bao-cao.csv")).expect("bao-cao.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the CSV starts with a UTF-8 byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("the CSV is UTF-8");
    let rows = parse_csv(&text);
    // The header is in Vietnamese; the tests below use short English keys.
    let header: Vec<String> = rows[0]
        .iter()
        .map(|h| {
            match h.as_str() {
                "Mã hoạt động" => "activity",
                "Hoạt động" => "title",
                "Mã kỳ" => "period",
                "Kỳ" => "period_name",
                "Đã thực hiện" => "held",
                "Dự kiến" => "planned",
                "Yêu cầu" => "required",
                "Kết quả" => "status",
                other => other,
            }
            .to_string()
        })
        .collect();
    for column in ["activity", "title", "period", "held", "required"] {
        assert!(header.iter().any(|h| h == column), "column {column} in {header:?}");
    }
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "row {r:?}");
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

/// `(held, required)` of one activity's period in the CSV (`period` is the code).
fn csv_cell(records: &[BTreeMap<String, String>], activity: &str, period: &str) -> (u32, Option<u32>) {
    let r = records
        .iter()
        .find(|r| r["activity"] == activity && r["period"] == period)
        .unwrap_or_else(|| panic!("no CSV row for {activity} {period}"));
    (r["held"].parse().unwrap(), (!r["required"].is_empty()).then(|| r["required"].parse().unwrap()))
}

/// Logical lines of an iCalendar text: folds undone.
fn unfold(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for physical in ics.strip_suffix("\r\n").expect("ends with CRLF").split("\r\n") {
        match physical.strip_prefix(' ') {
            Some(rest) => lines.last_mut().expect("a fold continues a line").push_str(rest),
            None => lines.push(physical.to_string()),
        }
    }
    lines
}

/// The content lines of each VEVENT.
fn vevents(ics: &str) -> Vec<Vec<String>> {
    let mut events = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in unfold(ics) {
        match line.as_str() {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => events.push(current.take().expect("END after BEGIN")),
            _ => {
                if let Some(event) = current.as_mut() {
                    event.push(line);
                }
            }
        }
    }
    events
}

/// `(name with parameters, value)` of the first line of property `name`.
fn prop<'a>(event: &'a [String], name: &str) -> Option<(&'a str, &'a str)> {
    event.iter().find_map(|line| {
        let (head, value) = line.split_once(':')?;
        (head.split(';').next() == Some(name)).then_some((head, value))
    })
}

fn value<'a>(event: &'a [String], name: &str) -> Option<&'a str> {
    prop(event, name).map(|(_, v)| v)
}

/// The VEVENTs of one activity (by their URL).
fn vevents_of(ics: &str, id: &str) -> Vec<Vec<String>> {
    let suffix = format!("/lich/{id}/");
    vevents(ics).into_iter().filter(|e| value(e, "URL").is_some_and(|u| u.ends_with(&suffix))).collect()
}

/// Whether a TEXT value is escaped per RFC 5545 §3.3.11: no bare `,` `;` or
/// newline, and a backslash only before `\` `;` `,` `n` `N`.
fn is_escaped_text(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if !matches!(chars.next(), Some('\\' | ';' | ',' | 'n' | 'N')) => {
                return false;
            }
            ',' | ';' | '\n' | '\r' => return false,
            _ => {}
        }
    }
    true
}

/// The ids of the activities that have a page.
fn activity_ids(site: &Site) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(site.out().join("lich"))
        .expect("public/lich")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

/// `(activity id, start as the pages write it)` of every occurrence the pages
/// list, sorted: `2022-01-01T20:00+07:00`, or `2022-01-01` all day.
/// Ids of the activities with a feed of their own: internal tasks
/// (`public: false`) have pages but are left out of every feed.
fn public_ids(site: &Site) -> Vec<String> {
    activity_ids(site).into_iter().filter(|id| site.exists(&format!("lich/{id}/lich.ics"))).collect()
}

fn page_occurrences(site: &Site) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for id in public_ids(site) {
        for time in listed_times(&site.read(&format!("lich/{id}/index.html"))) {
            all.push((id.clone(), time));
        }
    }
    all.sort();
    all
}

/// A content line rebuilt from a parsed property, for the `rrule` parser.
fn content_line(p: &icalendar::Property) -> String {
    let mut line = p.key().to_string();
    for (key, param) in p.params() {
        line.push_str(&format!(";{key}={}", param.value()));
    }
    format!("{line}:{}", p.value())
}

/// Every occurrence of a feed, read back with `icalendar` and expanded with
/// `rrule`: `(activity id, start as the pages write it, cancelled)`, sorted.
fn feed_occurrences(ics: &str) -> Vec<(String, String, bool)> {
    use icalendar::Component;
    let calendar: icalendar::Calendar = ics.parse().expect("the feed parses as iCalendar");
    let mut all = Vec::new();
    for event in calendar.events() {
        let url = event.property_value("URL").expect("URL");
        let id = url.trim_end_matches('/').rsplit('/').next().unwrap().to_string();
        let cancelled = event.property_value("STATUS") == Some("CANCELLED");
        let start = event.properties().get("DTSTART").expect("DTSTART");
        let all_day = start.params().get("VALUE").is_some_and(|v| v.value() == "DATE");
        if !all_day {
            assert_eq!(start.params().get("TZID").map(|p| p.value()), Some("Asia/Ho_Chi_Minh"), "{}", content_line(start));
        }
        let starts: Vec<NaiveDateTime> = match event.properties().get("RRULE") {
            None => {
                let v = start.value();
                vec![if all_day {
                    NaiveDate::parse_from_str(v, "%Y%m%d").unwrap().and_hms_opt(0, 0, 0).unwrap()
                } else {
                    NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").unwrap()
                }]
            }
            Some(rule) => {
                let mut text = format!("{}\n{}", content_line(start), content_line(rule));
                for exdate in event.multi_properties().get("EXDATE").into_iter().flatten() {
                    text.push('\n');
                    text.push_str(&content_line(exdate));
                }
                let set: rrule::RRuleSet = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
                let result = set.all(5000);
                assert!(!result.limited, "{text}: more than 5000 occurrences");
                result
                    .dates
                    .iter()
                    .map(|d| {
                        if !all_day {
                            assert_eq!(d.offset().fix().local_minus_utc(), 7 * 3600, "{d} is in Vietnam time");
                        }
                        d.naive_local()
                    })
                    .collect()
            }
        };
        for s in starts {
            let written = if all_day { s.format("%Y-%m-%d").to_string() } else { s.format("%Y-%m-%dT%H:%M+07:00").to_string() };
            all.push((id.clone(), written, cancelled));
        }
    }
    all.sort();
    all
}

/// Checks the physical form of an iCalendar file (RFC 5545 §3.1).
fn assert_content_lines(rel: &str, bytes: &[u8]) {
    assert!(bytes.ends_with(b"\r\n"), "{rel}: ends with CRLF");
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            assert!(i > 0 && bytes[i - 1] == b'\r', "{rel}: LF without CR at byte {i}");
        }
        if b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "{rel}: CR without LF at byte {i}");
        }
    }
    let body = &bytes[..bytes.len() - 2];
    for (n, line) in body.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(line.len() <= 75, "{rel}: line {} has {} octets: {}", n + 1, line.len(), String::from_utf8_lossy(line));
        assert!(std::str::from_utf8(line).is_ok(), "{rel}: line {} splits a UTF-8 character: {:?}", n + 1, String::from_utf8_lossy(line));
        assert!(!line.is_empty(), "{rel}: empty line {}", n + 1);
    }
}

fn ics_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    snapshot(&site.out()).into_iter().filter(|(rel, _)| rel.ends_with(".ics")).collect()
}

/// The error lines of a diagnostics report.
fn errors(report: &str) -> Vec<&str> {
    report.lines().filter(|l| l.starts_with("error:")).collect()
}

/// The minimal site with this calendar; the build must fail. Returns the errors.
fn calendar_errors(calendar: &str) -> (Site, String) {
    let site = Site::new("calendar-minimal");
    site.write("content/calendar.yaml", calendar);
    let report = site.build_errors("2022-02-15");
    assert!(!site.out().exists(), "a failed build writes nothing");
    (site, report)
}

// ---------------------------------------------------------------------------
// 1. Validation.

#[test]
fn three_errors_are_reported_with_positions_by_loa_check() {
    let site = Site::new("calendar-three-errors");
    site.write("public/index.html", "<p>trang cũ</p>");
    let before = snapshot(&site.out());

    let out = site.loa(&["check", "--now", "2022-02-15"]);
    assert_eq!(out.status, 1, "stderr: {}", out.stderr);
    assert_eq!(
        errors(&out.stderr),
        [
            "error: content/calendar.yaml:5:11: unknown unit \"so-noi_vu\" (did you mean \"so-noi-vu\"?)",
            "error: content/calendar.yaml:20:14: repeat of \"chuyen-muc-truyen-hinh\" ends (2022-01-01) before it starts (2022-12-31) (\"until\" must not be before \"from\")",
            "error: content/calendar.yaml:21:9: duplicate activity id \"thong-tin-bao-chi\" (first at line 3) (give each activity its own id)",
        ]
    );
    assert!(out.stderr.contains("3 errors"), "{}", out.stderr);
    assert_eq!(snapshot(&site.out()), before, "loa check leaves public/ alone");

    let out = site.loa(&["build", "--now", "2022-02-15"]);
    assert_eq!(out.status, 1, "stderr: {}", out.stderr);
    assert_eq!(errors(&out.stderr).len(), 3, "{}", out.stderr);
    assert_eq!(snapshot(&site.out()), before, "a failed build leaves public/ as it was");
}

#[test]
fn the_library_reports_the_same_three_errors() {
    let site = Site::new("calendar-three-errors");
    let report = site.build_errors("2022-02-15");
    let positions: Vec<&str> = errors(&report).iter().map(|l| l.split(": ").nth(1).unwrap()).collect();
    assert_eq!(positions, ["content/calendar.yaml:5:11", "content/calendar.yaml:20:14", "content/calendar.yaml:21:9"]);
}

#[test]
fn activity_ids_must_be_url_safe() {
    let (_, report) = calendar_errors(
        "activities:
  - id: Họp báo quý
    title: \"Họp báo quý\"
    lead: so-tt-tt
",
    );
    assert_eq!(
        errors(&report),
        [
            "error: content/calendar.yaml:2:9: activity id \"Họp báo quý\" is not URL-safe (use lower-case a-z, 0-9 and '-', e.g. \"hop-bao-quy\")"
        ]
    );
}

#[test]
fn weekday_goes_only_with_every_week() {
    let (_, report) = calendar_errors(
        "activities:
  - id: giao-ban-thang
    title: \"Giao ban CCHC hằng tháng\"
    lead: so-noi-vu
    repeat:
      every: month
      weekday: monday
      from: 2022-01-03
      until: 2022-12-31
  - id: chuyen-muc
    title: \"Chuyên mục CCHC\"
    lead: dai-ptth-ha-noi
    repeat:
      every: week
      weekday: [saturday, thursdy]
      from: 2022-01-01
      until: 2022-12-31
  - id: hop-nua-thang
    title: \"Họp nửa tháng\"
    lead: so-noi-vu
    repeat:
      every: fortnight
      from: 2022-01-01
      until: 2022-12-31
",
    );
    assert_eq!(
        errors(&report),
        [
            "error: content/calendar.yaml:7:16: \"weekday\" goes only with \"every: week\" (remove weekday, or use every: week)",
            "error: content/calendar.yaml:15:27: unknown weekday \"thursdy\" (did you mean \"thursday\"?)",
            "error: content/calendar.yaml:22:14: unknown repeat \"every: fortnight\" (use day, week, month, quarter or year)",
        ]
    );
}

#[test]
fn target_period_must_be_known() {
    let (_, report) = calendar_errors(
        "activities:
  - id: thong-tin-bao-chi
    title: \"Thông tin báo chí về CCHC\"
    lead: so-tt-tt
    target: { count: 11, per: quarterly }
  - id: hoi-nghi
    title: \"Hội nghị\"
    lead: so-noi-vu
    target:
      count: 2
      per: fortnight
",
    );
    assert_eq!(
        errors(&report),
        [
            "error: content/calendar.yaml:5:31: unknown target period \"quarterly\" (did you mean \"quarter\"?)",
            "error: content/calendar.yaml:11:12: unknown target period \"fortnight\" (use week, month, quarter, half or year)",
        ]
    );
}

#[test]
fn status_must_be_held_planned_or_cancelled() {
    let (_, report) = calendar_errors(
        "activities:
  - id: hop-bao
    title: \"Họp báo\"
    lead: so-tt-tt
    events:
      - date: 2022-01-20 09:00
        status: done
      - date: 2022-02-20 09:00
        status: hold
",
    );
    assert_eq!(
        errors(&report),
        [
            "error: content/calendar.yaml:7:17: unknown status \"done\" (use held, planned or cancelled)",
            "error: content/calendar.yaml:9:17: unknown status \"hold\" (did you mean \"held\"?)",
        ]
    );
}

#[test]
fn dates_and_times_must_be_valid() {
    let (_, report) = calendar_errors(
        "activities:
  - id: chuyen-muc
    title: \"Chuyên mục CCHC\"
    lead: dai-ptth-ha-noi
    repeat:
      every: week
      time: \"25:00\"
      from: 2022-13-01
      until: 2022-12-31
      except: [2022-02-30]
    events:
      - date: 2022-02-30 09:00
      - date: 2022-03-01 24:61
      - date: 1/3/2022
",
    );
    assert_eq!(
        errors(&report),
        [
            "error: content/calendar.yaml:7:13: invalid time \"25:00\": expected HH:MM, e.g. \"20:00\"",
            "error: content/calendar.yaml:8:13: invalid date \"2022-13-01\": expected YYYY-MM-DD",
            "error: content/calendar.yaml:10:16: invalid date \"2022-02-30\" in except: expected YYYY-MM-DD",
            "error: content/calendar.yaml:12:15: invalid date \"2022-02-30 09:00\": expected YYYY-MM-DD or YYYY-MM-DD HH:MM",
            "error: content/calendar.yaml:13:15: invalid date \"2022-03-01 24:61\": expected YYYY-MM-DD or YYYY-MM-DD HH:MM",
            "error: content/calendar.yaml:14:15: invalid date \"1/3/2022\": expected YYYY-MM-DD or YYYY-MM-DD HH:MM",
        ]
    );
}

#[test]
fn unknown_area_and_partner_keys_suggest_the_nearest() {
    let (_, report) = calendar_errors(
        "activities:
  - id: thong-tin-bao-chi
    title: \"Thông tin báo chí về CCHC\"
    lead: so-tt-tt
    partners: [so-noi-vu, vp-ubnd-tp]
    areas: [the-che, the_che, tai-chinh-cong]
",
    );
    assert_eq!(
        errors(&report),
        [
            "error: content/calendar.yaml:5:27: unknown unit \"vp-ubnd-tp\" (did you mean \"vp-ubnd\"?)",
            "error: content/calendar.yaml:6:22: unknown area \"the_che\" (did you mean \"the-che\"?)",
            "error: content/calendar.yaml:6:31: unknown area \"tai-chinh-cong\" (add it to areas in site.yaml)",
        ]
    );
}

const TWO_ACTIVITIES: &str = "activities:
  - id: thong-tin-bao-chi
    title: \"Thông tin báo chí về CCHC\"
    lead: so-tt-tt
  - id: hop-bao-quy
    title: \"Họp báo quý\"
    lead: so-tt-tt
";

const ARTICLE_WITH_UNKNOWN_ACTIVITY: &str = "---
title: \"Họp báo quý I\"
date: 2022-03-29
areas: [the-che]
activities: [thong-tin-bao-chi, hop-bao-quy-1]
---
Nội dung.
";

#[test]
fn an_article_must_name_existing_activities() {
    let site = Site::new("calendar-minimal");
    site.write("content/calendar.yaml", TWO_ACTIVITIES);
    site.write("content/tin-tuc/hop-bao-quy-1.md", ARTICLE_WITH_UNKNOWN_ACTIVITY);
    let report = site.build_errors("2022-04-01");
    assert_eq!(
        errors(&report),
        ["error: content/tin-tuc/hop-bao-quy-1.md:5:33: unknown activity \"hop-bao-quy-1\" (did you mean \"hop-bao-quy\"?)"]
    );
    assert!(!site.out().exists());

    let out = site.loa(&["check", "--now", "2022-04-01"]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("content/tin-tuc/hop-bao-quy-1.md:5:33: unknown activity"), "{}", out.stderr);
}

#[test]
fn calendar_errors_and_unknown_activity_ids_come_in_one_run() {
    // The calendar has an error (an unknown unit) and an article names an id the
    // calendar does not have: both are content problems of the same run.
    let site = Site::new("calendar-minimal");
    site.write("content/calendar.yaml", &TWO_ACTIVITIES.replace("    lead: so-tt-tt\n  - id: hop", "    lead: so-tt-t\n  - id: hop"));
    site.write("content/tin-tuc/hop-bao-quy-1.md", ARTICLE_WITH_UNKNOWN_ACTIVITY);
    let report = site.build_errors("2022-04-01");
    assert_eq!(
        errors(&report),
        [
            "error: content/calendar.yaml:4:11: unknown unit \"so-tt-t\" (did you mean \"so-tt-tt\"?)",
            "error: content/tin-tuc/hop-bao-quy-1.md:5:33: unknown activity \"hop-bao-quy-1\" (did you mean \"hop-bao-quy\"?)",
        ],
        "{report}"
    );
}

// ---------------------------------------------------------------------------
// 2. Occurrences at month ends, year ends and in leap years.

/// Built at 10 February 2022, 12:00.
fn expand_site() -> Site {
    let site = Site::new("calendar-expand");
    site.build("2022-02-10T12:00");
    site
}

fn times_of(site: &Site, id: &str) -> Vec<String> {
    listed_times(&site.read(&format!("lich/{id}/index.html")))
}

#[test]
fn monthly_on_the_31st_skips_shorter_months() {
    let site = expand_site();
    assert_eq!(
        times_of(&site, "giao-ban-cuoi-thang"),
        ["2022-01-31", "2022-03-31", "2022-05-31", "2022-07-31", "2022-08-31", "2022-10-31", "2022-12-31"]
            .map(|d| format!("{d}T16:00+07:00"))
    );
    // Every two months from 31 January: 30 September and 30 November do not
    // exist as 31sts, and 31 May is excepted.
    assert_eq!(times_of(&site, "hoi-thi-hai-thang"), ["2022-01-31", "2022-03-31", "2022-07-31"]);
}

#[test]
fn quarterly_on_the_30th_skips_february() {
    let site = expand_site();
    assert_eq!(
        times_of(&site, "hop-quy-ngay-30"),
        ["2022-11-30", "2023-05-30", "2023-08-30", "2023-11-30"].map(|d| format!("{d}T14:00+07:00"))
    );
}

#[test]
fn rules_cross_the_year_end() {
    let site = expand_site();
    assert_eq!(
        times_of(&site, "tong-ket-cuoi-nam"),
        ["2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31"].map(|d| format!("{d}T14:00+07:00"))
    );
    assert_eq!(
        times_of(&site, "truc-giao-thua"),
        ["2022-12-30", "2022-12-31", "2023-01-01", "2023-01-02"].map(|d| format!("{d}T23:30+07:00"))
    );
    // 23:30 + 60 minutes ends after midnight; the page shows the end time.
    assert!(site.read("lich/truc-giao-thua/index.html").contains("23:30–00:30"));
}

#[test]
fn leap_days() {
    let site = expand_site();
    assert_eq!(times_of(&site, "ngay-nhuan"), ["2020-02-29", "2024-02-29", "2028-02-29"]);
    assert_eq!(
        times_of(&site, "thang-hai-nam-nhuan"),
        ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"].map(|d| format!("{d}T08:00+07:00"))
    );
    assert_eq!(times_of(&site, "thang-hai-nam-thuong"), ["2023-02-27", "2023-02-28", "2023-03-01"].map(|d| format!("{d}T08:00+07:00")));
}

#[test]
fn weekly_interval_except_and_explicit_events_merge() {
    let site = expand_site();
    let html = site.read("lich/tap-huan-cach-tuan/index.html");
    let mut got = listed(&html);
    got.sort();
    let want = [
        // Weeks of 3 Jan, 17 Jan, 31 Jan, 14 Feb, 28 Feb (every 2 weeks from the
        // week of the first occurrence); 3 Jan is before `from`, 21 Jan excepted.
        ("2022-01-07T08:30+07:00", "held"),
        ("2022-01-12T14:00+07:00", "planned"), // explicit status kept though past
        ("2022-01-17T08:30+07:00", "held"),
        ("2022-01-31T10:00+07:00", "held"), // replaces the rule's 08:30; past, no status
        ("2022-02-04T08:30+07:00", "held"),
        ("2022-02-14T08:30+07:00", "cancelled"), // replaces the rule's occurrence
        ("2022-02-18T08:30+07:00", "planned"),
        ("2022-02-22T08:30+07:00", "planned"), // extra event, future, no status
        ("2022-02-28T08:30+07:00", "planned"),
        ("2022-03-02T09:00+07:00", "held"), // explicit status kept though future
    ];
    assert_eq!(got, want.map(|(t, s)| (t.to_string(), s.to_string())));
    assert!(html.contains("Tập huấn dời sang 10 giờ"));
}

#[test]
fn past_rule_occurrences_count_as_held() {
    let site = expand_site();
    let statuses = |id: &str| -> Vec<(String, String)> {
        let mut l = listed(&site.read(&format!("lich/{id}/index.html")));
        l.sort();
        l
    };
    assert_eq!(
        statuses("giao-ban-cuoi-thang")[..2],
        [("2022-01-31T16:00+07:00".to_string(), "held".to_string()), ("2022-03-31T16:00+07:00".to_string(), "planned".to_string())]
    );
    assert_eq!(statuses("ngay-nhuan")[0].1, "held");
    assert!(statuses("ngay-nhuan")[1..].iter().all(|(_, s)| s == "planned"));
}

#[test]
fn rule_dates_through_the_public_api() {
    use loa::calendar::{Every, Repeat, expand::rule_dates};
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let rule = |every, from, until| Repeat {
        every,
        interval: 1,
        weekdays: vec![],
        time: None,
        minutes: None,
        from: d(from),
        until: d(until),
        except: vec![],
    };
    let dates = |r: &Repeat| rule_dates(r).iter().map(|d| d.to_string()).collect::<Vec<_>>();
    // Yearly from 29 February 2096 across 2100, which is not a leap year.
    assert_eq!(dates(&rule(Every::Year, "2096-02-29", "2108-12-31")), ["2096-02-29", "2104-02-29", "2108-02-29"]);
    // Quarterly from 31 January: 30 April has no 31st, so January, July and October.
    assert_eq!(dates(&rule(Every::Quarter, "2022-01-31", "2022-12-31")), ["2022-01-31", "2022-07-31", "2022-10-31"]);
    // A single-day rule.
    assert_eq!(dates(&rule(Every::Day, "2024-02-29", "2024-02-29")), ["2024-02-29"]);
    // Weekly without weekday: the weekday of `from`, across the year end.
    assert_eq!(dates(&rule(Every::Week, "2022-12-24", "2023-01-08")), ["2022-12-24", "2022-12-31", "2023-01-07"]);
    // Every excepted date removed.
    let mut r = rule(Every::Day, "2022-12-30", "2023-01-02");
    r.except = vec![d("2022-12-31"), d("2023-01-01")];
    assert_eq!(dates(&r), ["2022-12-30", "2023-01-02"]);
}

// ---------------------------------------------------------------------------
// 3. Target periods at their boundaries; CSV, report and activity pages agree.

/// Built at 5 January 2023, 12:00.
fn periods_site() -> Site {
    let site = Site::new("calendar-periods");
    site.build("2023-01-05T12:00");
    site
}

fn page_row(rows: &[Progress], name: &str) -> (u32, u32, Option<u32>) {
    let r = rows.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("no row {name} in {rows:?}"));
    (r.held, r.planned, r.required)
}

#[test]
fn quarter_boundary_at_midnight() {
    let site = periods_site();
    let csv = report_csv(&site);
    // 31 March 23:59 is in Q1; 1 April 00:00 in Q2; the cancelled event in May
    // is not counted; 30 June 17:30 UTC is 1 July 00:30 in Hanoi, so Q3.
    assert_eq!(csv_cell(&csv, "hop-bao-quy", "2022-Q1"), (2, Some(2)));
    assert_eq!(csv_cell(&csv, "hop-bao-quy", "2022-Q2"), (2, Some(2)));
    assert_eq!(csv_cell(&csv, "hop-bao-quy", "2022-Q3"), (1, Some(2)));
    assert_eq!(csv_cell(&csv, "hop-bao-quy", "2022-Q4"), (1, Some(2)));
    assert_eq!(csv_cell(&csv, "hop-bao-quy", "2022-H1"), (4, Some(4)));
    assert_eq!(csv_cell(&csv, "hop-bao-quy", "2022-H2"), (2, Some(4)));
    assert_eq!(csv_cell(&csv, "hop-bao-quy", "2022"), (6, Some(8)));
    assert_eq!(csv_cell(&csv, "hop-bao-quy", "2023-Q1"), (0, Some(2)));

    let rows = progress_rows(&site.read("lich/hop-bao-quy/index.html"));
    assert_eq!(page_row(&rows, "Quý I/2022"), (2, 0, Some(2)));
    assert_eq!(page_row(&rows, "Quý II/2022"), (2, 0, Some(2)));
    assert_eq!(page_row(&rows, "Quý III/2022"), (1, 0, Some(2)));
    assert_eq!(page_row(&rows, "6 tháng đầu năm 2022"), (4, 0, Some(4)));
    assert_eq!(page_row(&rows, "Quý I/2023"), (0, 1, Some(2)));
    let html = site.read("lich/hop-bao-quy/index.html");
    assert!(html.contains("<time datetime=\"2022-07-01T00:30+07:00\">"), "the UTC event is shown in Hanoi time");
}

#[test]
fn weekly_target_across_the_year_end() {
    let site = periods_site();
    let csv = report_csv(&site);
    // Thursday 29 Dec 2022 and Sunday 1 Jan 2023 are in the week of Monday 26 Dec.
    assert_eq!(csv_cell(&csv, "chuyen-muc-tuan", "2022-W52"), (2, Some(1)));
    assert_eq!(csv_cell(&csv, "chuyen-muc-tuan", "2023-W01"), (1, Some(1)));
    // Quarters count occurrences by date, and require one per week whose Monday
    // falls in them: 13 in Q4 2022 (3 Oct … 26 Dec) and in Q1 2023 (2 Jan … 27 Mar).
    assert_eq!(csv_cell(&csv, "chuyen-muc-tuan", "2022-Q4"), (1, Some(13)));
    assert_eq!(csv_cell(&csv, "chuyen-muc-tuan", "2023-Q1"), (2, Some(13)));
    assert_eq!(csv_cell(&csv, "chuyen-muc-tuan", "2023"), (2, Some(52)));

    let rows = progress_rows(&site.read("lich/chuyen-muc-tuan/index.html"));
    assert_eq!(page_row(&rows, "Tuần 52/2022 (26/12–01/01)"), (2, 0, Some(1)));
    assert_eq!(page_row(&rows, "Tuần 01/2023 (02/01–08/01)"), (1, 0, Some(1)));
    assert_eq!(page_row(&rows, "Tuần 02/2023 (09/01–15/01)"), (0, 1, Some(1)));
    assert_eq!(page_row(&rows, "Quý IV/2022"), (1, 0, Some(13)));
}

#[test]
fn every_held_occurrence_counts_in_a_week_of_a_weekly_target() {
    // An activity whose only occurrences are in 2023, the first on Sunday
    // 1 January: that Sunday belongs to the week of Monday 26 December 2022,
    // which must be reported, or the held occurrence counts in no week.
    let site = Site::new("calendar-minimal");
    site.write(
        "content/calendar.yaml",
        "activities:
  - id: chuyen-muc-tuan
    title: \"Chuyên mục CCHC hằng tuần\"
    lead: dai-ptth-ha-noi
    target: { count: 1, per: week }
    repeat:
      every: week
      time: \"20:00\"
      from: 2023-01-01
      until: 2023-01-15
",
    );
    site.build("2023-02-01");
    let csv = report_csv(&site);
    let weekly: Vec<&BTreeMap<String, String>> =
        csv.iter().filter(|r| r["activity"] == "chuyen-muc-tuan" && r["period"].contains("-W")).collect();
    let held_in_weeks: u32 = weekly.iter().map(|r| r["held"].parse::<u32>().unwrap()).sum();
    assert_eq!(csv_cell(&csv, "chuyen-muc-tuan", "2023"), (3, Some(52)));
    assert_eq!(held_in_weeks, 3, "weekly rows: {:?}", weekly.iter().map(|r| (&r["period"], &r["held"])).collect::<Vec<_>>());
    assert_eq!(csv_cell(&csv, "chuyen-muc-tuan", "2022-W52"), (1, Some(1)));
}

#[test]
fn csv_and_report_equal_the_activity_pages() {
    for (fixture, now) in [("calendar-periods", "2023-01-05T12:00"), ("calendar-feed", FEED_NOW)] {
        let site = Site::new(fixture);
        site.build(now);
        let csv = report_csv(&site);
        let report_html = site.read("bao-cao/index.html");
        let report_sections: BTreeMap<String, Vec<Progress>> = report_html
            .split("<section aria-labelledby=\"ct-")
            .skip(1)
            .map(|s| {
                let s = &s[..s.find("</section>").unwrap()];
                let href = between(s, "<a href=\"", "\"").unwrap();
                let id = href.trim_end_matches('/').rsplit('/').next().unwrap().to_string();
                (id, progress_rows(s))
            })
            .collect();
        let with_target: BTreeSet<&str> = csv.iter().map(|r| r["activity"].as_str()).collect();
        assert!(!with_target.is_empty());
        assert_eq!(report_sections.keys().map(String::as_str).collect::<BTreeSet<_>>(), with_target, "{fixture}");
        for id in with_target {
            let page = site.read(&format!("lich/{id}/index.html"));
            let mut on_page = progress_rows(&page);
            let mut in_csv: Vec<Progress> = csv
                .iter()
                .filter(|r| r["activity"] == id)
                .map(|r| Progress {
                    name: r["period_name"].clone(),
                    held: r["held"].parse().unwrap(),
                    planned: r["planned"].parse().unwrap(),
                    required: (!r["required"].is_empty()).then(|| r["required"].parse().unwrap()),
                })
                .collect();
            on_page.sort();
            in_csv.sort();
            assert_eq!(in_csv, on_page, "{fixture}: {id}: CSV vs /lich/{id}/");
            // The report shows the quarters and halves of the same rows.
            let mut in_report = report_sections[id].clone();
            in_report.sort();
            let quarters_and_halves: Vec<Progress> =
                on_page.iter().filter(|r| r.name.starts_with("Quý") || r.name.starts_with("6 tháng")).cloned().collect();
            assert!(!quarters_and_halves.is_empty());
            assert_eq!(in_report, quarters_and_halves, "{fixture}: {id}: /bao-cao/ vs /lich/{id}/");
        }
    }
}

#[test]
fn status_is_relative_to_now_given_with_an_offset() {
    // 17:30 UTC on 31 March is 00:30 on 1 April in Hanoi: the event at 23:59 on
    // 31 March (Hanoi) is past, so held, and Q1 is over.
    let site = Site::new("calendar-minimal");
    site.write(
        "content/calendar.yaml",
        "activities:
  - id: hop-bao
    title: \"Họp báo\"
    lead: so-tt-tt
    target: { count: 1, per: quarter }
    events:
      - date: 2022-03-31 23:59
",
    );
    site.build("2022-03-31T17:30:00Z");
    let html = site.read("lich/hop-bao/index.html");
    assert_eq!(listed(&html), [("2022-03-31T23:59+07:00".to_string(), "held".to_string())]);
    let csv = report_csv(&site);
    assert_eq!(csv_cell(&csv, "hop-bao", "2022-Q1"), (1, Some(1)));
    let q1 = csv.iter().find(|r| r["period"] == "2022-Q1").unwrap();
    assert_eq!(q1["status"], "Đạt");
}

// ---------------------------------------------------------------------------
// 4. The iCalendar feeds, line by line.

fn feed_site() -> Site {
    let site = Site::new("calendar-feed");
    site.build(FEED_NOW);
    site
}

#[test]
fn every_feed_has_crlf_lines_of_at_most_75_octets_folded_between_characters() {
    for (fixture, now) in [("calendar-feed", FEED_NOW), ("calendar-expand", "2022-02-10T12:00")] {
        let site = Site::new(fixture);
        site.build(now);
        let files = ics_files(&site);
        assert!(files.iter().any(|(rel, _)| rel == "lich/lich.ics"), "{fixture}: {:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>());
        assert_eq!(files.len(), activity_ids(&site).len() + 1, "{fixture}: one feed per activity and one for all");
        for (rel, bytes) in &files {
            assert_content_lines(rel, bytes);
            let text = std::str::from_utf8(bytes).unwrap();
            let lines = unfold(text);
            assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
            assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
            assert!(lines.contains(&"VERSION:2.0".to_string()));
            assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
        }
    }
    // Long Vietnamese lines really are folded.
    let site = feed_site();
    let raw = site.read("lich/lich.ics");
    assert!(raw.contains("\r\n "), "some line is folded");
}

#[test]
fn folding_never_splits_a_character() {
    // Titles of 3-octet characters ("ữ") after 0, 1 and 2 ASCII letters: one of
    // them has a character across octet 75, which must move whole to the next line.
    let site = Site::new("calendar-minimal");
    let title = |k: usize| format!("{}{}", "x".repeat(k), "ữ".repeat(40));
    let mut yaml = String::from("activities:\n");
    for k in 0..3 {
        yaml.push_str(&format!(
            "  - id: hoat-dong-{k}\n    title: \"{}\"\n    events:\n      - date: 2022-03-0{} 09:00\n",
            title(k),
            k + 1
        ));
    }
    site.write("content/calendar.yaml", &yaml);
    site.build("2022-02-15");
    let mut short_folds = 0;
    for k in 0..3 {
        let rel = format!("lich/hoat-dong-{k}/lich.ics");
        let bytes = std::fs::read(site.out().join(&rel)).unwrap();
        assert_content_lines(&rel, &bytes);
        let text = String::from_utf8(bytes).unwrap();
        let physical: Vec<&str> = text.split("\r\n").collect();
        let at = physical.iter().position(|l| l.starts_with("SUMMARY:")).unwrap();
        let first = physical[at];
        assert!(physical[at + 1].starts_with(" ữ"), "{rel}: the fold comes before a whole character");
        if first.len() < 75 {
            short_folds += 1;
        }
        assert_eq!(value(&vevents(&text)[0], "SUMMARY"), Some(title(k).as_str()), "{rel}: unfolds to the title");
    }
    assert_eq!(short_folds, 2, "two of the three titles fold before octet 75");
}

#[test]
fn ics_text_is_escaped() {
    let site = feed_site();
    let ics = site.read("lich/lich.ics");
    let tv = vevents_of(&ics, "chuyen-muc-truyen-hinh");
    let rule = tv.iter().find(|e| value(e, "RRULE").is_some()).expect("the rule's VEVENT");
    assert_eq!(
        value(rule, "SUMMARY"),
        Some("Chuyên mục “Cải cách hành chính”\\, phát sóng hằng tuần\\; Đài Phát thanh và Truyền hình Hà Nội")
    );
    let description = value(rule, "DESCRIPTION").unwrap();
    assert!(
        description.contains(
            "\\nChủ trì: Đài Phát thanh và Truyền hình Hà Nội\\nPhối hợp: Sở Thông tin và Truyền thông\\, Sở Nội vụ\\nChỉ tiêu: 1 lần/tuần\\nhttps://cchc.example.vn/lich/chuyen-muc-truyen-hinh/"
        ),
        "{description}"
    );
    let hb = vevents_of(&ics, "hop-bao-quy");
    let locations: Vec<&str> = hb.iter().filter_map(|e| value(e, "LOCATION")).collect();
    assert_eq!(locations, ["Trụ sở UBND Thành phố\\; 12 Lê Lai\\, Hoàn Kiếm", "Hội trường A\\\\B"]);
    assert!(hb.iter().any(|e| value(e, "SUMMARY") == Some("Họp báo quý I\\, năm 2022")));
    // Every TEXT value of every feed is escaped; no raw line break inside one.
    for (rel, bytes) in ics_files(&site) {
        for event in vevents(std::str::from_utf8(&bytes).unwrap()) {
            for name in ["SUMMARY", "DESCRIPTION", "LOCATION"] {
                if let Some(v) = value(&event, name) {
                    assert!(is_escaped_text(v), "{rel}: {name}:{v}");
                }
            }
        }
    }
    // Read back, the texts are the YAML's.
    use icalendar::Component;
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    let summaries: BTreeSet<&str> = calendar.events().filter_map(|e| e.get_summary()).collect();
    assert!(
        summaries.contains("Chuyên mục “Cải cách hành chính”, phát sóng hằng tuần; Đài Phát thanh và Truyền hình Hà Nội"),
        "{summaries:?}"
    );
    let places: BTreeSet<&str> = calendar.events().filter_map(|e| e.property_value("LOCATION")).collect();
    assert!(places.contains("Hội trường A\\B") && places.contains("Trụ sở UBND Thành phố; 12 Lê Lai, Hoàn Kiếm"), "{places:?}");
    let description = calendar.events().find_map(|e| e.get_description()).unwrap();
    assert!(description.contains("\nChủ trì: "), "{description:?}");
}

#[test]
fn ics_description_keeps_the_line_breaks_of_the_activity_description() {
    // The description's two paragraphs stay two lines (an escaped \n), not one.
    let site = feed_site();
    let ics = site.read("lich/chuyen-muc-truyen-hinh/lich.ics");
    let events = vevents(&ics);
    let description = value(&events[0], "DESCRIPTION").unwrap();
    assert!(
        description.starts_with("Phát sóng vào tối thứ Bảy hằng tuần.\\n") && description.contains("\\nPhát lại vào sáng Chủ nhật.\\n"),
        "DESCRIPTION:{description}"
    );
}

#[test]
fn a_weekly_rule_is_one_vevent_with_rrule_until_in_utc_and_exdate() {
    let site = feed_site();
    for rel in ["lich/lich.ics", "lich/chuyen-muc-truyen-hinh/lich.ics"] {
        let ics = site.read(rel);
        let events = vevents_of(&ics, "chuyen-muc-truyen-hinh");
        // One VEVENT for the 26 weeks of the rule, one per explicit event.
        assert_eq!(events.len(), 3, "{rel}");
        let rules: Vec<&Vec<String>> = events.iter().filter(|e| value(e, "RRULE").is_some()).collect();
        assert_eq!(rules.len(), 1, "{rel}");
        let rule = rules[0];
        assert_eq!(prop(rule, "DTSTART"), Some(("DTSTART;TZID=Asia/Ho_Chi_Minh", "20220101T200000")));
        let rrule = value(rule, "RRULE").unwrap();
        assert!(rrule.starts_with("FREQ=WEEKLY"), "{rrule}");
        let parts: BTreeSet<&str> = rrule.split(';').collect();
        assert!(parts.contains("BYDAY=SA"), "{rrule}");
        // 30 June 2022, 20:00 in Hanoi is 13:00 UTC.
        assert!(parts.contains("UNTIL=20220630T130000Z"), "{rrule}");
        assert!(!parts.iter().any(|p| p.starts_with("COUNT=")), "{rrule}");
        let (name, exdates) = prop(rule, "EXDATE").expect("EXDATE");
        assert_eq!(name, "EXDATE;TZID=Asia/Ho_Chi_Minh");
        let exdates: BTreeSet<&str> = exdates.split(',').collect();
        // The two `except` dates and the two dates explicit events replace.
        assert_eq!(exdates, BTreeSet::from(["20220129T200000", "20220212T200000", "20220312T200000", "20220430T200000"]));
        assert_eq!(value(rule, "DURATION"), Some("PT15M"));
        // The explicit events are their own VEVENTs with their own duration.
        let explicit: Vec<(&str, Option<&str>, Option<&str>)> = events
            .iter()
            .filter(|e| value(e, "RRULE").is_none())
            .map(|e| (value(e, "DTSTART").unwrap(), value(e, "DURATION"), value(e, "STATUS")))
            .collect();
        assert_eq!(
            explicit,
            [("20220212T090000", Some("PT30M"), Some("CONFIRMED")), ("20220312T200000", Some("PT15M"), Some("CANCELLED"))]
        );
        let lines = unfold(&ics);
        assert!(lines.windows(2).any(|w| w[0] == "BEGIN:VTIMEZONE" && w[1] == "TZID:Asia/Ho_Chi_Minh"), "{rel}: VTIMEZONE");
    }
}

#[test]
fn durations_and_all_day_events() {
    let site = feed_site();
    let ics = site.read("lich/hop-bao-quy/lich.ics");
    let events = vevents(&ics);
    let starts: Vec<(&str, Option<&str>)> = events.iter().map(|e| (prop(e, "DTSTART").unwrap().0, value(e, "DURATION"))).collect();
    assert_eq!(
        starts,
        [("DTSTART;TZID=Asia/Ho_Chi_Minh", Some("PT90M")), ("DTSTART;VALUE=DATE", None), ("DTSTART;TZID=Asia/Ho_Chi_Minh", None)]
    );
    // 02:00 UTC is 09:00 in Hanoi.
    assert_eq!(value(&events[2], "DTSTART"), Some("20220721T090000"));
    // An all-day rule: DATE values, UNTIL a DATE, EXDATE a DATE.
    let hoi_thi = vevents(&site.read("lich/hoi-thi-hang-thang/lich.ics"));
    assert_eq!(hoi_thi.len(), 1);
    assert_eq!(prop(&hoi_thi[0], "DTSTART"), Some(("DTSTART;VALUE=DATE", "20220115")));
    assert!(value(&hoi_thi[0], "RRULE").unwrap().contains("UNTIL=20221215"));
    assert_eq!(prop(&hoi_thi[0], "EXDATE"), Some(("EXDATE;VALUE=DATE", "20220515")));
    // An undated task has a feed without events.
    assert!(vevents(&site.read("lich/tuyen-truyen-truc-quan/lich.ics")).is_empty());
}

#[test]
fn uids_are_unique_and_survive_reordering_the_yaml() {
    let site = feed_site();
    let shuffled = Site::new("calendar-feed-shuffled");
    shuffled.build(FEED_NOW);
    let by_uid = |ics: &str| -> BTreeMap<String, Vec<String>> {
        let mut map = BTreeMap::new();
        for event in vevents(ics) {
            let uid = value(&event, "UID").expect("UID").to_string();
            assert!(map.insert(uid.clone(), event).is_none(), "UID {uid} is unique");
        }
        map
    };
    let original = by_uid(&site.read("lich/lich.ics"));
    assert_eq!(original.len(), 7);
    assert!(original.keys().all(|u| u.ends_with("@cchc.example.vn")), "{:?}", original.keys());
    assert_eq!(by_uid(&shuffled.read("lich/lich.ics")), original, "same UIDs, same events");
    for id in activity_ids(&site) {
        let rel = format!("lich/{id}/lich.ics");
        let own = by_uid(&site.read(&rel));
        assert_eq!(by_uid(&shuffled.read(&rel)), own, "{rel}");
        for (uid, event) in &own {
            assert_eq!(original.get(uid), Some(event), "{rel}: {uid} as in lich/lich.ics");
        }
    }
}

#[test]
fn same_now_same_bytes_and_dtstamp_is_now_in_utc() {
    let a = feed_site();
    let b = feed_site();
    assert_eq!(snapshot(&a.out()), snapshot(&b.out()), "the same input and --now give the same output");
    a.build(FEED_NOW);
    assert_eq!(ics_files(&a), ics_files(&b), "rebuilding gives the same feeds");

    for (_, bytes) in ics_files(&a) {
        let text = String::from_utf8(bytes).unwrap();
        let stamps: BTreeSet<String> = unfold(&text).into_iter().filter(|l| l.starts_with("DTSTAMP")).collect();
        if !vevents(&text).is_empty() {
            assert_eq!(stamps, BTreeSet::from([format!("DTSTAMP:{FEED_STAMP}")]));
        }
    }

    // Another --now changes DTSTAMP and nothing else in the feed.
    let later = Site::new("calendar-feed");
    later.build("2022-02-16T08:15");
    let old = unfold(&a.read("lich/lich.ics"));
    let new = unfold(&later.read("lich/lich.ics"));
    assert_eq!(old.len(), new.len());
    for (o, n) in old.iter().zip(&new) {
        if o.starts_with("DTSTAMP:") {
            assert_eq!(n, "DTSTAMP:20220216T011500Z");
        } else {
            assert_eq!(o, n);
        }
    }
}

#[test]
fn dtstamp_of_the_binary_build_converts_now_to_utc() {
    let site = Site::new("calendar-feed");
    let out = site.loa(&["build", "--now", "2022-02-15T10:30:00+02:00"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let stamps: BTreeSet<String> = unfold(&site.read("lich/lich.ics")).into_iter().filter(|l| l.starts_with("DTSTAMP")).collect();
    assert_eq!(stamps, BTreeSet::from(["DTSTAMP:20220215T083000Z".to_string()]));
}

// ---------------------------------------------------------------------------
// 5. The feeds read back by `icalendar` and expanded by `rrule` list exactly the
//    occurrences of the activity pages.

fn assert_feeds_match_pages(site: &Site, label: &str) {
    let pages = page_occurrences(site);
    assert!(!pages.is_empty(), "{label}: the pages list occurrences");
    let feed = feed_occurrences(&site.read("lich/lich.ics"));
    let from_feed: Vec<(String, String)> = feed.iter().map(|(id, t, _)| (id.clone(), t.clone())).collect();
    let only_pages: Vec<_> = pages.iter().filter(|o| !from_feed.contains(o)).collect();
    let only_feed: Vec<_> = from_feed.iter().filter(|o| !pages.contains(o)).collect();
    assert!(only_pages.is_empty() && only_feed.is_empty(), "{label}: only on the pages: {only_pages:?}; only in lich.ics: {only_feed:?}");
    assert_eq!(from_feed, pages, "{label}: same occurrences, each once");

    // Cancelled on the page exactly when STATUS:CANCELLED in the feed.
    let mut cancelled_pages: Vec<(String, String)> = Vec::new();
    for id in public_ids(site) {
        for (t, status) in listed(&site.read(&format!("lich/{id}/index.html"))) {
            if status == "cancelled" {
                cancelled_pages.push((id.clone(), t));
            }
        }
    }
    cancelled_pages.sort();
    let cancelled_feed: Vec<(String, String)> = feed.iter().filter(|o| o.2).map(|(id, t, _)| (id.clone(), t.clone())).collect();
    assert_eq!(cancelled_feed, cancelled_pages, "{label}: cancelled occurrences");

    // Each activity's own feed lists that activity's occurrences.
    for id in public_ids(site) {
        let own: Vec<(String, String)> =
            feed_occurrences(&site.read(&format!("lich/{id}/lich.ics"))).into_iter().map(|(i, t, _)| (i, t)).collect();
        let want: Vec<(String, String)> = pages.iter().filter(|(i, _)| *i == id).cloned().collect();
        assert_eq!(own, want, "{label}: lich/{id}/lich.ics");
    }
}

#[test]
fn feed_occurrences_equal_page_occurrences_for_the_feed_fixture() {
    let site = feed_site();
    assert_feeds_match_pages(&site, "calendar-feed");
    // 26 Saturdays minus 2 excepted and 2 replaced, plus 2 explicit events.
    let tv: Vec<_> = page_occurrences(&site).into_iter().filter(|(id, _)| id == "chuyen-muc-truyen-hinh").collect();
    assert_eq!(tv.len(), 24);
}

#[test]
fn feed_occurrences_equal_page_occurrences_at_month_ends_and_leap_years() {
    let site = expand_site();
    assert_feeds_match_pages(&site, "calendar-expand");
}

#[test]
fn feed_occurrences_equal_page_occurrences_for_the_sample_site() {
    let site = Site::sample();
    // Mid-year, so that the plan has past and coming occurrences; --future so
    // that links to later articles resolve.
    let mut opts = site.options("2022-06-15T09:00");
    opts.future = true;
    site.build_with(opts);
    assert_feeds_match_pages(&site, "sample site");
}

#[test]
fn rrule_reads_the_weekly_rule_as_the_pages_do() {
    // A direct check of the rrule reading of one VEVENT, so that a mistake in
    // the helper cannot hide one in the feed.
    let site = feed_site();
    let ics = site.read("lich/chuyen-muc-truyen-hinh/lich.ics");
    let rule = vevents(&ics).into_iter().find(|e| value(e, "RRULE").is_some()).unwrap();
    let text = ["DTSTART", "RRULE", "EXDATE"]
        .iter()
        .map(|name| {
            let (head, v) = prop(&rule, name).unwrap();
            format!("{head}:{v}")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let set: rrule::RRuleSet = text.parse().unwrap();
    let dates = set.all(100).dates;
    assert_eq!(dates.len(), 22);
    let hanoi = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    assert_eq!(dates[0].with_timezone(&hanoi), hanoi.with_ymd_and_hms(2022, 1, 1, 20, 0, 0).unwrap());
    assert_eq!(dates[dates.len() - 1].with_timezone(&hanoi), hanoi.with_ymd_and_hms(2022, 6, 25, 20, 0, 0).unwrap());
}
