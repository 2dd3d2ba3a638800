//! Hosting: precompressed output, fingerprinted theme assets, output that a
//! strict Content-Security-Policy allows, JSON-LD events on activity pages.

use crate::common::{Site, snapshot};
use std::io::Read;

const NOW: &str = "2022-07-01T09:00";

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out).expect("valid brotli");
    out
}

const TEXT: &[&str] = &["html", "css", "js", "xml", "ics", "json", "csv", "svg"];

#[test]
fn compress_writes_gz_and_br_that_decompress_to_each_text_file() {
    let site = Site::new("basic");
    let mut opts = site.options(NOW);
    opts.compress = true;
    let out = site.build_with(opts.clone());
    let files = snapshot(&out);
    let by_path: std::collections::BTreeMap<&str, &Vec<u8>> = files.iter().map(|(p, b)| (p.as_str(), b)).collect();
    let mut compressed = 0;
    for (path, bytes) in &files {
        if path.ends_with(".gz") || path.ends_with(".br") {
            let plain = &path[..path.len() - 3];
            assert!(by_path.contains_key(plain), "{path} has no {plain}");
            continue;
        }
        let ext = path.rsplit('.').next().unwrap();
        let expected = TEXT.contains(&ext) && bytes.len() > 1024;
        let gz = by_path.get(format!("{path}.gz").as_str());
        let br = by_path.get(format!("{path}.br").as_str());
        if !expected {
            assert!(gz.is_none() && br.is_none(), "{path} ({} bytes) should not be compressed", bytes.len());
            continue;
        }
        let (gz, br) = (gz.unwrap_or_else(|| panic!("no {path}.gz")), br.unwrap_or_else(|| panic!("no {path}.br")));
        assert_eq!(&gunzip(gz), bytes, "{path}.gz");
        assert_eq!(&unbrotli(br), bytes, "{path}.br");
        assert!(gz.len() < bytes.len() && br.len() < bytes.len(), "{path}: compression made it larger");
        // No modification time in the gzip header.
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "{path}.gz carries a time");
        compressed += 1;
    }
    for kind in ["index.html", "rss.xml", "sitemap.xml", "css/style.css"] {
        assert!(by_path.contains_key(format!("{kind}.br").as_str()), "{kind} not compressed");
    }
    assert!(compressed > 10, "only {compressed} files compressed");

    // Deterministic: the same input gives the same bytes, compressed ones too.
    let again = site.build_with(opts);
    assert!(snapshot(&again) == files, "a second build differs");
}

#[test]
fn compress_true_in_site_yaml_does_the_same_and_the_default_does_not() {
    let site = Site::new("basic");
    let out = site.build(NOW);
    assert!(!out.join("index.html.gz").exists(), "compressed without being asked");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}\ncompress: true\n"));
    let out = site.build(NOW);
    assert!(out.join("index.html.gz").is_file() && out.join("index.html.br").is_file());
    assert!(!site.loa(&["check", "--now", NOW]).stderr.contains("warning"), "compress: is an unknown key");
}

/// The `href` or `src` of every tag of `html` that loads `name` (with or
/// without a fingerprint), resolved against `page`.
fn asset_links(html: &str, stem: &str, ext: &str) -> Vec<String> {
    crate::common::link_values(html)
        .into_iter()
        .filter(|l| {
            let file = l.rsplit('/').next().unwrap_or(l);
            file.starts_with(&format!("{stem}.")) && file.ends_with(&format!(".{ext}"))
        })
        .collect()
}

