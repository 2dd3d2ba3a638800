//! The official portal (issue 14): the `legal` footer and the online-services
//! link on every page, `public: false` activities kept off the public calendar
//! but counted in the report, `target.basis` beside each target, the calendar
//! page's order and labels, Vietnamese CSV headers, links printed once, and
//! the positioned errors of the new site.yaml keys. Built from the
//! `official-portal` fixture.

use crate::common::Site;

const NOW: &str = "2022-07-01T09:00";

fn built() -> Site {
    let site = Site::new("official-portal");
    site.build(NOW);
    site
}

/// Every `index.html` of the output plus `404.html`, relative to it.
fn html_pages(site: &Site) -> Vec<String> {
    let out = site.out();
    let mut pages: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_name() == "index.html" || e.file_name() == "404.html")
        .map(|e| e.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    pages.sort();
    pages
}

fn csv_rows(site: &Site, file: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(site.out().join("bao-cao").join(file)).expect("csv");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8 after the BOM");
    text.split("\r\n").filter(|l| !l.is_empty()).map(split_csv_line).collect()
}

fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[test]
fn every_page_has_the_legal_footer_and_the_services_link() {
    let site = built();
    let pages = html_pages(&site);
    for kind in [
        "index.html",
        "404.html",
        "tin-tuc/hop-bao/index.html",
        "tin-tuc/hop-bao/to-roi/index.html",
        "linh-vuc/the-che/to-roi/index.html",
        "lich/index.html",
        "bao-cao/index.html",
        "chu-de/index.html",
    ] {
        assert!(pages.iter().any(|p| p == kind), "{kind} in {pages:?}");
    }
    for page in &pages {
        let html = site.read(page);
        for (class, value) in [
            ("legal-agency", "UBND thành phố Hà Nội"),
            ("legal-operator", "Sở Nội vụ thành phố Hà Nội"),
            ("legal-responsible", "Giám đốc Sở Nội vụ thành phố Hà Nội"),
            ("legal-address", "18B Lê Thánh Tông, Hoàn Kiếm, Hà Nội"),
            ("legal-fax", "024 3825 3537"),
            ("legal-license", "Giấy phép thử số 01/GP-TTĐT"),
        ] {
            assert!(html.contains(&format!("<dd class=\"{class}\">{value}</dd>")), "{page}: {class} = {value}");
        }
        assert!(html.contains("</dl>\n<p class=\"legal-note\">Số điện thoại và thư điện tử là thông tin minh họa.</p>"), "{page}: note");
        assert!(html.contains("<dd class=\"legal-phone\"><a href=\"tel:02438253536\">024 3825 3536</a></dd>"), "{page}: phone");
        assert!(html.contains("<a href=\"mailto:sonoivu@hanoi.gov.vn\">sonoivu@hanoi.gov.vn</a>"), "{page}: e-mail");
        assert!(
            html.contains("Phòng Cải cách hành chính; điện thoại 024 3825 0000; <a href=\"mailto:cchc@hanoi.gov.vn\">"),
            "{page}: contact"
        );
        assert!(
            html.contains("<a class=\"services-link\" href=\"https://dichvucong.hanoi.gov.vn/\">Dịch vụ công trực tuyến</a>"),
            "{page}: services link"
        );
        // One menu control, with the topics in it; no inline styles or scripts.
        assert_eq!(html.matches("<details class=\"menu\">").count(), 1, "{page}: one menu control");
        let menu = &html[html.find("<details class=\"menu\">").unwrap()..html.find("</details>").unwrap()];
        assert!(menu.contains(">Chủ đề</a>") && menu.contains(">Lĩnh vực</a>"), "{page}: topics and areas in the menu");
        assert!(!html.contains(" style=\"") && !html.contains(" onclick="), "{page}: no inline style or script");
    }
}

