//! What the fuzz targets share: a small valid site configuration.

use loa::config::Config;
use loa::error::Diagnostics;

pub const SITE: &str = "title: T\nbase_url: https://x.gov.vn/cchc/\nareas:\n  - key: the-che\n    name: Thể chế\n  - key: cong-vu\n    name: Công vụ\nunits:\n  - key: so-noi-vu\n    name: Sở Nội vụ\n";

pub fn config() -> Config {
    loa::config::parse_config(SITE, &mut Diagnostics::new()).expect("the fixed site.yaml is valid")
}
