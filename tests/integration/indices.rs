//! Reform indices (contract §7): `content/indices.yaml` validated with
//! positioned errors, the pages `/chi-so/` and `/chi-so/<index>/` with their
//! charts, tables and CSV, chart blocks in articles, and the charts of the
//! plan report. Charts are parsed as XML and their numbers compared with the data.

use crate::common::Site;
use quick_xml::events::Event;

const NOW: &str = "2022-07-01";

/// One `<svg>` of a `<figure class="chart">`, as an XML parser reads it.
#[derive(Debug, Default)]
struct Chart {
    role: String,
    title: String,
    desc: String,
    /// `data-value` and text of each value label, in document order.
    values: Vec<(f64, String)>,
    /// Row labels of bar charts.
    labels: Vec<String>,
    has_style: bool,
}

/// Every chart of a page; panics when an SVG is not well-formed XML.
fn charts(html: &str) -> Vec<Chart> {
    let mut out = Vec::new();
    for (start, _) in html.match_indices("<figure class=\"chart\">") {
        let rest = &html[start..];
        let from = rest.find("<svg").expect("a chart figure holds an svg");
        let to = rest.find("</svg>").expect("the svg is closed") + "</svg>".len();
        out.push(parse_svg(&rest[from..to]));
    }
    out
}