#[test]
fn without_legal_the_footer_falls_back_to_the_publisher() {
    let site = Site::new("calendar-periods");
    site.build(NOW);
    let html = site.read("index.html");
    assert!(!html.contains("class=\"legal\"") && !html.contains("services-link"), "no legal block, no services link");
    assert!(html.contains("<h2 id=\"chan-trang-don-vi\">UBND thành phố Hà Nội</h2>"));
}

#[test]
fn internal_tasks_stay_off_the_public_calendar_but_count_in_the_report() {
    let site = built();
    let internal = ["Báo cáo quý nội bộ", "Báo cáo quý I nội bộ", "Báo cáo quý III nội bộ"];
    for page in ["lich/index.html", "index.html", "lich/lich.ics", "linh-vuc/the-che/index.html", "linh-vuc/the-che/to-roi/index.html"] {
        let text = site.read(page);
        for name in internal {
            assert!(!text.contains(name), "{page} shows internal \"{name}\"");
        }
    }
    assert!(site.read("lich/lich.ics").contains("SUMMARY:Họp báo tháng Bảy"), "public events stay in the feed");
    assert!(!site.exists("lich/bao-cao-quy/lich.ics"), "no feed of its own");
    assert!(site.exists("lich/hop-bao/lich.ics"));
    let activity = site.read("lich/bao-cao-quy/index.html");
    assert!(
        activity.contains("Nhiệm vụ nội bộ của Kế hoạch") && !activity.contains("bao-cao-quy/lich.ics"),
        "activity page says it is internal"
    );

    let report = site.read("bao-cao/index.html");
    assert!(report.contains(">Báo cáo quý nội bộ</a></h3>"), "its target is in the report");
    let internal_table = &report[report.find("id=\"noi-bo\"").expect("internal tasks section")..];
    assert!(internal_table.contains(">Báo cáo quý nội bộ</a></th><td><a href=\"../don-vi/so-noi-vu/\">Sở Nội vụ</a></td><td class=\"num\">1</td><td class=\"num\">1</td>"));
    let rows = csv_rows(&site, "bao-cao.csv");
    let q1: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "bao-cao-quy" && r[6] == "2022-Q1").collect();
    assert_eq!(q1.len(), 1, "{rows:?}");
    assert_eq!((q1[0][5].as_str(), q1[0][8].as_str(), q1[0][11].as_str()), ("không (nhiệm vụ nội bộ)", "1", "Đạt"));
}

#[test]
fn targets_show_their_basis_on_report_activity_and_csv() {
    let site = built();
    let report = site.read("bao-cao/index.html");
    assert!(report.contains("Chỉ tiêu: 2 lần/quý <span class=\"basis\">(căn cứ: Kế hoạch, mục IV.2)</span>"), "report");
    assert!(report.contains("Chỉ tiêu: 1 lần/tháng <span class=\"basis\">(không ghi căn cứ trong Kế hoạch)</span>"), "report, no basis");
    let activity = site.read("lich/hop-bao/index.html");
    assert!(activity.contains("<dt>Chỉ tiêu</dt><dd>2 lần/quý <span class=\"basis\">(căn cứ: Kế hoạch, mục IV.2)</span></dd>"));
    let ics = site.read("lich/hop-bao/lich.ics").replace("\r\n ", "");
    assert!(ics.contains("Chỉ tiêu: 2 lần/quý (căn cứ: Kế hoạch\\, mục IV.2)"), "{ics}");

    let rows = csv_rows(&site, "bao-cao.csv");
    assert_eq!(
        rows[0],
        [
            "Mã hoạt động",
            "Hoạt động",
            "Đơn vị chủ trì",
            "Chỉ tiêu",
            "Căn cứ chỉ tiêu",
            "Công khai trên lịch",
            "Mã kỳ",
            "Kỳ",
            "Đã thực hiện",
            "Dự kiến",
            "Yêu cầu",
            "Kết quả"
        ]
    );
    let hop_bao = rows.iter().find(|r| r[0] == "hop-bao" && r[6] == "2022-Q1").expect("row");
    assert_eq!(&hop_bao[1..6], ["Họp báo về CCHC", "Sở Thông tin và Truyền thông", "2 lần/quý", "Kế hoạch, mục IV.2", "có"]);
    let own = rows.iter().find(|r| r[0] == "chuyen-muc").expect("row");
    assert_eq!(own[4], "", "no basis, empty cell");
    assert_eq!(csv_rows(&site, "linh-vuc.csv")[0], ["Mã lĩnh vực", "Lĩnh vực", "Mã kỳ", "Kỳ", "Số bài viết"]);
    assert_eq!(
        csv_rows(&site, "don-vi.csv")[0],
        ["Mã đơn vị", "Đơn vị", "Hoạt động chủ trì", "Hoạt động phối hợp", "Lần đã thực hiện (chủ trì)", "Bài viết"]
    );
}

