//! RSS 2.0 feeds: the whole site, each section, area, tag and unit. Absolute
//! links from `base_url`, `guid`, RFC 2822 dates in +0700, the summary as
//! `description` and the full HTML as `content:encoded`, newest first, at most
//! `feed_limit` items. Pure: `&Renderer` in, bytes out.

use super::Job;
use crate::config::Config;
use crate::dates;
use crate::render::Renderer;
use crate::site::Site;
use crate::urls;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::borrow::Cow;
use std::io;

/// The feed of one job: which articles, under which title and page.
fn feed_scope<'a>(r: &'a Renderer, job: &Job) -> (String, String, String, &'a [usize], String) {
    let site = r.site;
    let c = &site.config;
    match *job {
        Job::AreaFeed(a) => {
            let area = &c.areas[a];
            let base = urls::area(&area.key);
            (
                format!("{} – {}", area.name, c.title),
                base.clone(),
                strip(&r.bodies.areas[a], &area.name),
                feed_list(site, &r.all_indices, job),
                format!("{base}{}", urls::RSS),
            )
        }
        Job::TagFeed(t) => {
            let tag = &site.tags[t];
            let base = urls::tag(&tag.slug);
            (
                r.strings.fill("feed_tag_title", &[("tag", &tag.name), ("site", &c.title)]),
                base.clone(),
                r.strings.fill("feed_tag_description", &[("tag", &tag.name)]),
                feed_list(site, &r.all_indices, job),
                format!("{base}{}", urls::RSS),
            )
        }
        Job::UnitFeed(u) => {
            let unit = &c.units[u];
            let base = urls::unit(&unit.key);
            (
                format!("{} – {}", unit.name, c.title),
                base.clone(),
                r.strings.fill("feed_unit_description", &[("unit", &unit.name)]),
                feed_list(site, &r.all_indices, job),
                format!("{base}{}", urls::RSS),
            )
        }
        Job::SectionFeed(s) => {
            let section = &site.sections[s];
            let base = format!("{}/", section.key);
            (
                format!("{} – {}", section.title, c.title),
                base.clone(),
                strip(&r.bodies.sections[s], &section.title),
                feed_list(site, &r.all_indices, job),
                format!("{base}{}", urls::RSS),
            )
        }
        _ => {
            let description = if c.description.is_empty() { c.title.clone() } else { c.description.clone() };
            (c.title.clone(), String::new(), description, feed_list(site, &r.all_indices, job), urls::RSS.to_string())
        }
    }
}

/// The articles the feed of `job` draws from, newest first (`all` for the
/// site's feed); it shows the first `feed_limit`.
fn feed_list<'a>(site: &'a Site, all: &'a [usize], job: &Job) -> &'a [usize] {
    match *job {
        Job::AreaFeed(a) => &site.by_area[a],
        Job::TagFeed(t) => &site.tags[t].articles,
        Job::UnitFeed(u) => &site.by_unit[u],
        Job::SectionFeed(s) => &site.sections[s].articles,
        _ => all,
    }
}

/// Per article, whether one of the feeds among `jobs` shows it.
pub fn shown_in_feeds(site: &Site, jobs: &[Job]) -> Vec<bool> {
    let all: Vec<usize> = (0..site.articles.len()).collect();
    let mut shown = vec![false; site.articles.len()];
    let feeds =
        jobs.iter().filter(|j| matches!(j, Job::Feed | Job::AreaFeed(_) | Job::TagFeed(_) | Job::UnitFeed(_) | Job::SectionFeed(_)));
    for job in feeds {
        for &i in feed_list(site, &all, job).iter().take(site.config.feed_limit) {
            shown[i] = true;
        }
    }
    shown
}

fn strip(html: &str, fallback: &str) -> String {
    let text = super::pages::strip_tags(html);
    if text.is_empty() { fallback.to_string() } else { text }
}

/// Renders the RSS feed of a feed job.
pub fn render_feed(r: &Renderer, job: &Job) -> Vec<u8> {
    let (title, page, description, articles, self_path) = feed_scope(r, job);
    write_feed(r, &title, &page, &description, articles, &self_path).expect("writing to a Vec cannot fail")
}

