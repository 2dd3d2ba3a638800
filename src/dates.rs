//! Dates and times: parsing the forms the contract allows, and formatting them
//! for pages (Vietnamese), feeds (RFC 2822), sitemaps and calendars.
//!
//! All times are Vietnam time (UTC+07:00) unless a value carries its own offset.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// A point in time with the offset it was written in.
pub type Time = DateTime<FixedOffset>;

/// UTC+07:00, the offset of every time written without one.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset")
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]` (Vietnam
/// time) or RFC 3339 with an offset. Returns a message naming the accepted forms,
/// or saying that the day does not exist (31/02) or that the day comes first.
pub fn parse_time(text: &str) -> Result<Time, crate::i18n::Message> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t);
    }
    if let Some(naive) = parse_naive(text) {
        return Ok(in_vietnam(naive));
    }
    Err(date_problem(text))
}

/// [`date_problem`], with `fallback` (an id taking `text`) instead of the
/// generic message when the text is not a date at all.
pub fn date_problem_or(text: &str, fallback: &'static str) -> crate::i18n::Message {
    let problem = date_problem(text);
    if problem.id == "date-invalid" { crate::i18n::Message::new(fallback).arg("text", text.trim()) } else { problem }
}

/// Why `text` is not a date an officer meant: a day that does not exist
/// (2022-02-31 or 31/02/2022), a date written day first (14/01/2022), or
/// another form.
pub fn date_problem(text: &str) -> crate::i18n::Message {
    let text = text.trim();
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    let numbers: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let parsed: Option<[u32; 3]> = (numbers.len() == 3)
        .then(|| {
            let mut out = [0; 3];
            for (slot, n) in out.iter_mut().zip(&numbers) {
                if n.is_empty() || n.len() > 4 || !n.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                *slot = n.parse().ok()?;
            }
            Some(out)
        })
        .flatten();
    let (year, month, day, year_first) = match parsed {
        Some([y, m, d]) if numbers[0].len() == 4 => (y, m, d, true),
        Some([d, m, y]) if numbers[2].len() == 4 => (y, m, d, false),
        _ => return crate::msg!("date-invalid", text = text),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return crate::msg!("date-invalid", text = text);
    }
    let shown = format!("{day:02}/{month:02}/{year}");
    match NaiveDate::from_ymd_opt(year as i32, month, day) {
        None => crate::msg!("date-impossible", text = text, day = shown),
        Some(date) if !year_first => crate::msg!("date-day-first", text = text, iso = date.format("%Y-%m-%d").to_string()),
        Some(_) => crate::msg!("date-invalid", text = text),
    }
}

/// Parses a date or date-time without offset; `None` when it is not one.
pub fn parse_naive(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && text.len() == 10
    {
        return Some(date.and_time(NaiveTime::MIN));
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t);
        }
    }
    None
}

/// Parses `YYYY-MM-DD` only.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
}

/// Parses `HH:MM`.
pub fn parse_clock(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

/// A wall-clock time in Vietnam.
pub fn in_vietnam(naive: NaiveDateTime) -> Time {
    vietnam().from_local_datetime(&naive).single().expect("a fixed offset has no gaps")
}

/// A Unix timestamp as Vietnam time.
pub fn from_unix(seconds: i64) -> Option<Time> {
    DateTime::from_timestamp(seconds, 0).map(|t| t.with_timezone(&vietnam()))
}

/// "14/01/2022".
pub fn short_vi(t: &Time) -> String {
    t.with_timezone(&vietnam()).format("%d/%m/%Y").to_string()
}

/// RFC 2822 with a four-digit year and the +0700 offset: "Fri, 14 Jan 2022 00:00:00 +0700".
pub fn rfc2822(t: &Time) -> String {
    t.with_timezone(&vietnam()).to_rfc2822()
}

/// RFC 3339 in Vietnam time: "2022-01-14T00:00:00+07:00".
pub fn rfc3339(t: &Time) -> String {
    t.with_timezone(&vietnam()).to_rfc3339()
}

/// "2022-01-14 09:00", the form `loa new` writes.
pub fn front_matter(t: &Time) -> String {
    t.with_timezone(&vietnam()).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_contract_form() {
        let day = parse_time("2022-01-14").unwrap();
        assert_eq!(rfc3339(&day), "2022-01-14T00:00:00+07:00");
        assert_eq!(rfc3339(&parse_time("2022-01-14 09:30").unwrap()), "2022-01-14T09:30:00+07:00");
        assert_eq!(rfc3339(&parse_time("2022-01-14T09:30").unwrap()), "2022-01-14T09:30:00+07:00");
        let utc = parse_time("2022-01-14T02:30:00Z").unwrap();
        assert_eq!(rfc3339(&utc), "2022-01-14T09:30:00+07:00");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(parse_time("2022-02-30").is_err());
        assert!(parse_time("2022-13-01").is_err());
        assert!(parse_time("14/01/2022").unwrap_err().to_string().contains("2022-01-14"));
        for text in ["2022-02-31", "31/02/2022"] {
            let vi = parse_time(text).unwrap_err().render(crate::i18n::Lang::Vi);
            assert!(vi.contains("ngày 31/02/2022 không tồn tại"), "{vi}");
        }
        assert!(parse_time("2022-1-4").is_err());
    }

    #[test]
    fn rfc2822_has_the_vietnam_offset() {
        assert_eq!(rfc2822(&parse_time("2022-01-14 09:05").unwrap()), "Fri, 14 Jan 2022 09:05:00 +0700");
    }
}
