//! Reading `content/calendar.yaml`: serde_yaml into raw types, then every
//! check of the contract, each error with its line and column. No file I/O.

use super::*;
use crate::config::Config;
use crate::dates;
use crate::error::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::slug::is_url_safe;
use crate::yaml::{self, Node, Seg};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize, Default)]
struct RawCalendar {
    #[serde(default)]
    activities: Vec<RawActivity>,
}

use crate::content::front_matter::{List, Text};

#[derive(Debug, Deserialize)]
struct RawActivity {
    id: Option<Text>,
    title: Option<Text>,
    description: Option<Text>,
    lead: Option<Text>,
    partners: Option<List>,
    areas: Option<List>,
    channel: Option<Text>,
    target: Option<RawTarget>,
    public: Option<bool>,
    #[serde(default)]
    events: Vec<RawEvent>,
    repeat: Option<RawRepeat>,
}

#[derive(Debug, Deserialize)]
struct RawTarget {
    count: Option<i64>,
    per: Option<Text>,
    basis: Option<Text>,
}

#[derive(Debug, Deserialize)]
struct RawEvent {
    date: Option<Text>,
    title: Option<Text>,
    place: Option<Text>,
    minutes: Option<i64>,
    status: Option<Text>,
}

#[derive(Debug, Deserialize)]
struct RawRepeat {
    every: Option<Text>,
    interval: Option<i64>,
    weekday: Option<List>,
    time: Option<Text>,
    minutes: Option<i64>,
    from: Option<Text>,
    until: Option<Text>,
    except: Option<List>,
}

const TOP_KEYS: &[&str] = &["activities"];
const ACTIVITY_KEYS: &[&str] =
    &["id", "title", "description", "lead", "partners", "areas", "channel", "target", "public", "events", "repeat"];
const TARGET_KEYS: &[&str] = &["count", "per", "basis"];
const EVENT_KEYS: &[&str] = &["date", "title", "place", "minutes", "status"];
const REPEAT_KEYS: &[&str] = &["every", "interval", "weekday", "time", "minutes", "from", "until", "except"];

