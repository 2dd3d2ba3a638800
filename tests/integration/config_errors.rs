//! Templates and `site.yaml` (issue 8, item 7): Tera errors at the template's
//! file and line, a missing template or theme named with where it was looked
//! for, and bad `base_url`, duplicate keys, `per_page: 0` at their place in
//! `site.yaml`. Exit status 1, the output left as it was.

use crate::common::{Site, plain, snapshot};

const NOW: &str = "2022-07-01";

/// Builds with the binary; asserts exit 1, exactly `expected` on stderr, and
/// an unchanged output folder.
fn assert_report(site: &Site, expected: &str) {
    let before = snapshot(&site.out());
    let build = site.loa(&["build", "--now", NOW]);
    assert_eq!(build.status, 1, "{}", build.stderr);
    let report = plain(&build.stderr);
    assert_eq!(report.strip_suffix(&format!("nothing written: {} is unchanged\n", "./public")), Some(expected), "{}", build.stderr);
    assert_eq!(snapshot(&site.out()), before);
}

fn edit_config(site: &Site, edit: impl Fn(String) -> String) {
    let text = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &edit(text));
}

#[test]
fn bad_settings_are_positioned_in_site_yaml() {
    let site = Site::new("basic");
    site.build(NOW);
    edit_config(&site, |text| {
        text.replace("per_page: 10", "per_page: 0")
            .replace("https://cchc.example.gov.vn/", "https://cchc.example.gov.vn:99999/")
            .replace("  - key: thu-tuc-hanh-chinh\n", "  - key: the-che\n    name: \"Lặp\"\n  - key: thu-tuc-hanh-chinh\n")
    });
    assert_report(
        &site,
        "error: site.yaml:3:11: base_url \"https://cchc.example.gov.vn:99999/\" is not an absolute http(s) URL such as https://cchc.hanoi.gov.vn/: invalid port number\n\
         error: site.yaml:5:11: per_page must be at least 1, not 0\n\
         error: site.yaml:12:10: duplicate area key \"the-che\"\n\
         3 errors\n",
    );
}

#[test]
fn an_unknown_theme_says_where_it_was_looked_for() {
    let site = Site::new("basic");
    site.build(NOW);
    edit_config(&site, |text| text.replace("units:", "theme: xanh\nunits:"));
    assert_report(
        &site,
        "error: site.yaml:14:8: theme \"xanh\" not found: no folder themes/xanh/ (create it, or use the built-in theme: theme: default)\n1 error\n",
    );
}

#[test]
fn template_errors_name_the_file_and_line() {
    let site = Site::new("basic");
    site.build(NOW);
    let page = "themes/default/templates/page.html";
    site.write(page, "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title }</p>\n{% endblock %}\n");
    assert_report(&site, &format!("error: {page}:3:18: template syntax: Found `}}` but expected }}}}.\n1 error\n"));

    site.write(page, "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title }}</p>\n\n<p>{{ khong_co.x }}</p>\n{% endblock %}\n");
    assert_report(
        &site,
        &format!(
            "error: {page}:5:7: rendering gioi-thieu/index.html: Variable `khong_co` is not defined. Available variables: content, fragments, page, site, site_nav, strings, template\n1 error\n"
        ),
    );

    site.write(page, "{% extends \"base.html\" %}\n{% block main %}\n{% include \"partials/khong-co.html\" %}\n{% endblock %}\n");
    assert_report(
        &site,
        &format!(
            "error: {page}:3:12: Unknown template `partials/khong-co.html` (looked for templates/partials/khong-co.html in the site's theme folder and in the built-in theme)\n1 error\n"
        ),
    );
}