fn write_feed(r: &Renderer, title: &str, page: &str, description: &str, articles: &[usize], self_path: &str) -> io::Result<Vec<u8>> {
    let site = r.site;
    let c = &site.config;
    let items: Vec<usize> = articles.iter().copied().take(c.feed_limit).collect();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("rss")
        .with_attributes([
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
        ])
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                text(w, "title", title)?;
                text(w, "link", &c.permalink(page))?;
                text(w, "description", description)?;
                text(w, "language", &c.language)?;
                text(w, "generator", "Loa")?;
                // The newest item's time, not the clock: the same input gives the same feed.
                if let Some(newest) = items.iter().map(|&i| site.articles[i].updated.unwrap_or(site.articles[i].date)).max() {
                    text(w, "lastBuildDate", &dates::rfc2822(&newest))?;
                }
                w.create_element("atom:link")
                    .with_attributes([("href", c.permalink(self_path).as_str()), ("rel", "self"), ("type", "application/rss+xml")])
                    .write_empty()?;
                for &i in &items {
                    let doc = &site.articles[i];
                    let link = c.permalink(&doc.path);
                    w.create_element("item").write_inner_content(|w| {
                        text(w, "title", &doc.title)?;
                        text(w, "link", &link)?;
                        w.create_element("guid").with_attribute(("isPermaLink", "true")).write_text_content(BytesText::new(&link))?;
                        text(w, "pubDate", &dates::rfc2822(&doc.date))?;
                        text(w, "description", &doc.summary)?;
                        for &a in &doc.areas {
                            text(w, "category", &c.areas[a].name)?;
                        }
                        for tag in &doc.tags {
                            text(w, "category", tag)?;
                        }
                        let body = r.feed_body(i, || escape(&absolutize(&r.article_html(i), c)).into_owned());
                        w.create_element("content:encoded").write_text_content(BytesText::from_escaped(body))?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn text<W: io::Write>(w: &mut Writer<W>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::from_escaped(escape(value)))?;
    Ok(())
}

/// `value` escaped as `quick_xml::escape::escape` escapes it (`&lt;`,
/// `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&#13;`), the article bodies of the
/// feeds 16 bytes at a time rather than byte by byte.
fn escape(value: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', value.as_bytes()).is_some() {
        return quick_xml::escape::escape(value);
    }
    let mut out = String::with_capacity(value.len() + value.len() / 8);
    pulldown_cmark_escape::escape_html(&mut out, value).expect("writing to a String cannot fail");
    if out.len() == value.len() {
        return Cow::Borrowed(value);
    }
    // `&#39;` in the escaped text can only come from a `'`: every `&` of
    // the text became `&amp;`.
    if memchr::memmem::find(out.as_bytes(), b"&#39;").is_some() {
        out = out.replace("&#39;", "&apos;");
    }
    Cow::Owned(out)
}

/// Root-relative `href` and `src` values made absolute, for feed readers that
/// have no page URL to resolve them against.
pub fn absolutize(html: &str, config: &Config) -> String {
    let origin = config.origin();
    let mut out = Vec::with_capacity(html.len() + 64);
    super::relative::rewrite_links_into(html.as_bytes(), b"/", &mut out, |_, out| {
        out.extend_from_slice(origin.as_bytes());
        out.push(b'/');
    });
    String::from_utf8(out).expect("ASCII replaced at ASCII boundaries")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn escapes_as_quick_xml_does(value in "[a<>&'\"\r#39;ạ ]{0,40}") {
            proptest::prop_assert_eq!(escape(&value), quick_xml::escape::escape(value.as_str()));
        }
    }

    #[test]
    fn escapes_bodies_as_quick_xml_does() {
        for value in ["", "Tin tức", "<p class=\"a\">A &amp; B's &#39; <b>x</b></p>", "dòng\r\nmới", "&#39;"] {
            assert_eq!(escape(value), quick_xml::escape::escape(value), "{value}");
        }
    }

    #[test]
    fn absolutizes_root_relative_links_only() {
        let mut config = crate::config::parse_config("title: T\nbase_url: https://x.gov.vn/cchc/\n", &mut Default::default()).unwrap();
        config.set_base_url("https://x.gov.vn/cchc/").unwrap();
        let html =
            r##"<a href="/cchc/a/">a</a> <img src="/cchc/i.png"> <a href="//cdn/x">c</a> <a href="https://y/">y</a> <a href="#n">n</a>"##;
        assert_eq!(
            absolutize(html, &config),
            r##"<a href="https://x.gov.vn/cchc/a/">a</a> <img src="https://x.gov.vn/cchc/i.png"> <a href="//cdn/x">c</a> <a href="https://y/">y</a> <a href="#n">n</a>"##
        );
        // Text that shows a link, as inline code does, is kept.
        let code = r#"<p><code>&lt;a href="/cchc/a/"&gt;</code></p>"#;
        assert_eq!(absolutize(code, &config), code);
    }
}
