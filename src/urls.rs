//! The URL layout of contract §5: every fixed segment is a named constant here,
//! and every generated path is built by a function here. Site paths have no
//! leading slash and end in `/` for pages (`linh-vuc/the-che/`).

/// Reform areas.
pub const AREAS: &str = "linh-vuc";
/// Free topics.
pub const TAGS: &str = "chu-de";
/// Agencies.
pub const UNITS: &str = "don-vi";
/// The plan's calendar.
pub const CALENDAR: &str = "lich";
/// The plan-progress report.
pub const REPORT: &str = "bao-cao";
/// Search (contract §8).
pub const SEARCH: &str = "tim-kiem";
/// The search index, below the search page: `tim-kiem/chi-muc/`.
pub const SEARCH_INDEX: &str = "chi-muc";
/// Reform indices (contract §7): `chi-so/<index>/`.
pub const INDICES: &str = "chi-so";
/// Pagination: `…/trang/2/`.
pub const PAGE: &str = "trang";
/// Printable leaflets: `…/to-roi/`.
pub const LEAFLET: &str = "to-roi";
/// RSS file name.
pub const RSS: &str = "rss.xml";
/// iCalendar file name.
pub const ICS: &str = "lich.ics";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const NOT_FOUND: &str = "404.html";
/// The report's CSV files.
pub const REPORT_CSV: &str = "bao-cao.csv";
pub const REPORT_AREAS_CSV: &str = "linh-vuc.csv";
pub const REPORT_UNITS_CSV: &str = "don-vi.csv";

/// Top-level names a section or page may not take, and what uses them.
pub fn reserved(first_segment: &str) -> Option<&'static str> {
    Some(match first_segment {
        AREAS => "the reform-area pages",
        TAGS => "the tag pages",
        UNITS => "the unit pages",
        CALENDAR => "the calendar",
        REPORT => "the plan-progress report",
        PAGE => "pagination",
        LEAFLET => "leaflets",
        SEARCH => "the search page",
        INDICES => "the reform indices",
        "css" | "js" | "img" | "fonts" => "theme files",
        _ => return None,
    })
}

pub fn area(key: &str) -> String {
    format!("{AREAS}/{key}/")
}

pub fn tag(slug: &str) -> String {
    format!("{TAGS}/{slug}/")
}

pub fn unit(key: &str) -> String {
    format!("{UNITS}/{key}/")
}

pub fn activity(id: &str) -> String {
    format!("{CALENDAR}/{id}/")
}

pub fn index(key: &str) -> String {
    format!("{INDICES}/{key}/")
}

/// The CSV of an index: `chi-so/<index>/<index>.csv`.
pub fn index_csv(key: &str) -> String {
    format!("{INDICES}/{key}/{key}.csv")
}

/// Page `n` (1-based) of a list at `base`: page 1 is `base` itself.
pub fn paginated(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}{PAGE}/{n}/") }
}

/// The leaflet of the page at `base`.
pub fn leaflet(base: &str) -> String {
    format!("{base}{LEAFLET}/")
}

/// The output file of a site path: `a/` → `a/index.html`, `rss.xml` stays.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        assert_eq!(paginated("linh-vuc/the-che/", 1), "linh-vuc/the-che/");
        assert_eq!(paginated("linh-vuc/the-che/", 3), "linh-vuc/the-che/trang/3/");
        assert_eq!(leaflet("tin-tuc/a/"), "tin-tuc/a/to-roi/");
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of("lich/lich.ics"), "lich/lich.ics");
        assert!(reserved("lich").is_some());
        assert!(reserved("tin-tuc").is_none());
    }
}
