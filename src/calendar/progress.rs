//! Target progress: for an activity with a `target`, how many occurrences were
//! held in each calendar period against how many the plan requires.
//!
//! Periods are calendar periods (weeks start on Monday and are named by ISO
//! week; Q1 = January–March; H1 = January–June). A period coarser than the
//! target's requires `count` × the number of target periods that start in it (a
//! quarter holds the weeks whose Monday falls in it); a finer one has no
//! requirement. Pure functions: the activity pages, the report and its CSV all
//! read these rows, so their numbers agree.

use super::{Calendar, Per, Status};
use chrono::{Datelike, Days, Months, NaiveDate};
use std::collections::BTreeSet;

/// One calendar period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub per: Per,
    pub start: NaiveDate,
    /// Exclusive.
    pub end: NaiveDate,
}

impl Period {
    /// The period of kind `per` that contains `day`.
    pub fn containing(per: Per, day: NaiveDate) -> Period {
        let year = day.year();
        let start = match per {
            Per::Week => day - Days::new(day.weekday().num_days_from_monday() as u64),
            Per::Month => day.with_day(1).expect("day 1 exists"),
            Per::Quarter => ymd(year, (day.month0() / 3) * 3 + 1),
            Per::Half => ymd(year, (day.month0() / 6) * 6 + 1),
            Per::Year => ymd(year, 1),
        };
        let end = match per {
            Per::Week => start + Days::new(7),
            Per::Month => start + Months::new(1),
            Per::Quarter => start + Months::new(3),
            Per::Half => start + Months::new(6),
            Per::Year => start + Months::new(12),
        };
        Period { per, start, end }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day < self.end
    }

    /// The period's code: `2022-W05`, `2022-03`, `2022-Q1`, `2022-H1`, `2022`.
    pub fn code(&self) -> String {
        let s = self.start;
        match self.per {
            Per::Week => {
                let iso = s.iso_week();
                format!("{}-W{:02}", iso.year(), iso.week())
            }
            Per::Month => format!("{}-{:02}", s.year(), s.month()),
            Per::Quarter => format!("{}-Q{}", s.year(), s.month0() / 3 + 1),
            Per::Half => format!("{}-H{}", s.year(), s.month0() / 6 + 1),
            Per::Year => s.year().to_string(),
        }
    }

    /// Every period of kind `per` whose start falls in `year`.
    pub fn all_in_year(per: Per, year: i32) -> Vec<Period> {
        let mut periods = Vec::new();
        let first = ymd(year, 1);
        let mut p = Period::containing(per, first);
        if p.start < first {
            p = Period::containing(per, p.end);
        }
        while p.start.year() == year {
            periods.push(p);
            p = Period::containing(per, p.end);
        }
        periods
    }

    /// Every period of kind `per` that has a day in `year`: for weeks, also the
    /// week that began in December of the year before, so that no occurrence
    /// falls outside every week.
    pub fn all_touching_year(per: Per, year: i32) -> Vec<Period> {
        let mut periods = Vec::new();
        let mut p = Period::containing(per, ymd(year, 1));
        while p.start.year() <= year {
            periods.push(p);
            p = Period::containing(per, p.end);
        }
        periods
    }

    /// How many periods of kind `per` start inside this one.
    pub fn count_starts(&self, per: Per) -> u32 {
        let mut n = 0;
        let mut p = Period::containing(per, self.start);
        if p.start < self.start {
            p = Period::containing(per, p.end);
        }
        while p.start < self.end {
            n += 1;
            p = Period::containing(per, p.end);
        }
        n
    }
}

fn ymd(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("month 1..=12 of a chrono year")
}

/// Where a period lies relative to the build time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Past,
    Current,
    Future,
}

/// Held against required in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub period: Period,
    pub held: u32,
    /// Occurrences still planned in the period.
    pub planned: u32,
    /// `None` when the period is finer than the target's.
    pub required: Option<u32>,
    pub when: When,
}

impl Row {
    /// Whether the target is met; `None` without a requirement.
    pub fn met(&self) -> Option<bool> {
        self.required.map(|r| self.held >= r)
    }
}