fn parse_svg(svg: &str) -> Chart {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut chart = Chart::default();
    let mut open: Vec<(String, String, Option<f64>)> = Vec::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("SVG is not well-formed: {e}\n{svg}")) {
            Event::Start(e) => {
                depth += 1;
                let name = e.name().as_ref().to_string();
                let mut class = String::new();
                let mut value = None;
                for attr in e.attributes() {
                    let attr = attr.expect("well-formed attribute");
                    let val = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned();
                    match attr.key.as_ref() {
                        "class" => class = val,
                        "data-value" => value = Some(val.parse::<f64>().expect("data-value is a number")),
                        "role" => chart.role = val,
                        "style" => chart.has_style = true,
                        _ => {}
                    }
                }
                if name == "style" {
                    chart.has_style = true;
                }
                open.push((name, class, value));
            }
            Event::Empty(e) if e.attributes().any(|a| a.unwrap().key.as_ref() == "style") => chart.has_style = true,
            Event::Text(t) => {
                let text = t.xml10_content().trim().to_string();
                if text.is_empty() {
                    continue;
                }
                let Some((name, class, value)) = open.last() else { continue };
                match (name.as_str(), class.as_str()) {
                    ("title", _) => chart.title = text,
                    ("desc", _) => chart.desc = text,
                    (_, c) if c.split(' ').any(|c| c == "chart-value") => {
                        chart.values.push((value.expect("value labels carry data-value"), text))
                    }
                    (_, "chart-label") => chart.labels.push(text),
                    _ => {}
                }
            }
            Event::End(_) => {
                depth -= 1;
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced SVG:\n{svg}");
    chart
}

fn numbers(chart: &Chart) -> Vec<f64> {
    chart.values.iter().map(|(v, _)| *v).collect()
}

fn texts(chart: &Chart) -> Vec<&str> {
    chart.values.iter().map(|(_, t)| t.as_str()).collect()
}

#[test]
fn index_page_draws_the_city_and_the_units_from_the_data() {
    let site = Site::new("indices");
    site.build(NOW);
    let html = site.read("chi-so/par-index/index.html");
    let found = charts(&html);
    assert_eq!(found.len(), 2, "{html}");

    // The city over the years, oldest first, whatever the order in the file.
    let city = &found[0];
    assert_eq!(city.role, "img");
    assert!(!city.has_style);
    assert_eq!(city.title, "Chỉ số cải cách hành chính (PAR INDEX): Thành phố qua các năm");
    assert_eq!(city.desc, "Biểu đồ đường. Năm 2019: 86,06%; năm 2020: 89,25%; năm 2021: 88,13%.");
    assert_eq!(numbers(city), [86.06, 89.25, 88.13]);
    assert_eq!(texts(city), ["86,06", "89,25", "88,13"]);

    // Units of the latest year, best first.
    let units = &found[1];
    assert_eq!(units.labels, ["Sở Tư pháp", "Sở Nội vụ", "Sở Thông tin và Truyền thông"]);
    assert_eq!(numbers(units), [93.25, 91.4, 87.3]);
    assert_eq!(texts(units), ["93,25", "91,40", "87,30"]);
    assert!(!units.has_style);

    // The same figures as tables, the source with its link, the sample note.
    assert!(html.contains("<tr><th scope=\"row\">2021</th><td class=\"num\">88,13%</td><td class=\"num\"><span class=\"change change-worse\">-1,12</span></td><td class=\"num\">2</td></tr>"), "{html}");
    assert!(html.contains("<tr><td class=\"num\">1</td><th scope=\"row\"><a href=\"../../don-vi/so-tu-phap/\">Sở Tư pháp</a></th><td class=\"num\">93,25%</td></tr>"), "{html}");
    assert!(html.contains("<a href=\"https://example.gov.vn/par-index\">Bộ Nội vụ, Báo cáo PAR INDEX</a>"));
    assert!(html.contains("<strong>Số liệu minh họa.</strong>"));
    assert!(html.contains("href=\"../../chi-so/par-index/par-index.csv\""));

    // An index with published values says nothing of samples and has no unit chart.
    let papi = site.read("chi-so/papi/index.html");
    assert!(!papi.contains("Số liệu minh họa"), "{papi}");
    let found = charts(&papi);
    assert_eq!(found.len(), 1);
    assert_eq!(texts(&found[0]), ["43,57", "44,78"]);
}

#[test]
fn indices_page_lists_latest_values_and_changes() {
    let site = Site::new("indices");
    site.build(NOW);
    let html = site.read("chi-so/index.html");
    assert!(html.contains("<b>88,13%</b> <span>năm 2021, xếp thứ 2</span>"), "{html}");
    assert!(html.contains("-1,12 so với năm 2020 (giảm)"), "{html}");
    assert!(html.contains("<b>44,78 điểm</b>"), "{html}");
    assert!(html.contains("+1,21 so với năm 2020 (tăng)"), "{html}");
    // Linked from the menu on every page, and from the home page.
    let home = site.read("index.html");
    assert!(home.contains("<a href=\"chi-so/\">Chỉ số</a>"), "{home}");
    assert!(home.contains("<a href=\"chi-so/\">Chỉ số cải cách hành chính: PAR INDEX, SIPAS, PAPI</a>"));
    assert!(site.read("sitemap.xml").contains("https://cchc.example.gov.vn/chi-so/par-index/"));
}

#[test]
fn csv_has_a_bom_and_every_value() {
    let site = Site::new("indices");
    site.build(NOW);
    let bytes = std::fs::read(site.out().join("chi-so/par-index/par-index.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte-order mark for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let expected = "index,year,scope,unit,name,value,rank\r\n\
        par-index,2019,city,,Thành phố,86.06,\r\n\
        par-index,2020,city,,Thành phố,89.25,\r\n\
        par-index,2021,city,,Thành phố,88.13,2\r\n\
        par-index,2020,unit,so-noi-vu,Sở Nội vụ,90.1,\r\n\
        par-index,2021,unit,so-noi-vu,Sở Nội vụ,91.4,\r\n\
        par-index,2021,unit,so-tu-phap,Sở Tư pháp,93.25,\r\n\
        par-index,2021,unit,so-tt-tt,Sở Thông tin và Truyền thông,87.3,\r\n";
    assert_eq!(text, expected);
}

#[test]
fn chart_blocks_in_articles_draw_the_index() {
    let site = Site::new("indices");
    site.build(NOW);
    let html = site.read("ket-qua/par-index-2021/index.html");
    let found = charts(&html);
    assert_eq!(found.len(), 2, "{html}");
    assert_eq!(numbers(&found[0]), [86.06, 89.25, 88.13]);
    // Only the units the block names, best first.
    assert_eq!(found[1].labels, ["Sở Tư pháp", "Sở Nội vụ"]);
    assert_eq!(numbers(&found[1]), [93.25, 91.4]);
    // Ids are unique on the page; the caption links to the table and says the values are samples.
    assert!(html.contains("id=\"bieu-do-par-index-1-title\"") && html.contains("id=\"bieu-do-par-index-2-title\""));
    assert!(html.contains("<strong class=\"sample-note\">Số liệu minh họa.</strong> <a href=\"../../chi-so/par-index/\">"));
    assert!(!html.contains("language-chi-so") && !html.contains("index: par-index"), "the block's source is not shown");
}

#[test]
fn report_draws_held_against_required_and_articles_per_area() {
    let site = Site::new("indices");
    site.build(NOW);
    let html = site.read("bao-cao/index.html");
    let found = charts(&html);
    assert_eq!(found.len(), 2, "{html}");
    // Quarter by quarter: held, then required (2 per quarter).
    let target = &found[0];
    assert_eq!(target.labels[2..6], ["Quý I/2022", "Quý II/2022", "Quý III/2022", "Quý IV/2022"]);
    assert_eq!(numbers(target), [2.0, 2.0, 1.0, 2.0, 0.0, 2.0, 0.0, 2.0]);
    assert!(target.desc.contains("Quý I/2022: đã thực hiện 2, yêu cầu 2; Quý II/2022: đã thực hiện 1, yêu cầu 2"), "{}", target.desc);
    // Articles per area, as in the table.
    assert_eq!(found[1].labels, ["Cải cách thể chế", "Cải cách thủ tục hành chính"]);
    assert_eq!(numbers(&found[1]), [1.0, 1.0]);
}

#[test]
fn a_site_without_indices_has_no_index_pages() {
    let site = Site::new("indices");
    site.remove("content/indices.yaml");
    site.write("content/ket-qua/par-index-2021.md", "---\ntitle: \"PAR INDEX\"\ndate: 2022-05-27\nareas: [the-che]\n---\n\nVăn bản.\n");
    site.build(NOW);
    assert!(!site.exists("chi-so/index.html"));
    assert!(!site.read("index.html").contains("chi-so/"));
}

#[test]
fn errors_in_indices_are_reported_with_their_position() {
    let site = Site::new("indices");
    site.write(
        "content/indices.yaml",
        "indices:\n\
         \x20 - key: par-index\n\
         \x20   name: \"PAR INDEX\"\n\
         \x20   max: 100\n\
         \x20   source: \"Bộ Nội vụ\"\n\
         \x20   city: { 2020: 89.25, 21: 88.13, 2022: 101.5, 2023: \"cao\" }\n\
         \x20   rank:\n\
         \x20     2021: 2,5\n\
         \x20   by_unit:\n\
         \x20     so-noi-vuu: { 2021: 91.4 }\n\
         \x20 - key: par-index\n\
         \x20   name: \"Lặp\"\n\
         \x20   source: \"Bộ Nội vụ\"\n",
    );
    let report = site.build_errors(NOW);
    let expected = [
        "error: content/indices.yaml:6:26: year \"21\" is not four digits (write the year in full, e.g. 2021: 88.13)",
        "error: content/indices.yaml:6:43: value 101.5 of city in 2022 is above max 100 (check the figure, or the max of the index)",
        "error: content/indices.yaml:6:56: value of city \"cao\" is not a number (write a number such as 88.13)",
        "error: content/indices.yaml:8:13: value of rank \"2,5\" is not a number (write the decimal with a dot: 2.5)",
        "error: content/indices.yaml:10:7: unknown unit \"so-noi-vuu\" (did you mean \"so-noi-vu\"?)",
        "error: content/indices.yaml:11:10: duplicate index key \"par-index\" (first at line 2) (give each index its own key)",
    ];
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1, "{report}");
    for (line, want) in lines.iter().zip(expected) {
        assert_eq!(*line, want, "\n{report}");
    }
    assert!(!site.out().exists(), "nothing is written");
}

#[test]
fn unknown_index_or_unit_in_a_chart_block_is_an_error_in_the_article() {
    let site = Site::new("indices");
    site.write(
        "content/ket-qua/sai.md",
        "---\ntitle: \"Sai\"\ndate: 2022-06-01\nareas: [the-che]\n---\n\nĐoạn mở đầu.\n\n```chi-so\nindex: par-indx\n```\n\n```chi-so\nindex: par-index\nunits: [so-noi-vu, so-tp]\n```\n\n```chi-so\nindex: papi\nunits: [so-noi-vu]\n```\n",
    );
    let report = site.build_errors(NOW);
    assert_eq!(
        report,
        "error: content/ket-qua/sai.md:10:8: unknown index \"par-indx\" (did you mean \"par-index\"?)\n\
         error: content/ket-qua/sai.md:15:20: unknown unit \"so-tp\" (units are listed in site.yaml)\n\
         error: content/ket-qua/sai.md:20:9: index \"papi\" has no value of unit \"so-noi-vu\" (no unit has values in this index)\n\
         3 errors\n"
    );
}
