//! The theme owns its wording: interface strings come from `strings.yaml` of
//! the theme, a site's theme replaces the keys it names, and counts come from
//! the data.

use crate::common::Site;

const NOW: &str = "2022-07-01";

#[test]
fn interface_strings_come_from_the_theme_and_counts_from_the_data() {
    let site = Site::new("basic");
    let out = site.build(NOW);
    let areas = std::fs::read_to_string(out.join("linh-vuc/index.html")).unwrap();
    // basic declares two areas: the description counts them.
    assert!(areas.contains("2 lĩnh vực của công tác cải cách hành chính nhà nước"), "{areas}");
    assert!(!areas.contains("Sáu lĩnh vực"), "{areas}");

    // A district renames "Trang chủ" and the areas page without recompiling.
    site.write("themes/default/strings.yaml", "home: \"Trang đầu\"\nareas_title: \"Lĩnh vực cải cách của quận\"\n");
    let out = site.build(NOW);
    let areas = std::fs::read_to_string(out.join("linh-vuc/index.html")).unwrap();
    assert!(areas.contains("Lĩnh vực cải cách của quận"), "{areas}");
    assert!(areas.contains(">Trang đầu</a>"), "the menu and breadcrumbs keep the old word:\n{areas}");
    assert!(!areas.contains(">Trang chủ</a>"), "{areas}");
    let leaflet = std::fs::read_to_string(out.join("linh-vuc/the-che/to-roi/index.html")).unwrap();
    assert!(leaflet.contains("Lĩnh vực cải cách hành chính"), "keys the site does not name keep the theme's text");

    // A broken strings file is reported like any YAML error.
    site.write("themes/default/strings.yaml", "home: [Trang đầu\n");
    let report = site.build_errors(NOW);
    assert!(report.starts_with("error: themes/default/strings.yaml:1:7: invalid theme strings: "), "{report}");
}

#[test]
fn plan_calendar_feed_and_index_wording_comes_from_the_theme() {
    let site = Site::sample();
    let before = site.build(NOW);
    let activity = std::fs::read_to_string(before.join("lich/chuyen-muc-ptth/index.html")).unwrap();
    assert!(activity.contains("Hằng tuần vào"), "{activity}");
    assert!(std::fs::read_to_string(before.join("lich/chuyen-muc-ptth/lich.ics")).unwrap().contains("Chủ trì: "));

    // A district words the plan, the calendar files, the feeds and the
    // indices its own way, without recompiling.
    site.write(
        "themes/default/strings.yaml",
        "plan_state_met: \"Hoàn thành\"\nplan_per_quarter: \"Từng quý\"\nrule_every_week: \"Mỗi tuần\"\nweekday_sat: \"thứ bảy\"\n\
         ics_lead: \"Cơ quan chủ trì: {unit}\"\nfeed_tag_description: \"Các bài gắn chủ đề {tag}\"\n\
         indices_title: \"Bộ chỉ số CCHC\"\nindex_change_up: \"đi lên\"\n\
         period_quarter: \"quý {quarter} năm {year}\"\ntarget_per_quarter: \"mỗi quý\"\nmonth: \"Th. {month} năm {year}\"\n\
         weekday_fri: \"thứ sáu\"\nstatus_held: \"Đã làm\"\n",
    );
    let out = site.build(NOW);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let activity = read("lich/chuyen-muc-ptth/index.html");
    assert!(activity.contains("Mỗi tuần vào thứ bảy"), "{activity}");
    assert!(!activity.contains("Hằng tuần"), "{activity}");
    assert!(activity.contains("Hoàn thành"), "{activity}");
    let report = read("bao-cao/index.html");
    assert!(report.contains("Hoàn thành") && !report.contains(">Đạt<"), "{report}");
    assert!(report.contains("Từng quý"), "{report}");
    assert!(report.contains("quý II năm 2022") && !report.contains("Quý II/2022"), "{report}");
    assert!(report.contains("Chỉ tiêu: 11 lần/mỗi quý"), "{report}");
    assert!(read("lich/index.html").contains("Th. 7 năm 2022"));
    let calendar = read("lich/index.html");
    assert!(calendar.contains("Đã làm") && !calendar.contains("Đã thực hiện<"), "{calendar}");
    let home = read("index.html");
    assert!(home.contains("thứ sáu, ") && !home.contains("Thứ Sáu, "), "article dates keep the old weekday:\n{home}");
    assert!(read("bao-cao/bao-cao.csv").contains("Hoàn thành"), "the CSV keeps the old word");
    let ics = read("lich/chuyen-muc-ptth/lich.ics").replace("\r\n ", "");
    assert!(ics.contains("\\nCơ quan chủ trì: "), "{ics}");
    assert!(read("chu-de/tu-chu-tai-chinh/rss.xml").contains("Các bài gắn chủ đề tự chủ tài chính"));
    let indices = read("chi-so/index.html");
    assert!(indices.contains("<h1>Bộ chỉ số CCHC</h1>"), "{indices}");
    assert!(read("chi-so/par-index/index.html").contains("đi lên"));
}
