//! The plan's calendar: `content/calendar.yaml` parsed and validated into
//! [`Activity`]s, then expanded into dated [`Occurrence`]s.
//!
//! Input: the file's text, the site's configuration (unit and area keys) and the build time.
//! Output: a [`Calendar`] or positioned diagnostics. No file I/O here.

pub mod expand;
mod load;
pub mod progress;

pub use load::{parse_calendar, parse_event_date};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// Where the calendar is, relative to the site root.
pub const CALENDAR_PATH: &str = "content/calendar.yaml";

/// How often a `repeat` rule recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// The period of a `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Per {
    Week,
    Month,
    Quarter,
    Half,
    Year,
}

impl Per {
    pub fn key(self) -> &'static str {
        match self {
            Per::Week => "week",
            Per::Month => "month",
            Per::Quarter => "quarter",
            Per::Half => "half",
            Per::Year => "year",
        }
    }
}

/// Whether an occurrence took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Held,
    Planned,
    Cancelled,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Held => "held",
            Status::Planned => "planned",
            Status::Cancelled => "cancelled",
        }
    }
}

/// The plan's three forms of communication (§III).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    DaiChung,
    TrucQuan,
    TuongTac,
}

impl Channel {
    pub fn key(self) -> &'static str {
        match self {
            Channel::DaiChung => "dai-chung",
            Channel::TrucQuan => "truc-quan",
            Channel::TuongTac => "tuong-tac",
        }
    }
}

/// What the plan requires: `count` occurrences per period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub count: u32,
    pub per: Per,
    /// The clause that sets it ("Kế hoạch 2022, mục IV.1"), shown beside it.
    pub basis: Option<String>,
}

/// A recurrence rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub every: Every,
    pub interval: u32,
    /// For `every: week`; empty means the weekday of `from`.
    pub weekdays: Vec<Weekday>,
    pub time: Option<NaiveTime>,
    pub minutes: Option<u32>,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub except: Vec<NaiveDate>,
}

/// An explicit, dated occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub start: NaiveDateTime,
    pub all_day: bool,
    pub title: Option<String>,
    pub place: Option<String>,
    pub minutes: Option<u32>,
    pub status: Option<Status>,
}

/// One activity of the plan.
#[derive(Debug, Clone)]
pub struct Activity {
    pub id: String,
    pub title: String,
    /// Markdown.
    pub description: Option<String>,
    pub lead: Option<usize>,
    pub partners: Vec<usize>,
    /// Empty means every area.
    pub areas: Vec<usize>,
    pub channel: Option<Channel>,
    pub target: Option<Target>,
    /// `false` for an internal task: off the public calendar, home page and
    /// `.ics`, still in the report.
    pub is_public: bool,
    pub events: Vec<Event>,
    pub repeat: Option<Repeat>,
}

/// One dated occurrence of an activity, from an event or a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Index into `Calendar::activities`.
    pub activity: usize,
    /// Vietnam wall-clock time (midnight when all-day).
    pub start: NaiveDateTime,
    pub all_day: bool,
    pub minutes: Option<u32>,
    pub title: Option<String>,
    pub place: Option<String>,
    pub status: Status,
    pub from_rule: bool,
}

impl Occurrence {
    pub fn date(&self) -> NaiveDate {
        self.start.date()
    }
}

/// The validated calendar.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    pub activities: Vec<Activity>,
    /// Sorted by start, then activity id.
    pub occurrences: Vec<Occurrence>,
}

impl Calendar {
    pub fn activity_index(&self, id: &str) -> Option<usize> {
        self.activities.iter().position(|a| a.id == id)
    }

    /// Occurrences of one activity, in order.
    pub fn occurrences_of(&self, activity: usize) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| o.activity == activity)
    }
}
