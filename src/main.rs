//! The `loa` command: parses arguments, calls one library function per
//! command, prints diagnostics and sets the exit status (0 ok, 1 content
//! errors, 2 usage or output failure).

use clap::{Args, Parser, Subcommand};
use loa::error::Diagnostics;
use loa::i18n::{Lang, Message};
use loa::{BuildOptions, Failure, msg};
use std::path::PathBuf;
use std::process::ExitCode;

/// A build allocates and frees millions of small strings (tokens, keys,
/// pages) from several threads; mimalloc does that faster than the system
/// allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc 3 (`mi_option_e` in `mimalloc.h`),
/// which the Rust bindings do not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory a stage of a build frees (the search index before the pages are
/// rendered, say) goes back to the system after 50 ms rather than
/// mimalloc's default second: the peak of a build is then about 5% lower
/// than at a second and 3–4% lower than at 100 ms, for no measurable time
/// (at 20 ms the build slows; at 0, by a quarter).
/// `serve` keeps mimalloc's default.
fn tune_allocator() {
    // SAFETY: sets a plain integer option; called before any other thread starts.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 50) };
}

/// Loa: the static portal for administrative-reform communications.
#[derive(Parser)]
#[command(name = "loa", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of the messages: vi or en (default: LOA_LANG, else the site's language, else vi).
    #[arg(long, global = true)]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Check the content, templates and links; write nothing.
    Check(SiteArgs),
    /// Write a new article skeleton: loa new tin-tuc/hop-bao --title "…" --area the-che
    New(NewArgs),
    /// Build, serve on http://127.0.0.1:1111/ and rebuild on every save.
    Serve(ServeArgs),
    /// Turn a Word document into an article: loa import du-thao.docx --section tin-tuc --area the-che
    Import(ImportArgs),
}

/// What every command that builds reads.
#[derive(Args)]
struct SiteArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Public address of the site, overriding base_url of site.yaml.
    #[arg(long)]
    base_url: Option<String>,
    /// Include articles marked draft: true.
    #[arg(long)]
    drafts: bool,
    /// Include articles dated after the build time.
    #[arg(long)]
    future: bool,
    /// Build time, YYYY-MM-DD[THH:MM] (default: SOURCE_DATE_EPOCH, else now).
    #[arg(long)]
    now: Option<String>,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The output folder [default: <root>/public].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write .gz and .br beside every html, css, js, xml, ics, json, csv
    /// and svg file over 1 KB, for the web server to send as they are.
    #[arg(long)]
    compress: bool,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The output folder [default: <root>/public].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Port to listen on.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; only loopback unless you name another.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
}

#[derive(Args)]
struct NewArgs {
    /// <section>/<slug>, e.g. tin-tuc/hop-bao-quy-1
    path: String,
    /// The headline.
    #[arg(long)]
    title: String,
    /// Reform area keys from site.yaml (repeat or separate with commas).
    #[arg(long = "area", value_delimiter = ',', required = true)]
    areas: Vec<String>,
    /// Unit keys from site.yaml (repeat or separate with commas).
    #[arg(long = "unit", value_delimiter = ',')]
    units: Vec<String>,
    /// Tags (repeat the flag for each).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Date to write, YYYY-MM-DD[THH:MM] (default: now).
    #[arg(long)]
    now: Option<String>,
}

