//! The theme's own wording: interface strings ("Trang chủ", "Lĩnh vực", page
//! titles and descriptions) in `strings.yaml` of the theme, so that a district
//! changes a word without recompiling. The built-in theme's file gives every
//! key; a site theme's `strings.yaml` replaces the keys it names. Values may
//! hold `{name}` placeholders filled from the data (`{count}` areas).

use crate::calendar::progress::Period;
use crate::calendar::{Channel, Per, Status, Target};
use crate::dates::Time;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// Key → text.
#[derive(Debug, Clone, Default)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// Parses a `strings.yaml` text (a flat mapping of keys to text).
    pub fn parse(text: &str) -> Result<Strings, serde_yaml::Error> {
        if text.trim().is_empty() {
            return Ok(Strings::default());
        }
        serde_yaml::from_str(text).map(Strings)
    }

    /// Keys of `other` replace these.
    pub fn extend(&mut self, other: Strings) {
        self.0.extend(other.0);
    }

    /// The text of `key`; the key itself when no file names it.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The text of `key` with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A weekday's name (`weekday_mon` … `weekday_sun`).
    pub fn weekday(&self, day: Weekday) -> &str {
        self.get(match day {
            Weekday::Mon => "weekday_mon",
            Weekday::Tue => "weekday_tue",
            Weekday::Wed => "weekday_wed",
            Weekday::Thu => "weekday_thu",
            Weekday::Fri => "weekday_fri",
            Weekday::Sat => "weekday_sat",
            Weekday::Sun => "weekday_sun",
        })
    }

    /// A date with its weekday (`long_date`): "Thứ Sáu, 14/01/2022".
    pub fn long_date(&self, date: NaiveDate) -> String {
        self.fill("long_date", &[("weekday", self.weekday(date.weekday())), ("date", &date.format("%d/%m/%Y").to_string())])
    }

    /// [`Strings::long_date`] of a time, on its day in Vietnam.
    pub fn long_time(&self, time: &Time) -> String {
        self.long_date(time.with_timezone(&crate::dates::vietnam()).date_naive())
    }

    /// The status of an event (`status_held`, `status_planned`, `status_cancelled`).
    pub fn status(&self, status: Status) -> &str {
        self.get(match status {
            Status::Held => "status_held",
            Status::Planned => "status_planned",
            Status::Cancelled => "status_cancelled",
        })
    }

    /// A channel of the plan (`channel_dai_chung`, `channel_truc_quan`, `channel_tuong_tac`).
    pub fn channel(&self, channel: Channel) -> &str {
        self.get(match channel {
            Channel::DaiChung => "channel_dai_chung",
            Channel::TrucQuan => "channel_truc_quan",
            Channel::TuongTac => "channel_tuong_tac",
        })
    }

    /// A month as headings name it (`month`): "Tháng 7/2022".
    pub fn month(&self, year: i32, month: u32) -> String {
        self.fill("month", &[("month", &month.to_string()), ("year", &year.to_string())])
    }

    /// A plan period (`period_*`): "Quý II/2022", "6 tháng đầu năm 2022",
    /// "Tuần 05/2022 (31/01–06/02)".
    pub fn period(&self, period: &Period) -> String {
        let s = period.start;
        let year = s.year().to_string();
        match period.per {
            Per::Week => {
                let last = period.end - Days::new(1);
                let (week, week_year) = (format!("{:02}", s.iso_week().week()), s.iso_week().year().to_string());
                let (from, until) = (s.format("%d/%m").to_string(), last.format("%d/%m").to_string());
                self.fill("period_week", &[("week", &week), ("year", &week_year), ("from", &from), ("until", &until)])
            }
            Per::Month => self.month(s.year(), s.month()),
            Per::Quarter => {
                self.fill("period_quarter", &[("quarter", ["I", "II", "III", "IV"][(s.month0() / 3) as usize]), ("year", &year)])
            }
            Per::Half if s.month() == 1 => self.fill("period_half_first", &[("year", &year)]),
            Per::Half => self.fill("period_half_second", &[("year", &year)]),
            Per::Year => self.fill("period_year", &[("year", &year)]),
        }
    }

    /// What the plan requires (`target`, `target_per_*`): "11 lần/quý".
    pub fn target(&self, target: &Target) -> String {
        let per = self.get(&format!("target_per_{}", target.per.key())).to_string();
        self.fill("target", &[("count", &target.count.to_string()), ("per", &per)])
    }

    /// Every key and text, for the templates (`{{ strings.home }}`).
    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_file_replaces_the_keys_it_names_and_counts_fill_in() {
        let mut strings = Strings::parse("home: Trang chủ\nareas_description: \"{count} lĩnh vực\"\n").unwrap();
        strings.extend(Strings::parse("home: Trang đầu\n").unwrap());
        assert_eq!(strings.get("home"), "Trang đầu");
        assert_eq!(strings.fill("areas_description", &[("count", "7")]), "7 lĩnh vực");
        assert_eq!(strings.get("missing"), "missing");
    }

    #[test]
    fn periods_targets_and_months_in_the_built_in_words() {
        let strings = Strings::parse(include_str!("../../themes/default/strings.yaml")).unwrap();
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(strings.period(&Period::containing(Per::Quarter, d("2022-05-01"))), "Quý II/2022");
        assert_eq!(strings.period(&Period::containing(Per::Half, d("2022-05-01"))), "6 tháng đầu năm 2022");
        assert_eq!(strings.period(&Period::containing(Per::Half, d("2022-08-01"))), "6 tháng cuối năm 2022");
        assert_eq!(strings.period(&Period::containing(Per::Week, d("2022-02-01"))), "Tuần 05/2022 (31/01–06/02)");
        assert_eq!(strings.period(&Period::containing(Per::Year, d("2022-02-01"))), "Năm 2022");
        assert_eq!(strings.month(2022, 7), "Tháng 7/2022");
        assert_eq!(strings.long_date(d("2022-01-14")), "Thứ Sáu, 14/01/2022");
        assert_eq!(strings.long_date(d("2022-01-16")), "Chủ Nhật, 16/01/2022");
        let late = crate::dates::parse_time("2022-01-14T23:30:00Z").unwrap();
        assert_eq!(strings.long_time(&late), "Thứ Bảy, 15/01/2022");
        assert_eq!(strings.status(Status::Cancelled), "Đã hủy");
        assert_eq!(strings.channel(Channel::TrucQuan), "Tuyên truyền trực quan");
        assert_eq!(strings.target(&Target { count: 11, per: Per::Quarter, basis: None }), "11 lần/quý");
        assert_eq!(strings.target(&Target { count: 2, per: Per::Half, basis: None }), "2 lần/6 tháng");
    }
}
