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