#[derive(Args)]
struct ImportArgs {
    /// The Word document (.docx).
    file: PathBuf,
    /// The section folder under content/, e.g. tin-tuc.
    #[arg(long)]
    section: String,
    /// Reform area keys from site.yaml (repeat or separate with commas).
    #[arg(long = "area", value_delimiter = ',', required = true)]
    areas: Vec<String>,
    /// The last part of the URL (default: from the title).
    #[arg(long)]
    slug: Option<String>,
    /// Publication date, YYYY-MM-DD[ HH:MM] (default: now).
    #[arg(long)]
    date: Option<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

fn options(site: SiteArgs, out: Option<PathBuf>) -> Result<BuildOptions, Message> {
    let now = loa::build_time(site.now.as_deref())?;
    Ok(BuildOptions { root: site.root, out, base_url: site.base_url, drafts: site.drafts, future: site.future, compress: false, now })
}

fn print(diags: &Diagnostics, lang: Lang) {
    let report = diags.report_in(lang);
    if !report.is_empty() {
        eprint!("{report}");
    }
}

fn usage_error(message: &Message, lang: Lang) -> ExitCode {
    eprintln!("error: {}", message.render(lang));
    ExitCode::from(2)
}

fn root_of(command: &Command) -> &std::path::Path {
    match command {
        Command::Build(a) => &a.site.root,
        Command::Check(a) => &a.root,
        Command::Serve(a) => &a.site.root,
        Command::New(a) => &a.root,
        Command::Import(a) => &a.root,
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let lang = Lang::for_site(cli.lang.as_deref(), root_of(&cli.command));
    let say = |message: Message| println!("{}", message.render(lang));
    match cli.command {
        Command::Build(args) => {
            tune_allocator();
            let opts = match options(args.site, args.out) {
                Ok(opts) => BuildOptions { compress: args.compress, ..opts },
                Err(message) => return usage_error(&message, lang),
            };
            let start = std::time::Instant::now();
            match loa::build(&opts) {
                Ok(generated) => {
                    print(&generated.diagnostics, lang);
                    say(msg!(
                        "build-done",
                        articles = generated.articles,
                        pages = generated.pages,
                        files = generated.files,
                        out = opts.out_dir().display().to_string(),
                        ms = start.elapsed().as_millis() as u64
                    ));
                    ExitCode::SUCCESS
                }
                Err(Failure::Content(diags)) => {
                    print(&diags, lang);
                    eprintln!("{}", msg!("build-nothing-written", out = opts.out_dir().display().to_string()).render(lang));
                    ExitCode::from(1)
                }
                Err(Failure::Output(message, diags)) => {
                    print(&diags, lang);
                    usage_error(&message, lang)
                }
            }
        }
        Command::Check(args) => {
            let opts = match options(args, None) {
                Ok(opts) => opts,
                Err(message) => return usage_error(&message, lang),
            };
            let diags = loa::check(&opts);
            print(&diags, lang);
            if diags.has_errors() {
                ExitCode::from(1)
            } else {
                say(msg!("check-ok"));
                ExitCode::SUCCESS
            }
        }
        Command::Serve(args) => {
            let build = match options(args.site, args.out) {
                Ok(opts) => opts,
                Err(message) => return usage_error(&message, lang),
            };
            match loa::serve::serve(loa::serve::ServeOptions { build, bind: args.bind, port: args.port, lang }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => usage_error(&message, lang),
            }
        }
        Command::New(args) => {
            let now = match loa::build_time(args.now.as_deref()) {
                Ok(now) => now,
                Err(message) => return usage_error(&message, lang),
            };
            let new = loa::new::NewArticle {
                spec: &args.path,
                title: &args.title,
                areas: &args.areas,
                units: &args.units,
                tags: &args.tags,
                now,
            };
            match loa::new::new_article(&args.root, &new) {
                Ok(path) => {
                    say(msg!("new-created", path = loa::error::display_path(&path)));
                    say(msg!("new-next", root = args.root.display().to_string()));
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print(&diags, lang);
                    ExitCode::from(1)
                }
            }
        }
        Command::Import(args) => {
            let date = match args.date.as_deref() {
                Some(text) => loa::dates::parse_time(text).map_err(|m| msg!("import-bad-date", reason = m)),
                None => loa::build_time(None),
            };
            let date = match date {
                Ok(date) => date,
                Err(message) => return usage_error(&message, lang),
            };
            let job =
                loa::import::Import { file: &args.file, section: &args.section, areas: &args.areas, slug: args.slug.as_deref(), date };
            match loa::import::import(&args.root, &job) {
                Ok(imported) => {
                    print(&imported.diagnostics, lang);
                    say(msg!("import-done", path = loa::error::display_path(&imported.article), pictures = imported.pictures));
                    say(msg!("import-next", root = args.root.display().to_string()));
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print(&diags, lang);
                    ExitCode::from(1)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // mimalloc 3's default purge delay is a second: an index naming
        // another option would read its value instead.
        let get = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!(get(MI_OPTION_PURGE_DELAY), 1000);
        tune_allocator();
        assert_eq!(get(MI_OPTION_PURGE_DELAY), 50);
    }
}
