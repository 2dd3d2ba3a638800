//! Expanding `repeat` rules into dates, and merging them with explicit events
//! into the calendar's occurrences.
//!
//! The expansion follows RFC 5545 RRULE semantics, so that the dates listed on
//! the pages equal what a calendar client computes from the `.ics` feed: a
//! monthly rule on the 31st skips shorter months, a yearly rule on 29 February
//! skips common years, weekly intervals count from the week of the first
//! occurrence (weeks start on Monday). Pure functions.

use super::{Activity, Every, Occurrence, Repeat, Status};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::collections::BTreeSet;

/// Every date of a rule, `except` dates included.
pub fn rule_dates_without_except(rule: &Repeat) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    let interval = rule.interval.max(1);
    match rule.every {
        Every::Day => {
            let mut day = rule.from;
            while day <= rule.until {
                dates.push(day);
                match day.checked_add_days(Days::new(interval as u64)) {
                    Some(next) => day = next,
                    None => break,
                }
            }
        }
        Every::Week => {
            let weekdays: Vec<Weekday> = if rule.weekdays.is_empty() { vec![rule.from.weekday()] } else { rule.weekdays.clone() };
            // The first occurrence anchors the weeks that `interval` counts.
            let Some(first) = rule.from.iter_days().take(7).find(|d| weekdays.contains(&d.weekday())) else {
                return dates;
            };
            let mut week_start = first - Days::new(first.weekday().num_days_from_monday() as u64);
            while week_start <= rule.until {
                for day in &weekdays {
                    let date = week_start + Days::new(day.num_days_from_monday() as u64);
                    if date >= rule.from && date <= rule.until {
                        dates.push(date);
                    }
                }
                match week_start.checked_add_days(Days::new(7 * interval as u64)) {
                    Some(next) => week_start = next,
                    None => break,
                }
            }
        }
        Every::Month | Every::Quarter | Every::Year => {
            let step = interval
                * match rule.every {
                    Every::Month => 1,
                    Every::Quarter => 3,
                    _ => 12,
                };
            let first_of_month = rule.from.with_day(1).expect("day 1 exists in every month");
            let mut k = 0u32;
            while let Some(month) = first_of_month.checked_add_months(Months::new(k * step)) {
                if month > rule.until {
                    break;
                }
                // A day that this month lacks (31 April, 29 February in a common
                // year) is skipped, as RFC 5545 §3.3.10 requires.
                if let Some(date) = month.with_day(rule.from.day())
                    && date >= rule.from
                    && date <= rule.until
                {
                    dates.push(date);
                }
                k += 1;
            }
        }
    }
    dates
}

/// The dates of a rule, without its `except` dates.
pub fn rule_dates(rule: &Repeat) -> Vec<NaiveDate> {
    let except: BTreeSet<NaiveDate> = rule.except.iter().copied().collect();
    rule_dates_without_except(rule).into_iter().filter(|d| !except.contains(d)).collect()
}

/// Dates of a rule that an explicit event of the same activity replaces: an
/// event on a rule's date stands for that occurrence (moved, renamed or
/// cancelled), so the rule skips it.
pub fn overridden_dates(activity: &Activity) -> BTreeSet<NaiveDate> {
    let Some(rule) = &activity.repeat else { return BTreeSet::new() };
    let dates: BTreeSet<NaiveDate> = rule_dates(rule).into_iter().collect();
    activity.events.iter().map(|e| e.start.date()).filter(|d| dates.contains(d)).collect()
}

