//! `sitemap.xml` (every indexable page, absolute URLs) and `robots.txt`.
//! Pure: `&Site` in, bytes out.

use super::{Job, job_path, plan};
use crate::dates;
use crate::site::Site;
use crate::urls;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

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

pub fn render_sitemap(site: &Site) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let write = |w: &mut Writer<Vec<u8>>| -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("urlset").with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")).write_inner_content(|w| {
            for job in plan(site).iter().filter(|j| is_listed(j)) {
                let loc = site.config.permalink(&job_path(site, job));
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc").write_text_content(BytesText::new(&loc))?;
                    if let Job::Article(i) = job {
                        let doc = &site.articles[*i];
                        let t = doc.updated.unwrap_or(doc.date);
                        w.create_element("lastmod").write_text_content(BytesText::new(&dates::rfc3339(&t)))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    };
    write(&mut w).expect("writing to a Vec cannot fail");
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

pub fn render_robots(site: &Site) -> Vec<u8> {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", site.config.permalink(urls::SITEMAP)).into_bytes()
}
