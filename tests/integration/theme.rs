//! The theme owns its wording: interface strings come from `strings.yaml` of
//! the theme, a site's theme replaces the keys it names, and counts come from
//! the data.

use crate::common::{Site, read};

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

#[test]
fn chart_words_and_csv_headers_come_from_the_theme() {
    let site = Site::sample();
    let before = site.build(NOW);
    let report = std::fs::read_to_string(before.join("bao-cao/index.html")).unwrap();
    assert!(report.contains("Thông tin báo chí về CCHC: số lần đã thực hiện so với yêu cầu theo quý"), "{report}");
    assert!(report.contains("Quý I/2022: đã thực hiện 11, yêu cầu 11;"), "{report}");

    // A district words the charts and the CSV headers its own way; numbers
    // and names still come from the data.
    site.write(
        "themes/default/strings.yaml",
        "chart_target_title: \"{activity} – tiến độ theo quý\"\n\
         chart_target_value: \"{period}: làm {held} trên {required}\"\n\
         chart_target_description: \"Cột đôi: {values}.\"\nchart_separator: \" | \"\n\
         chart_target_held: \"Đã làm\"\nchart_target_required: \"Phải làm\"\n\
         chart_areas_title: \"Bài viết từng lĩnh vực\"\nchart_areas_value: \"{area} có {count} bài\"\n\
         chart_city_title: \"{index} của Thủ đô\"\nchart_city_value: \"{year} được {value}\"\n\
         chart_units_order_higher: \"cao đến thấp\"\nchart_units_value: \"hạng {rank} {unit} {value}\"\n\
         chart_caption: \"{caption} (theo {source})\"\nchart_sample_note: \"Minh họa.\"\nchart_table_link: \"Xem bảng\"\n\
         csv_activity_id: \"Mã số hoạt động\"\ncsv_public_yes: \"công khai\"\ncsv_area: \"Tên lĩnh vực\"\ncsv_unit: \"Tên đơn vị\"\n\
         index_csv_year: \"nam\"\nindex_csv_city: \"Hà Nội\"\nmarkdown_table: \"Bảng số liệu\"\n",
    );
    let out = site.build(NOW);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let report = read("bao-cao/index.html");
    assert!(report.contains(">Thông tin báo chí về CCHC – tiến độ theo quý</title>"), "{report}");
    assert!(report.contains(">Cột đôi: Quý I/2022: làm 11 trên 11 | Quý II/2022: làm 9 trên 11 | "), "{report}");
    assert!(report.contains("Phải làm") && !report.contains("Yêu cầu của Kế hoạch"), "the legend keeps the old word:\n{report}");
    assert!(report.contains(">Bài viết từng lĩnh vực</title>") && !report.contains("Số bài viết theo lĩnh vực"), "{report}");
    assert!(report.contains(" có ") && report.contains(" bài | "), "{report}");

    let index = read("chi-so/par-index/index.html");
    assert!(index.contains(">Chỉ số cải cách hành chính (PAR INDEX) của Thủ đô</title>"), "{index}");
    assert!(index.contains("Biểu đồ đường. 2019 được 86,50% | 2020 được 88,40%"), "{index}");
    assert!(index.contains("Biểu đồ cột, xếp từ cao đến thấp. hạng 1 Sở Tư pháp 93,20% | hạng 2 "), "{index}");
    let article = read("ket-qua/par-index-2021/index.html");
    assert!(
        article.contains("<figcaption>Chỉ số cải cách hành chính (PAR INDEX) của Thủ đô (theo Bộ Nội vụ, Báo cáo Chỉ số cải cách hành chính (PAR INDEX)) <strong class=\"sample-note\">Minh họa.</strong> <a href=\"../../chi-so/par-index/\">Xem bảng</a></figcaption>"),
        "{article}"
    );
    let tables = read("tin-tuc/2022/hop-bao-quy-1-cchc/index.html");
    assert!(tables.contains("aria-label=\"Bảng số liệu\"") && !tables.contains("aria-label=\"Bảng\""), "{tables}");

    let targets_csv = read("bao-cao/bao-cao.csv");
    assert!(targets_csv.starts_with("\u{feff}Mã số hoạt động,Hoạt động,"), "{targets_csv}");
    assert!(targets_csv.contains(",công khai,"), "{targets_csv}");
    assert!(read("bao-cao/linh-vuc.csv").starts_with("\u{feff}Mã lĩnh vực,Tên lĩnh vực,Mã kỳ,"));
    assert!(read("bao-cao/don-vi.csv").starts_with("\u{feff}Mã đơn vị,Tên đơn vị,Hoạt động chủ trì,"));
    let index_csv = read("chi-so/par-index/par-index.csv");
    assert!(index_csv.starts_with("\u{feff}index,nam,scope,"), "{index_csv}");
    assert!(index_csv.contains("par-index,2019,city,,Hà Nội,86.5,"), "{index_csv}");
}