#[test]
fn calendar_leads_with_this_month_and_folds_the_rest_in_order() {
    let site = built();
    let html = site.read("lich/index.html");
    let pos = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle} on /lich/"));
    // July and August open, first; October folded under the later months;
    // January and February folded under the past, in calendar order.
    assert!(pos("<h3 id=\"thang-2022-07\"") < pos("<h3 id=\"thang-2022-08\""));
    assert!(pos("<h3 id=\"thang-2022-08\"") < pos("<details class=\"month\" id=\"thang-2022-10\">"));
    assert!(pos("id=\"cac-thang-sau\"") < pos("<details class=\"month\" id=\"thang-2022-10\">"));
    assert!(pos("id=\"da-qua\"") < pos("<details class=\"month\" id=\"thang-2022-01\">"));
    assert!(pos("<details class=\"month\" id=\"thang-2022-01\">") < pos("<details class=\"month\" id=\"thang-2022-02\">"));
    assert!(!html.contains("<details class=\"month\" id=\"thang-2022-07\""), "this month is not folded");
    // Labels; the organiser is not repeated as the place; month spelled out.
    let july = &html[pos("Họp báo tháng Bảy")..];
    let july = &july[..july.find("</li>").unwrap()];
    assert!(
        july.contains("<b>Địa điểm:</b> Trụ sở UBND Thành phố") && july.contains("<b>Chủ trì:</b> Sở Thông tin và Truyền thông"),
        "{july}"
    );
    let february = &html[pos("Họp báo tháng Hai")..];
    let february = &february[..february.find("</li>").unwrap()];
    assert!(!february.contains("Địa điểm:") && february.contains("<b>Chủ trì:</b> Sở Thông tin và Truyền thông"), "{february}");
    assert!(html.contains("<b>7</b><span>Tháng 7</span>") && !html.contains("<span>Th7</span>"));
}

#[test]
fn home_shows_each_article_once() {
    let site = built();
    let html = site.read("index.html");
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    for article in ["tin-tuc/hop-bao/", "tin-tuc/lien-ket/"] {
        assert_eq!(main.matches(&format!("href=\"{article}\"")).count(), 1, "{article} once on the home page");
    }
    let pos = |needle: &str| main.find(needle).unwrap_or_else(|| panic!("{needle} on the home page"));
    assert!(pos("id=\"tin-moi\"") < pos("id=\"dich-vu-cong\""));
    assert!(pos("id=\"dich-vu-cong\"") < pos("id=\"chu-de\""));
    assert!(pos("id=\"chu-de\"") < pos("id=\"hoat-dong\""));
    assert!(pos("id=\"hoat-dong\"") < pos("id=\"ke-hoach\""));
    assert!(main.contains("dịch vụ công trực tuyến <span class=\"count\">(1)</span>"), "topics with counts");
}