#[test]
fn theme_css_and_js_are_linked_by_content_hash() {
    let site = Site::sample();
    let out = site.build_with(BuildWith::base(&site, "https://example.gov.vn/cchc/"));
    let css = std::fs::read(out.join("css/style.css")).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for (path, bytes) in snapshot(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let links = asset_links(&html, "style", "css");
        assert_eq!(links.len(), 1, "{path}: stylesheet links {links:?}");
        let file = links[0].rsplit('/').next().unwrap().to_string();
        let hash = file.trim_start_matches("style.").trim_end_matches(".css");
        assert!(hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{path}: {file} is not fingerprinted");
        seen.insert(file);
        if path.contains("/to-roi/") {
            for (stem, ext) in [("leaflet", "css"), ("print", "js")] {
                let links = asset_links(&html, stem, ext);
                assert_eq!(links.len(), 1, "{path}: {stem}.{ext} links {links:?}");
                let file = links[0].rsplit('/').next().unwrap();
                assert!(file != format!("{stem}.{ext}"), "{path}: {file} is not fingerprinted");
                assert!(out.join(ext).join(file).is_file(), "{path}: {file} missing");
            }
        }
    }
    assert_eq!(seen.len(), 1, "pages link different stylesheets: {seen:?}");
    let named = out.join("css").join(seen.into_iter().next().unwrap());
    assert_eq!(std::fs::read(named).unwrap(), css, "the fingerprinted stylesheet differs from css/style.css");

    // A changed stylesheet gets a new name.
    site.write("themes/default/static/css/style.css", "body { color: #111; }\n");
    let out = site.build_with(BuildWith::base(&site, "https://example.gov.vn/cchc/"));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let link = &asset_links(&home, "style", "css")[0];
    let file = link.rsplit('/').next().unwrap();
    assert_eq!(std::fs::read_to_string(out.join("css").join(file)).unwrap(), "body { color: #111; }\n");
}

#[test]
fn an_overriding_template_with_the_plain_stylesheet_name_still_works() {
    let site = Site::new("basic");
    // The default theme links its style sheet from the links every page's head carries.
    let links = include_str!("../../themes/default/templates/partials/site_links.html")
        .replace(r#"{{ site.base_path }}{{ "css/style.css" | asset }}"#, "{{ site.base_path }}css/style.css");
    assert!(links.contains("css/style.css\""));
    site.write("themes/default/templates/partials/site_links.html", &links);
    let out = site.build(NOW);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"css/style.css\""), "{home}");
    assert!(out.join("css/style.css").is_file());
}

struct BuildWith;
impl BuildWith {
    fn base(site: &Site, url: &str) -> loa::BuildOptions {
        let mut opts = site.options(NOW);
        opts.base_url = Some(url.into());
        opts
    }
}

/// What a `Content-Security-Policy` without `'unsafe-inline'` blocks in one
/// HTML file: `style=` and `on…=` attributes, `<style>` elements, inline
/// scripts other than JSON-LD, `javascript:` URLs.
fn csp_problems(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while let Some(start) = lower[i..].find('<').map(|j| i + j) {
        if lower[start..].starts_with("<!--") {
            i = lower[start..].find("-->").map_or(lower.len(), |j| start + j + 3);
            continue;
        }
        let end = tag_end(&lower, start);
        let tag = &lower[start..end];
        let name: String = tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        let attributes = attributes(tag);
        for (attr, value) in &attributes {
            if attr == "style" {
                problems.push(format!("style= on <{name}>"));
            } else if attr.starts_with("on") {
                problems.push(format!("{attr}= on <{name}>"));
            } else if matches!(attr.as_str(), "href" | "src" | "action") && value.trim_start().starts_with("javascript:") {
                problems.push(format!("javascript: URL on <{name}>"));
            }
        }
        i = end;
        if name == "style" {
            problems.push("<style> element".into());
        } else if name == "script" {
            let close = lower[end..].find("</script").map_or(lower.len(), |j| end + j);
            let body = &lower[end..close];
            let kind = attributes.iter().find(|(a, _)| a == "type").map(|(_, v)| v.as_str());
            let has_src = attributes.iter().any(|(a, _)| a == "src");
            if kind != Some("application/ld+json") && (!has_src || !body.trim().is_empty()) {
                problems.push(format!("inline script: {}", &html[start..close.min(start + 80)]));
            }
            i = close;
        }
    }
    problems
}

/// The end of the tag starting at `start` (after its `>`), quotes respected.
fn tag_end(html: &str, start: usize) -> usize {
    let mut quote = None;
    for (j, c) in html[start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return start + j + 1,
            _ => {}
        }
    }
    html.len()
}

/// The attributes of one tag, names lowercase.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>').trim_end_matches('/');
    let mut rest = inner.trim_start_matches(|c: char| !c.is_whitespace());
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start();
        let name: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '=' && *c != '/').collect();
        if name.is_empty() {
            if rest.is_empty() {
                break;
            }
            rest = &rest[1..];
            continue;
        }
        rest = rest[name.len()..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let close = after[1..].find(q).map_or(after.len() - 1, |j| j + 1);
                value = after[1..close].to_string();
                rest = &after[(close + 1).min(after.len())..];
            } else {
                let len = after.find(char::is_whitespace).unwrap_or(after.len());
                value = after[..len].to_string();
                rest = &after[len..];
            }
        }
        out.push((name, value));
    }
    out
}