/// The years an activity spans: those of its occurrences and of its rule.
pub fn years_of(calendar: &Calendar, activity: usize) -> BTreeSet<i32> {
    let mut years: BTreeSet<i32> = calendar.occurrences_of(activity).map(|o| o.date().year()).collect();
    if let Some(rule) = &calendar.activities[activity].repeat {
        years.extend(rule.from.year()..=rule.until.year());
    }
    years
}

/// The period kinds reported for a target of `per`: its own, then quarters,
/// halves and the year.
pub fn reported_kinds(per: Per) -> Vec<Per> {
    let mut kinds = vec![per];
    for k in [Per::Quarter, Per::Half, Per::Year] {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    kinds
}

/// Rows for one activity's target, for every reported period kind, in the
/// order of [`reported_kinds`], each kind chronological. Empty without a target.
pub fn target_rows(calendar: &Calendar, activity: usize, today: NaiveDate) -> Vec<Row> {
    let Some(target) = &calendar.activities[activity].target else { return Vec::new() };
    let years = years_of(calendar, activity);
    let mut rows = Vec::new();
    for kind in reported_kinds(target.per) {
        let periods: BTreeSet<Period> = years.iter().flat_map(|&y| Period::all_touching_year(kind, y)).collect();
        for period in periods {
            rows.push(row(calendar, activity, period, target.count, target.per, today));
        }
    }
    rows
}

fn row(calendar: &Calendar, activity: usize, period: Period, count: u32, per: Per, today: NaiveDate) -> Row {
    let mut held = 0;
    let mut planned = 0;
    for o in calendar.occurrences_of(activity).filter(|o| period.contains(o.date())) {
        match o.status {
            Status::Held => held += 1,
            Status::Planned => planned += 1,
            Status::Cancelled => {}
        }
    }
    let required = (period.per >= per).then(|| count * period.count_starts(per));
    let when = if period.contains(today) {
        When::Current
    } else if period.end <= today {
        When::Past
    } else {
        When::Future
    };
    Row { period, held, planned, required, when }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_at_their_boundaries() {
        let q = Period::containing(Per::Quarter, d("2022-03-31"));
        assert_eq!((q.start, q.end, q.code()), (d("2022-01-01"), d("2022-04-01"), "2022-Q1".into()));
        assert_eq!(Period::containing(Per::Quarter, d("2022-04-01")).code(), "2022-Q2");
        assert_eq!(Period::containing(Per::Half, d("2022-06-30")).code(), "2022-H1");
        assert_eq!(Period::containing(Per::Half, d("2022-07-01")).code(), "2022-H2");
        assert_eq!(Period::containing(Per::Month, d("2024-02-29")).end, d("2024-03-01"));
        // Saturday 1 January 2022 belongs to the week of Monday 27 December 2021.
        let w = Period::containing(Per::Week, d("2022-01-01"));
        assert_eq!((w.start, w.code()), (d("2021-12-27"), "2021-W52".into()));
        assert_eq!(Period::containing(Per::Week, d("2022-02-01")).code(), "2022-W05");
    }

    #[test]
    fn weeks_of_a_year_start_on_its_first_monday() {
        let weeks = Period::all_in_year(Per::Week, 2022);
        assert_eq!(weeks.first().unwrap().start, d("2022-01-03"));
        assert_eq!(weeks.len(), 52);
        assert_eq!(Period::all_in_year(Per::Quarter, 2022).len(), 4);
        assert_eq!(Period::all_in_year(Per::Month, 2022).len(), 12);
    }

    #[test]
    fn weeks_touching_a_year_include_the_one_begun_before() {
        let weeks = Period::all_touching_year(Per::Week, 2023);
        assert_eq!(weeks.first().unwrap().start, d("2022-12-26"));
        assert_eq!(weeks.last().unwrap().start, d("2023-12-25"));
        assert_eq!(Period::all_touching_year(Per::Quarter, 2023), Period::all_in_year(Per::Quarter, 2023));
    }

    #[test]
    fn requirements_scale_to_coarser_periods() {
        let q1 = Period::containing(Per::Quarter, d("2022-01-01"));
        assert_eq!(q1.count_starts(Per::Week), 13);
        assert_eq!(q1.count_starts(Per::Month), 3);
        let h1 = Period::containing(Per::Half, d("2022-01-01"));
        assert_eq!(h1.count_starts(Per::Quarter), 2);
        assert_eq!(Period::containing(Per::Year, d("2022-01-01")).count_starts(Per::Week), 52);
    }
}