#[test]
fn links_print_their_address_once_and_only_when_the_text_hides_it() {
    let site = built();
    let html = site.read("tin-tuc/lien-ket/index.html");
    assert!(
        html.contains("<a href=\"https://dichvucong.hanoi.gov.vn/\">https://dichvucong.hanoi.gov.vn/</a>"),
        "autolink shows its address"
    );
    assert!(
        html.contains("<a href=\"https://dichvucong.hanoi.gov.vn/\">Cổng dịch vụ công</a>"),
        "address shown already: not printed again"
    );
    assert!(html.contains("<a href=\"https://dichvucong.hanoi.gov.vn\">dichvucong.hanoi.gov.vn</a>"), "text shows the host");
    assert!(
        html.contains("<a href=\"https://hanoi.gov.vn/\" data-url=\"https://hanoi.gov.vn/\">Cổng Giao tiếp điện tử</a>"),
        "first link to it"
    );
    assert!(html.contains("<a href=\"https://hanoi.gov.vn/\">Cổng Giao tiếp điện tử lần nữa</a>"), "second link to it");
    let css = site.read("css/style.css");
    assert!(css.contains("@page { size: A4;") && css.contains("a[data-url]::after"), "A4 and the printed addresses");
    // The wide table scrolls inside a labelled, focusable region.
    assert!(html.contains("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Bảng"), "table region");
    assert!(html.contains("<th class=\"num\">Hồ sơ</th>") && html.contains("<td class=\"num\">10</td>"), "alignment as a class");
}

#[test]
fn leaflets_keep_a_page_margin_and_offer_a_white_cover() {
    let site = built();
    let html = site.read("tin-tuc/hop-bao/to-roi/index.html");
    assert!(html.contains("<input type=\"checkbox\" id=\"bia-trang\" name=\"bia-trang\"> In bìa trắng (tiết kiệm mực)"));
    assert!(html.contains("data-print=\"light\" hidden>") && html.contains("js/print.") && html.contains(".js\" defer></script>"));
    let css = site.read("css/leaflet.css");
    assert!(css.contains("@page { size: A4 landscape; margin: 6mm; }"));
    assert!(css.contains("body:has(#bia-trang:checked) .panel-front { background: #fff;"));
    // The cover summary ends at a sentence boundary.
    let cover = &html[html.find("<p class=\"cover-summary\">").expect("cover summary")..];
    let cover = &cover[..cover.find("</p>").unwrap()];
    assert!(cover.ends_with("về cải cách hành chính."), "{cover}");
}

#[test]
fn new_site_keys_are_validated_with_positions() {
    let site = Site::new("official-portal");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let broken = yaml
        .replace("services_url: \"https://dichvucong.hanoi.gov.vn/\"", "services_url: \"dichvucong.hanoi.gov.vn\"")
        .replace("  responsible: \"Giám đốc Sở Nội vụ thành phố Hà Nội\"\n", "")
        .replace("  email: \"sonoivu@hanoi.gov.vn\"", "  email: \"sonoivu at hanoi\"\n  website: \"https://x.vn\"")
        .replace("    position: \"Phòng Cải cách hành chính\"", "    positon: \"Phòng Cải cách hành chính\"");
    site.write("site.yaml", &broken);
    let report = site.build_errors(NOW);
    assert!(report.contains("error: site.yaml:8:15: services_url \"dichvucong.hanoi.gov.vn\" must be an absolute http(s) URL"), "{report}");
    assert!(report.contains("error: site.yaml:10:3: legal has no \"responsible\""), "{report}");
    assert!(report.contains("error: site.yaml:15:10: \"sonoivu at hanoi\" is not an e-mail address"), "{report}");
    assert!(report.contains("warning: site.yaml:16:3: unknown key \"website\" in legal"), "{report}");
    assert!(report.contains("warning: site.yaml:18:5: unknown key \"positon\" in legal.contact (did you mean \"position\"?)"), "{report}");
    assert!(!site.out().exists(), "nothing written");
}