/// Parses, validates and expands `content/calendar.yaml`. `None` when the YAML
/// itself cannot be read; validation errors go to `diags` and the activities
/// are returned all the same.
pub fn parse_calendar(text: &str, config: &Config, now: NaiveDateTime, diags: &mut Diagnostics) -> Option<Calendar> {
    let raw: RawCalendar = if text.trim().is_empty() {
        RawCalendar::default()
    } else {
        match serde_yaml::from_str(text) {
            Ok(raw) => raw,
            Err(err) => {
                let (location, message) = yaml::split_error(&err);
                diags.push(Diagnostic::error(CALENDAR_PATH, location, format!("invalid calendar: {message}")));
                return None;
            }
        }
    };
    let tree = Node::parse(text);
    let before = diags.error_count();
    let mut v = Checker { tree: tree.as_ref(), diags, config };
    v.unknown_keys(&[], TOP_KEYS);

    let mut activities = Vec::new();
    let mut first_line: BTreeMap<String, Option<Location>> = BTreeMap::new();
    for (i, raw) in raw.activities.into_iter().enumerate() {
        let base = [Seg::Key("activities"), Seg::Index(i)];
        v.unknown_keys(&base, ACTIVITY_KEYS);
        let at = |v: &Checker, key: &str| v.at(&[base[0], base[1], Seg::Key(key)]);
        let id = raw.id.map(|t| t.0.trim().to_string()).unwrap_or_default();
        if id.is_empty() {
            let location = v.at(&base);
            v.error(location, "activity without \"id\": add id: a-z0-9 and '-', e.g. id: hop-bao-quy");
        } else if !is_url_safe(&id) {
            let location = at(&v, "id");
            v.push(
                Diagnostic::error(CALENDAR_PATH, location, format!("activity id \"{id}\" is not URL-safe"))
                    .with_hint(Some(format!("use lower-case a-z, 0-9 and '-', e.g. \"{}\"", crate::slug::slugify(&id)))),
            );
        } else if let Some(first) = first_line.get(&id) {
            let location = at(&v, "id");
            let first = first.map(|l| format!(" (first at line {})", l.line)).unwrap_or_default();
            v.push(
                Diagnostic::error(CALENDAR_PATH, location, format!("duplicate activity id \"{id}\"{first}"))
                    .with_hint(Some("give each activity its own id".into())),
            );
        } else {
            first_line.insert(id.clone(), at(&v, "id"));
        }
        let title = raw.title.map(|t| t.0.trim().to_string()).unwrap_or_default();
        if title.is_empty() {
            let location = v.at(&base);
            v.error(location, &format!("activity \"{id}\" has no \"title\""));
        }
        let lead = raw.lead.as_ref().and_then(|lead| {
            let location = at(&v, "lead");
            v.unit(lead.0.trim(), location)
        });
        let partners = raw
            .partners
            .as_ref()
            .map_or(&[][..], |l| &l.0[..])
            .iter()
            .enumerate()
            .filter_map(|(j, key)| {
                let location = v.at(&[base[0], base[1], Seg::Key("partners"), Seg::Index(j)]);
                v.unit(key.trim(), location)
            })
            .collect();
        let areas = raw
            .areas
            .as_ref()
            .map_or(&[][..], |l| &l.0[..])
            .iter()
            .enumerate()
            .filter_map(|(j, key)| {
                let location = v.at(&[base[0], base[1], Seg::Key("areas"), Seg::Index(j)]);
                v.area(key.trim(), location)
            })
            .collect();
        let channel = raw.channel.as_ref().and_then(|c| match c.0.trim() {
            "dai-chung" => Some(Channel::DaiChung),
            "truc-quan" => Some(Channel::TrucQuan),
            "tuong-tac" => Some(Channel::TuongTac),
            other => {
                let location = at(&v, "channel");
                v.push(Diagnostic::error(CALENDAR_PATH, location, format!("unknown channel \"{other}\"")).with_hint(
                    did_you_mean(other, ["dai-chung", "truc-quan", "tuong-tac"]).or(Some("use dai-chung, truc-quan or tuong-tac".into())),
                ));
                None
            }
        });
        let target = raw.target.as_ref().and_then(|t| {
            let tbase = [base[0], base[1], Seg::Key("target")];
            v.unknown_keys(&tbase, TARGET_KEYS);
            let count = match t.count {
                Some(n) if n >= 1 && n <= u32::MAX as i64 => Some(n as u32),
                Some(n) => {
                    let location = v.at(&[tbase[0], tbase[1], tbase[2], Seg::Key("count")]);
                    v.error(location, &format!("target count must be at least 1, not {n}"));
                    None
                }
                None => {
                    let location = v.at(&tbase);
                    v.error(location, "target without \"count\": write target: { count: 11, per: quarter }");
                    None
                }
            };
            let per = match t.per.as_ref().map(|p| p.0.trim()) {
                Some("week") => Some(Per::Week),
                Some("month") => Some(Per::Month),
                Some("quarter") => Some(Per::Quarter),
                Some("half") => Some(Per::Half),
                Some("year") => Some(Per::Year),
                Some(other) => {
                    let location = v.at(&[tbase[0], tbase[1], tbase[2], Seg::Key("per")]);
                    v.push(
                        Diagnostic::error(CALENDAR_PATH, location, format!("unknown target period \"{other}\"")).with_hint(
                            did_you_mean(other, ["week", "month", "quarter", "half", "year"])
                                .or(Some("use week, month, quarter, half or year".into())),
                        ),
                    );
                    None
                }
                None => {
                    let location = v.at(&tbase);
                    v.error(location, "target without \"per\": use week, month, quarter, half or year");
                    None
                }
            };
            let basis = t.basis.as_ref().map(|b| b.0.trim().to_string()).filter(|b| !b.is_empty());
            Some(Target { count: count?, per: per?, basis })
        });

        let mut events = Vec::new();
        let mut seen_starts: BTreeMap<NaiveDateTime, usize> = BTreeMap::new();
        for (j, raw_event) in raw.events.iter().enumerate() {
            let ebase = [base[0], base[1], Seg::Key("events"), Seg::Index(j)];
            v.unknown_keys(&ebase, EVENT_KEYS);
            let eat = |v: &Checker, key: &str| v.at(&[ebase[0], ebase[1], ebase[2], ebase[3], Seg::Key(key)]);
            let Some(date) = &raw_event.date else {
                let location = v.at(&ebase);
                v.error(location, "event without \"date\": write date: 2022-01-20 09:00 (or 2022-01-20 for all day)");
                continue;
            };
            let Some((start, all_day)) = parse_event_date(&date.0) else {
                let location = eat(&v, "date");
                v.error(location, &format!("invalid date \"{}\": expected YYYY-MM-DD or YYYY-MM-DD HH:MM", date.0.trim()));
                continue;
            };
            let minutes = raw_event.minutes.and_then(|m| {
                let location = eat(&v, "minutes");
                v.minutes(m, location)
            });
            let status = raw_event.status.as_ref().and_then(|s| {
                let location = eat(&v, "status");
                v.status(s.0.trim(), location)
            });
            if let Some(previous) = seen_starts.insert(start, j) {
                let location = eat(&v, "date");
                v.push(
                    Diagnostic::error(CALENDAR_PATH, location, format!("activity \"{id}\" has two events at {}", date.0.trim()))
                        .with_hint(Some(format!("merge it with event {} of the list or change its date", previous + 1))),
                );
            }
            events.push(Event {
                start,
                all_day,
                title: raw_event.title.as_ref().map(|t| t.0.trim().to_string()).filter(|t| !t.is_empty()),
                place: raw_event.place.as_ref().map(|t| t.0.trim().to_string()).filter(|t| !t.is_empty()),
                minutes,
                status,
            });
        }

        let repeat = raw.repeat.as_ref().and_then(|r| v.repeat(r, &[base[0], base[1], Seg::Key("repeat")], &id));
        activities.push(Activity {
            id,
            title,
            description: raw.description.map(|d| d.0).filter(|d| !d.trim().is_empty()),
            lead,
            partners,
            areas,
            channel,
            target,
            is_public: raw.public.unwrap_or(true),
            events,
            repeat,
        });
    }
    // Activities with errors stay in, so that articles naming them are not
    // reported as well; the caller stops on the errors before rendering.
    let _ = before;
    let occurrences = expand::occurrences(&activities, now);
    Some(Calendar { activities, occurrences })
}