#[test]
fn the_scanner_finds_what_a_strict_csp_blocks() {
    let bad = r#"<p style="color:red">x</p><button onclick='f()'>b</button><style>p{}</style><script>alert(1)</script><a href="javascript:f()">j</a>"#;
    assert_eq!(csp_problems(bad).len(), 5, "{:?}", csp_problems(bad));
    let good = r#"<script type="application/ld+json">{"a":"<b>"}</script><script src="js/a.js" defer></script><p data-style="x" title="onclick=1">style="x"</p><!-- <style> -->"#;
    assert_eq!(csp_problems(good), Vec::<String>::new());
}

#[test]
fn no_page_of_the_sample_site_needs_unsafe_inline() {
    let site = Site::sample();
    let out = site.build_with(BuildWith::base(&site, "https://example.gov.vn/cchc/"));
    let mut problems = Vec::new();
    let mut pages = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for (path, bytes) in snapshot(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        kinds.insert(path.split('/').next().unwrap().to_string());
        let html = String::from_utf8(bytes).unwrap();
        problems.extend(csp_problems(&html).into_iter().map(|p| format!("{path}: {p}")));
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(pages > 50, "{pages} pages");
    for kind in ["index.html", "404.html", "tin-tuc", "linh-vuc", "chu-de", "don-vi", "lich", "bao-cao"] {
        assert!(kinds.contains(kind), "no page of kind {kind}");
    }
    // The sample has aligned table columns: they became classes.
    let aligned = snapshot(&out).into_iter().any(|(p, b)| {
        p.ends_with(".html")
            && !["bao-cao/", "lich/", "chi-so/", "don-vi/"].iter().any(|k| p.starts_with(k))
            && String::from_utf8_lossy(&b).contains("<td class=\"num\">")
    });
    assert!(aligned, "no aligned table column in the sample site");
}

#[test]
fn activity_pages_carry_json_ld_events_for_upcoming_occurrences() {
    let site = Site::sample();
    let out = site.build_with(BuildWith::base(&site, "https://example.gov.vn/cchc/"));
    let mut events_seen = 0;
    let mut with_place = 0;
    for entry in std::fs::read_dir(out.join("lich")).unwrap() {
        let page = entry.unwrap().path().join("index.html");
        if !page.is_file() {
            continue;
        }
        let html = std::fs::read_to_string(&page).unwrap();
        let Some(start) = html.find("<script type=\"application/ld+json\">") else { continue };
        let json = &html[start + 35..start + html[start..].find("</script>").unwrap()];
        let ld: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}: {json}", page.display()));
        assert_eq!(ld["@context"], "https://schema.org");
        let events = ld["@graph"].as_array().unwrap();
        assert!(!events.is_empty() && events.len() <= 30);
        let mut previous = String::new();
        for e in events {
            assert_eq!(e["@type"], "Event");
            assert!(e["name"].as_str().is_some_and(|n| !n.is_empty()));
            let start = e["startDate"].as_str().unwrap();
            // A time carries the UTC offset; an all-day occurrence is a date.
            assert!(start.ends_with("+07:00") || start.len() == 10, "{start}");
            assert!(start >= "2022-07-01", "{start} is not upcoming at {NOW}");
            assert!(start >= previous.as_str(), "events out of order");
            previous = start.to_string();
            if let Some(end) = e["endDate"].as_str() {
                assert!(end > start && end.ends_with("+07:00"), "{start} → {end}");
            }
            let status = e["eventStatus"].as_str().unwrap();
            assert!(["https://schema.org/EventScheduled", "https://schema.org/EventCancelled"].contains(&status));
            assert_eq!(e["location"]["@type"], "Place");
            assert!(e["location"]["name"].as_str().is_some_and(|n| !n.is_empty()));
            assert!(e["location"]["address"].as_str().is_some_and(|n| !n.is_empty()));
            assert_eq!(e["organizer"]["@type"], "GovernmentOrganization");
            assert!(e["organizer"]["name"].as_str().is_some_and(|n| !n.is_empty()));
            assert!(e["url"].as_str().unwrap().starts_with("https://example.gov.vn/cchc/lich/"));
            events_seen += 1;
            if e["location"]["name"] != e["organizer"]["name"] {
                with_place += 1;
            }
        }
    }
    assert!(events_seen > 10, "{events_seen} events");
    assert!(with_place > 0, "no event with its own place");
}
