//! `sitemap.xml` (every indexable page, absolute URLs) and `robots.txt`.
//! Pure: `&Site` in, bytes out.

use super::{Job, job_path, plan};
use crate::site::Site;
use crate::urls;
use quick_xml::escape::escape;

/// Whether a job's page belongs in the sitemap: HTML pages that are not
/// leaflets, redirects or the 404 page.
pub fn is_listed(job: &Job) -> bool {
    matches!(
        job,
        Job::Home
            | Job::Article(_)
            | Job::Page(_)
            | Job::Section { .. }
            | Job::Areas
            | Job::Area { .. }
            | Job::Tags
            | Job::Tag { .. }
            | Job::Units
            | Job::Unit { .. }
            | Job::Calendar
            | Job::Activity(_)
            | Job::Report
            | Job::Indices
            | Job::Index(_)
    )
}

/// Written as text (the layout quick-xml's indenting writer gives, two
/// spaces a level): `loa serve` writes it again after most edits.
pub fn render_sitemap(site: &Site) -> Vec<u8> {
    let mut out = String::with_capacity(64 + 128 * (site.articles.len() + 16));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    let base = escape(site.config.base_url.as_str());
    for job in plan(site).iter().filter(|j| is_listed(j)) {
        out.push_str("\n  <url>\n    <loc>");
        match job {
            // Most pages: their path is borrowed rather than formatted.
            Job::Article(i) => push_loc(&mut out, &base, &site.articles[*i].path),
            _ => push_loc(&mut out, &base, &job_path(site, job)),
        }
        out.push_str("</loc>");
        if let Job::Article(i) = job {
            out.push_str("\n    <lastmod>");
            out.push_str(&escape(site.articles[*i].lastmod()));
            out.push_str("</lastmod>");
        }
        out.push_str("\n  </url>");
    }
    out.push_str("\n</urlset>\n");
    out.into_bytes()
}

/// The absolute URL of a site path (as `Config::permalink` makes it), given
/// the escaped `base_url`; paths are slugs, which need no escaping, but are
/// checked.
fn push_loc(out: &mut String, base: &str, path: &str) {
    out.push_str(base);
    let path = path.trim_start_matches('/');
    if path.bytes().any(|b| matches!(b, b'<' | b'>' | b'&' | b'\'' | b'"' | b'\r')) {
        out.push_str(&escape(path));
    } else {
        out.push_str(path);
    }
}

pub fn render_robots(site: &Site) -> Vec<u8> {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", site.config.permalink(urls::SITEMAP)).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_escaped_only_where_needed() {
        let mut out = String::new();
        push_loc(&mut out, "https://x.vn/", "/tin-tuc/a/");
        push_loc(&mut out, "https://x.vn/", "a&b/");
        assert_eq!(out, "https://x.vn/tin-tuc/a/https://x.vn/a&amp;b/");
    }
}