/// `YYYY-MM-DD` (all day), `YYYY-MM-DD HH:MM` or RFC 3339 (converted to Vietnam time).
pub fn parse_event_date(text: &str) -> Option<(NaiveDateTime, bool)> {
    if let Some(day) = dates::parse_date(text) {
        return Some((day.and_time(NaiveTime::MIN), true));
    }
    if let Some(t) = dates::parse_naive(text) {
        return Some((t, false));
    }
    let t = chrono::DateTime::parse_from_rfc3339(text.trim()).ok()?;
    Some((t.with_timezone(&dates::vietnam()).naive_local(), false))
}

struct Checker<'a> {
    tree: Option<&'a Node>,
    diags: &'a mut Diagnostics,
    config: &'a Config,
}

impl Checker<'_> {
    fn at(&self, path: &[Seg]) -> Option<Location> {
        self.tree.map(|t| t.find(path).location)
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn error(&mut self, location: Option<Location>, message: &str) {
        self.diags.push(Diagnostic::error(CALENDAR_PATH, location, message));
    }

    fn unknown_keys(&mut self, path: &[Seg], known: &[&str]) {
        let Some(tree) = self.tree else { return };
        let node = tree.find(path);
        for (key, location) in node.keys() {
            if !known.contains(&key) {
                self.diags.push(
                    Diagnostic::warning(CALENDAR_PATH, Some(location), format!("unknown key \"{key}\""))
                        .with_hint(did_you_mean(key, known.iter().copied())),
                );
            }
        }
    }

    fn unit(&mut self, key: &str, location: Option<Location>) -> Option<usize> {
        let found = self.config.unit_index(key);
        if found.is_none() {
            let hint =
                did_you_mean(key, self.config.units.iter().map(|u| u.key.as_str())).or_else(|| Some("add it to units in site.yaml".into()));
            self.push(Diagnostic::error(CALENDAR_PATH, location, format!("unknown unit \"{key}\"")).with_hint(hint));
        }
        found
    }

    fn area(&mut self, key: &str, location: Option<Location>) -> Option<usize> {
        let found = self.config.area_index(key);
        if found.is_none() {
            let hint =
                did_you_mean(key, self.config.areas.iter().map(|a| a.key.as_str())).or_else(|| Some("add it to areas in site.yaml".into()));
            self.push(Diagnostic::error(CALENDAR_PATH, location, format!("unknown area \"{key}\"")).with_hint(hint));
        }
        found
    }

    fn status(&mut self, key: &str, location: Option<Location>) -> Option<Status> {
        match key {
            "held" => Some(Status::Held),
            "planned" => Some(Status::Planned),
            "cancelled" | "canceled" => Some(Status::Cancelled),
            other => {
                self.push(
                    Diagnostic::error(CALENDAR_PATH, location, format!("unknown status \"{other}\""))
                        .with_hint(did_you_mean(other, ["held", "planned", "cancelled"]).or(Some("use held, planned or cancelled".into()))),
                );
                None
            }
        }
    }

    fn minutes(&mut self, minutes: i64, location: Option<Location>) -> Option<u32> {
        if (1..=10_080).contains(&minutes) {
            Some(minutes as u32)
        } else {
            self.error(location, &format!("minutes must be between 1 and 10080, not {minutes}"));
            None
        }
    }

    fn date(&mut self, value: &Option<Text>, path: &[Seg], key: &str) -> Option<NaiveDate> {
        let mut full = path.to_vec();
        full.push(Seg::Key(key));
        match value {
            None => {
                let location = self.at(path);
                self.error(location, &format!("repeat without \"{key}\": write {key}: 2022-01-01"));
                None
            }
            Some(text) => match dates::parse_date(&text.0) {
                Some(d) => Some(d),
                None => {
                    let location = self.at(&full);
                    self.error(location, &format!("invalid date \"{}\": expected YYYY-MM-DD", text.0.trim()));
                    None
                }
            },
        }
    }

    fn repeat(&mut self, r: &RawRepeat, path: &[Seg], id: &str) -> Option<Repeat> {
        self.unknown_keys(path, REPEAT_KEYS);
        let key_at = |c: &Checker, key: &str| {
            let mut full = path.to_vec();
            full.push(Seg::Key(key));
            c.at(&full)
        };
        let before = self.diags.error_count();
        let every = match r.every.as_ref().map(|e| e.0.trim()) {
            Some("day") => Some(Every::Day),
            Some("week") => Some(Every::Week),
            Some("month") => Some(Every::Month),
            Some("quarter") => Some(Every::Quarter),
            Some("year") => Some(Every::Year),
            Some(other) => {
                let location = key_at(self, "every");
                self.push(
                    Diagnostic::error(CALENDAR_PATH, location, format!("unknown repeat \"every: {other}\"")).with_hint(
                        did_you_mean(other, ["day", "week", "month", "quarter", "year"])
                            .or(Some("use day, week, month, quarter or year".into())),
                    ),
                );
                None
            }
            None => {
                let location = self.at(path);
                self.error(location, "repeat without \"every\": use day, week, month, quarter or year");
                None
            }
        };
        let interval = match r.interval {
            None => 1,
            Some(n) if (1..=1000).contains(&n) => n as u32,
            Some(n) => {
                let location = key_at(self, "interval");
                self.error(location, &format!("interval must be between 1 and 1000, not {n}"));
                1
            }
        };
        let mut weekdays = Vec::new();
        if let Some(list) = &r.weekday {
            if every.is_some() && every != Some(Every::Week) {
                let location = key_at(self, "weekday");
                self.push(
                    Diagnostic::error(CALENDAR_PATH, location, "\"weekday\" goes only with \"every: week\"")
                        .with_hint(Some("remove weekday, or use every: week".into())),
                );
            }
            for (j, name) in list.0.iter().enumerate() {
                match parse_weekday(name) {
                    Some(day) if !weekdays.contains(&day) => weekdays.push(day),
                    Some(_) => {}
                    None => {
                        let mut full = path.to_vec();
                        full.push(Seg::Key("weekday"));
                        if list.0.len() > 1 {
                            full.push(Seg::Index(j));
                        }
                        let location = self.at(&full);
                        self.push(
                            Diagnostic::error(CALENDAR_PATH, location, format!("unknown weekday \"{}\"", name.trim())).with_hint(
                                did_you_mean(name, WEEKDAY_NAMES.iter().map(|(n, _)| *n)).or(Some("use monday … sunday".into())),
                            ),
                        );
                    }
                }
            }
            weekdays.sort_by_key(|d| d.num_days_from_monday());
        }
        let time = r.time.as_ref().and_then(|t| match dates::parse_clock(&t.0) {
            Some(time) => Some(time),
            None => {
                let location = key_at(self, "time");
                self.error(location, &format!("invalid time \"{}\": expected HH:MM, e.g. \"20:00\"", t.0.trim()));
                None
            }
        });
        let minutes = r.minutes.and_then(|m| {
            let location = key_at(self, "minutes");
            self.minutes(m, location)
        });
        let from = self.date(&r.from, path, "from");
        let until = self.date(&r.until, path, "until");
        if let (Some(from), Some(until)) = (from, until)
            && until < from
        {
            let location = key_at(self, "until");
            self.push(
                Diagnostic::error(CALENDAR_PATH, location, format!("repeat of \"{id}\" ends ({until}) before it starts ({from})"))
                    .with_hint(Some("\"until\" must not be before \"from\"".into())),
            );
        }
        let mut except = Vec::new();
        for (j, text) in r.except.as_ref().map_or(&[][..], |l| &l.0[..]).iter().enumerate() {
            match dates::parse_date(text) {
                Some(d) => except.push(d),
                None => {
                    let mut full = path.to_vec();
                    full.push(Seg::Key("except"));
                    full.push(Seg::Index(j));
                    let location = self.at(&full);
                    self.error(location, &format!("invalid date \"{}\" in except: expected YYYY-MM-DD", text.trim()));
                }
            }
        }
        if self.diags.error_count() > before {
            return None;
        }
        let repeat = Repeat { every: every?, interval, weekdays, time, minutes, from: from?, until: until?, except };
        let dates = expand::rule_dates(&repeat);
        for (j, day) in repeat.except.iter().enumerate() {
            if !expand::rule_dates_without_except(&repeat).contains(day) {
                let mut full = path.to_vec();
                full.push(Seg::Key("except"));
                full.push(Seg::Index(j));
                let location = self.at(&full);
                self.diags.push(Diagnostic::warning(
                    CALENDAR_PATH,
                    location,
                    format!("except date {day} is not an occurrence of the repeat of \"{id}\""),
                ));
            }
        }
        if dates.is_empty() {
            let location = self.at(path);
            self.diags.push(Diagnostic::warning(
                CALENDAR_PATH,
                location,
                format!("the repeat of \"{id}\" has no occurrence between {} and {}", repeat.from, repeat.until),
            ));
        }
        Some(repeat)
    }
}

const WEEKDAY_NAMES: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

fn parse_weekday(name: &str) -> Option<Weekday> {
    let name = name.trim().to_ascii_lowercase();
    WEEKDAY_NAMES.iter().find(|(full, _)| *full == name || (name.len() >= 3 && full.starts_with(&name))).map(|(_, day)| *day)
}
