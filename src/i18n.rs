//! Localised messages: every error, warning, hint and summary line Loa prints
//! is a [`Message`] (an id plus named arguments) rendered at print time from
//! one Fluent file per language, `locales/vi.ftl` and `locales/en.ftl`.
//!
//! Adding a message: one entry in each `.ftl` file, one `msg!("id", arg = value)`
//! call, and a section named after the id in `docs/huong-dan-bien-tap.md`
//! (tests check all three). No I/O here except reading the site's language.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::path::Path;
use std::sync::OnceLock;

/// The Vietnamese catalogue, compiled in.
pub const VI_FTL: &str = include_str!("../locales/vi.ftl");
/// The English catalogue, compiled in.
pub const EN_FTL: &str = include_str!("../locales/en.ftl");
/// The editors' guide every message points to.
pub const GUIDE: &str = "docs/huong-dan-bien-tap.md";

/// The language messages are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// `vi`, `en` (also `vi-VN`, `en_US`…); `None` for others.
    pub fn parse(text: &str) -> Option<Lang> {
        let code = text.trim().to_ascii_lowercase();
        let base = code.split(['-', '_', '.']).next().unwrap_or("");
        match base {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// `--lang`, else `LOA_LANG`, else the site's `language`, else Vietnamese.
    pub fn choose(flag: Option<&str>, env: Option<&str>, site: Option<&str>) -> Lang {
        [flag, env, site].into_iter().flatten().find_map(Lang::parse).unwrap_or_default()
    }

    /// [`Lang::choose`] with `LOA_LANG` and the `language:` of `<root>/site.yaml`.
    pub fn for_site(flag: Option<&str>, root: &Path) -> Lang {
        let env = std::env::var("LOA_LANG").ok();
        let site = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).ok().and_then(|t| site_language(&t));
        Lang::choose(flag, env.as_deref(), site.as_deref())
    }
}

/// The top-level `language:` value of a `site.yaml` text, read before the
/// configuration is parsed so that even its errors are printed in that language.
pub fn site_language(yaml: &str) -> Option<String> {
    yaml.lines().find_map(|line| {
        let value = line.strip_prefix("language:")?;
        let value = value.split('#').next().unwrap_or("").trim().trim_matches(['"', '\'']);
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// A value of a message argument.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// Another message, rendered in the same language (a nested reason or hint).
    Message(Box<Message>),
}

/// What a message argument can be made from.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl IntoArg for String {
    fn into_arg(self) -> Arg {
        Arg::Text(self)
    }
}
impl IntoArg for &String {
    fn into_arg(self) -> Arg {
        Arg::Text(self.clone())
    }
}
impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}
impl IntoArg for &&str {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}
impl IntoArg for Message {
    fn into_arg(self) -> Arg {
        Arg::Message(Box::new(self))
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                Arg::Number(i64::try_from(self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(usize, u64, u32, u16, i64, i32);

/// A message: an id of the catalogues and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Message { id, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl IntoArg) -> Self {
        self.args.push((name, value.into_arg()));
        self
    }

    /// The text of an argument as given (for tests and for code that inspects a reason).
    pub fn text_arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find_map(|(n, v)| match v {
            Arg::Text(t) if *n == name => Some(t.as_str()),
            _ => None,
        })
    }

    /// The message in `lang`; an id missing there falls back to English, then to the id.
    pub fn render(&self, lang: Lang) -> String {
        let bundles = bundles();
        let order = match lang {
            Lang::Vi => [&bundles.vi, &bundles.en],
            Lang::En => [&bundles.en, &bundles.vi],
        };
        for bundle in order {
            let Some(pattern) = bundle.get_message(self.id).and_then(|m| m.value()) else {
                continue;
            };
            let mut args = FluentArgs::new();
            for (name, value) in &self.args {
                let value: FluentValue = match value {
                    Arg::Text(t) => FluentValue::from(t.clone()),
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Message(m) => FluentValue::from(m.render(lang)),
                };
                args.set(*name, value);
            }
            let mut errors = Vec::new();
            return bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
        }
        self.id.to_string()
    }
}

impl std::fmt::Display for Message {
    /// English, for logs and tests; what users read goes through [`Message::render`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A message from an id and `name = value` arguments:
/// `msg!("unknown-area", key = area)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(,)?) => { $crate::i18n::Message::new($id) };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Message::new($id)$(.arg(stringify!($name), $value))+
    };
}

struct Bundles {
    vi: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundles() -> &'static Bundles {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    BUNDLES.get_or_init(|| Bundles { vi: bundle(VI_FTL, "vi"), en: bundle(EN_FTL, "en") })
}

fn bundle(source: &str, lang: &str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_string()).expect("the compiled-in catalogue parses (tested)");
    let mut bundle = FluentBundle::new_concurrent(vec![lang.parse().expect("a valid language tag")]);
    // Terminal output: no Unicode isolation marks around arguments.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).expect("no duplicate ids in a catalogue (tested)");
    bundle
}

/// The message ids of a catalogue text, in file order.
pub fn catalogue_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let first = id.chars().next()?;
            (first.is_ascii_alphabetic() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')).then(|| id.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_parse_without_errors() {
        for (name, source) in [("vi", VI_FTL), ("en", EN_FTL)] {
            if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
                panic!("locales/{name}.ftl: {errors:?}");
            }
        }
    }

    #[test]
    fn chooses_flag_then_env_then_site() {
        assert_eq!(Lang::choose(None, None, None), Lang::Vi);
        assert_eq!(Lang::choose(None, None, Some("en")), Lang::En);
        assert_eq!(Lang::choose(None, Some("en_US.UTF-8"), Some("vi")), Lang::En);
        assert_eq!(Lang::choose(Some("vi"), Some("en"), None), Lang::Vi);
        assert_eq!(Lang::choose(Some("fr"), None, None), Lang::Vi);
    }

    #[test]
    fn reads_the_site_language_line() {
        assert_eq!(site_language("title: x\nlanguage: \"en\" # English\n").as_deref(), Some("en"));
        assert_eq!(site_language("areas:\n  language: en\n"), None);
    }

    #[test]
    fn renders_arguments_and_numbers_in_both_languages() {
        let m = msg!("summary-errors", errors = 2usize);
        assert_eq!(m.render(Lang::En), "2 errors");
        assert_eq!(m.render(Lang::Vi), "2 lỗi");
        assert_eq!(msg!("summary-errors", errors = 1usize).render(Lang::En), "1 error");
    }
}