#[test]
fn the_header_and_footer_are_rendered_once_from_their_own_templates() {
    let site = Site::new("basic");
    site.write("themes/default/templates/partials/site_footer.html", "<footer>{{ site.title }}: chân trang của quận</footer>");
    let out = site.build(NOW);
    let pages: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    assert!(pages.len() > 20);
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        assert_eq!(html.matches(": chân trang của quận</footer>\n</body>").count(), 1, "{}", page.display());
        assert!(html.contains("<header class=\"site-header\">"), "{}", page.display());
    }

    // They show the site alone: a page's values are not there.
    site.write("themes/default/templates/partials/site_footer.html", "<footer>{{ page.title }}</footer>");
    let report = site.build_errors(NOW);
    assert!(
        report.starts_with("error: themes/default/templates/partials/site_footer.html:1:")
            && report.contains("rendering partials/site_footer.html: Variable `page` is not defined"),
        "{report}"
    );
}

#[test]
fn the_item_partial_heads_its_entry_with_the_level_it_is_given_else_two() {
    let site = Site::new("basic");
    let out = site.build(NOW);
    let list = read(&out, "linh-vuc/the-che/index.html");
    assert!(list.contains("<li>\n<article>\n<h3><a href="), "lists set the level to 3:\n{list}");

    // A site's own page that includes the built-in entry without a level.
    let page = "{% extends \"base.html\" %}{% block main %}{% for item in list.items %}{% include \"partials/item.html\" %}{% endfor %}{% endblock main %}";
    site.write("themes/default/templates/list.html", page);
    let out = site.build(NOW);
    let list = read(&out, "linh-vuc/the-che/index.html");
    assert!(list.contains("<li>\n<article>\n<h2><a href="), "{list}");
    assert!(list.contains("</a></h2>\n"), "{list}");
    assert!(!list.contains("<h3><a href="), "{list}");
}

/// The pagination fixture with a third article, so that its section has a
/// second page.
fn paged_site() -> Site {
    let site = Site::new("pagination");
    site.write(
        "content/tin-tuc/ban-tin-so-3.md",
        "---\ntitle: \"Bản tin số 3\"\ndate: 2022-02-15\nareas: [the-che]\n---\n\nBản tin số 3.\n",
    );
    site
}

/// The menu of a page: its `<nav class="main-nav">` element.
fn menu(html: &str) -> &str {
    let start = html.find("<nav class=\"main-nav\"").expect("a menu");
    &html[start..start + html[start..].find("</nav>").expect("the menu ends")]
}

#[test]
fn the_menu_marks_the_page_itself_and_the_entry_it_belongs_to() {
    let site = paged_site();
    let out = site.build(NOW);
    let marked = |path: &str| -> Vec<String> {
        let html = read(&out, path);
        menu(&html)
            .split("aria-current=\"")
            .skip(1)
            .map(|rest| {
                let (state, rest) = rest.split_once('"').unwrap();
                let name = &rest[1..rest.find("</a>").unwrap()];
                format!("{state}: {name}")
            })
            .collect()
    };
    // The same menu entry is the page on its first page, holds the page on
    // the others and on its articles: three states of one entry in one build.
    assert_eq!(marked("index.html"), ["page: Trang chủ"]);
    let section = marked("tin-tuc/index.html");
    assert_eq!(section.len(), 1, "{section:?}");
    assert!(section[0].starts_with("page: "), "{section:?}");
    let name = section[0].trim_start_matches("page: ");
    assert_eq!(marked("tin-tuc/trang/2/index.html"), [format!("true: {name}")]);
    assert_eq!(marked("tin-tuc/ban-tin-so-1/index.html"), [format!("true: {name}")]);
    assert_eq!(marked("linh-vuc/index.html"), ["page: Lĩnh vực"]);
    assert_eq!(marked("linh-vuc/the-che/index.html"), ["true: Lĩnh vực"]);
    assert_eq!(marked("chu-de/index.html").len(), 1);
}

#[test]
fn a_theme_s_own_menu_and_list_entry_are_rendered_with_what_they_are_given() {
    let site = paged_site();
    site.write(
        "themes/default/templates/partials/site_nav.html",
        "<nav class=\"main-nav\">[{{ nav_key }}|{{ nav_current != \"\" }}|{{ site.title }}]</nav>",
    );
    site.write("themes/default/templates/partials/item.html", "<li class=\"own\">{{ item.title }} (h{{ heading }})</li>\n");
    let out = site.build(NOW);
    assert!(read(&out, "tin-tuc/index.html").contains("<nav class=\"main-nav\">[tin-tuc|true|Cải cách hành chính Hà Nội]</nav>"));
    assert!(read(&out, "tin-tuc/trang/2/index.html").contains("<nav class=\"main-nav\">[tin-tuc|false|"));
    assert!(read(&out, "index.html").contains("<nav class=\"main-nav\">[|true|"));
    let list = read(&out, "tin-tuc/index.html");
    assert_eq!(list.matches("<li class=\"own\">").count(), 2, "{list}");
    assert!(list.contains(" (h3)</li>\n"), "{list}");
    assert!(!list.contains("<article>"), "{list}");

    // A menu template that reads what it is not given is an error at its place.
    site.write("themes/default/templates/partials/site_nav.html", "<nav>{{ page.title }}</nav>");
    let report = site.build_errors(NOW);
    assert!(report.starts_with("error: themes/default/templates/partials/site_nav.html:1:"), "{report}");
}