/// All occurrences of all activities, sorted by start then activity id.
/// An occurrence is past when it starts before `now`; past rule occurrences
/// count as held, and events without a status are held when past, planned when
/// not.
pub fn occurrences(activities: &[Activity], now: NaiveDateTime) -> Vec<Occurrence> {
    let mut all = Vec::new();
    for (index, activity) in activities.iter().enumerate() {
        if let Some(rule) = &activity.repeat {
            let overridden = overridden_dates(activity);
            let time = rule.time.unwrap_or(NaiveTime::MIN);
            for date in rule_dates(rule) {
                if overridden.contains(&date) {
                    continue;
                }
                let start = date.and_time(time);
                all.push(Occurrence {
                    activity: index,
                    start,
                    all_day: rule.time.is_none(),
                    minutes: rule.minutes,
                    title: None,
                    place: None,
                    status: if start < now { Status::Held } else { Status::Planned },
                    from_rule: true,
                });
            }
        }
        for event in &activity.events {
            let status = event.status.unwrap_or(if event.start < now { Status::Held } else { Status::Planned });
            all.push(Occurrence {
                activity: index,
                start: event.start,
                all_day: event.all_day,
                minutes: event.minutes.or(activity.repeat.as_ref().and_then(|r| r.minutes)),
                title: event.title.clone(),
                place: event.place.clone(),
                status,
                from_rule: false,
            });
        }
    }
    all.sort_by(|a, b| (a.start, &activities[a.activity].id).cmp(&(b.start, &activities[b.activity].id)));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn rule(every: Every, from: &str, until: &str) -> Repeat {
        Repeat { every, interval: 1, weekdays: vec![], time: None, minutes: None, from: d(from), until: d(until), except: vec![] }
    }

    fn fmt(dates: &[NaiveDate]) -> Vec<String> {
        dates.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn weekly_on_saturday_with_except() {
        let mut r = rule(Every::Week, "2022-01-01", "2022-02-12");
        r.weekdays = vec![Weekday::Sat];
        r.except = vec![d("2022-01-29"), d("2022-02-05")];
        assert_eq!(fmt(&rule_dates(&r)), ["2022-01-01", "2022-01-08", "2022-01-15", "2022-01-22", "2022-02-12"]);
    }

    #[test]
    fn weekly_interval_counts_from_the_first_occurrence_week() {
        // From a Friday, on Mondays, every two weeks: the first Monday anchors.
        let mut r = rule(Every::Week, "2022-01-07", "2022-02-28");
        r.weekdays = vec![Weekday::Mon];
        r.interval = 2;
        assert_eq!(fmt(&rule_dates(&r)), ["2022-01-10", "2022-01-24", "2022-02-07", "2022-02-21"]);
    }

    #[test]
    fn weekly_several_days_across_the_year_end() {
        let mut r = rule(Every::Week, "2022-12-28", "2023-01-05");
        r.weekdays = vec![Weekday::Mon, Weekday::Thu];
        assert_eq!(fmt(&rule_dates(&r)), ["2022-12-29", "2023-01-02", "2023-01-05"]);
    }

    #[test]
    fn monthly_on_the_31st_skips_short_months() {
        let r = rule(Every::Month, "2022-01-31", "2022-08-31");
        assert_eq!(fmt(&rule_dates(&r)), ["2022-01-31", "2022-03-31", "2022-05-31", "2022-07-31", "2022-08-31"]);
    }

    #[test]
    fn quarterly_and_interval() {
        let r = rule(Every::Quarter, "2022-01-15", "2022-12-31");
        assert_eq!(fmt(&rule_dates(&r)), ["2022-01-15", "2022-04-15", "2022-07-15", "2022-10-15"]);
        let mut r = rule(Every::Month, "2022-11-30", "2023-06-30");
        r.interval = 3;
        assert_eq!(fmt(&rule_dates(&r)), ["2022-11-30", "2023-05-30"]);
    }

    #[test]
    fn yearly_on_leap_day_only_in_leap_years() {
        let r = rule(Every::Year, "2020-02-29", "2028-12-31");
        assert_eq!(fmt(&rule_dates(&r)), ["2020-02-29", "2024-02-29", "2028-02-29"]);
    }

    #[test]
    fn daily_across_month_and_leap_february() {
        let mut r = rule(Every::Day, "2024-02-27", "2024-03-02");
        assert_eq!(fmt(&rule_dates(&r)), ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"]);
        r.interval = 2;
        assert_eq!(fmt(&rule_dates(&r)), ["2024-02-27", "2024-02-29", "2024-03-02"]);
    }

    #[test]
    fn events_and_rules_merge_with_status_from_now() {
        use super::super::{Activity, Event};
        let mut r = rule(Every::Week, "2022-01-01", "2022-01-15");
        r.weekdays = vec![Weekday::Sat];
        r.time = NaiveTime::from_hms_opt(20, 0, 0);
        let activity = Activity {
            id: "a".into(),
            title: "A".into(),
            description: None,
            lead: None,
            partners: vec![],
            areas: vec![],
            channel: None,
            target: None,
            is_public: true,
            events: vec![Event {
                start: d("2022-01-08").and_hms_opt(9, 0, 0).unwrap(),
                all_day: false,
                title: None,
                place: None,
                minutes: None,
                status: Some(Status::Cancelled),
            }],
            repeat: Some(r),
        };
        let now = d("2022-01-10").and_hms_opt(0, 0, 0).unwrap();
        let all = occurrences(&[activity], now);
        let summary: Vec<(String, Status, bool)> = all.iter().map(|o| (o.start.to_string(), o.status, o.from_rule)).collect();
        assert_eq!(
            summary,
            [
                ("2022-01-01 20:00:00".to_string(), Status::Held, true),
                ("2022-01-08 09:00:00".to_string(), Status::Cancelled, false),
                ("2022-01-15 20:00:00".to_string(), Status::Planned, true),
            ]
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn date() -> impl Strategy<Value = NaiveDate> {
            (2000i32..2040, 1u32..=366).prop_map(|(y, o)| NaiveDate::from_yo_opt(y, o.min(365)).expect("day of year 1..=365 exists"))
        }

        fn every() -> impl Strategy<Value = Every> {
            prop_oneof![Just(Every::Day), Just(Every::Week), Just(Every::Month), Just(Every::Quarter), Just(Every::Year)]
        }

        fn weekday() -> impl Strategy<Value = Weekday> {
            (0u8..7).prop_map(|n| Weekday::try_from(n).expect("0..7 is a weekday"))
        }

        proptest! {
            /// Occurrences of a rule fall inside from..until (both included),
            /// and never on an except date; only except dates are left out.
            #[test]
            fn occurrences_stay_inside_the_rule(
                every in every(),
                interval in 1u32..5,
                weekdays in proptest::collection::vec(weekday(), 0..3),
                from in date(),
                span in 0u64..800,
                except_offsets in proptest::collection::vec(0u64..800, 0..6),
            ) {
                let until = from + Days::new(span);
                let except: Vec<NaiveDate> = except_offsets.iter().map(|o| from + Days::new(*o)).collect();
                let rule = Repeat { every, interval, weekdays, time: None, minutes: None, from, until, except: except.clone() };
                let dates = rule_dates(&rule);
                for d in &dates {
                    prop_assert!(*d >= from && *d <= until, "{d} outside {from}..{until}");
                    prop_assert!(!except.contains(d), "{d} is an except date");
                }
                let all = rule_dates_without_except(&rule);
                prop_assert_eq!(all.iter().filter(|d| !except.contains(d)).count(), dates.len());
            }
        }
    }
}
