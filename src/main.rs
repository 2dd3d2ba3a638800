//! The `loa` command: parses arguments, calls one library function per
//! command, prints diagnostics and sets the exit status (0 ok, 1 content
//! errors, 2 usage or output failure).

use clap::{Args, Parser, Subcommand};
use loa::error::Diagnostics;
use loa::{BuildOptions, Failure};
use std::path::PathBuf;
use std::process::ExitCode;

/// Loa: the static portal for administrative-reform communications.
#[derive(Parser)]
#[command(name = "loa", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Date to write, YYYY-MM-DD[THH:MM] (default: now).
    #[arg(long)]
    now: Option<String>,
}

fn options(site: SiteArgs, out: Option<PathBuf>) -> Result<BuildOptions, String> {
    let now = loa::build_time(site.now.as_deref())?;
    Ok(BuildOptions { root: site.root, out, base_url: site.base_url, drafts: site.drafts, future: site.future, compress: false, now })
}

fn print(diags: &Diagnostics) {
    let report = diags.report();
    if !report.is_empty() {
        eprint!("{report}");
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build(args) => {
            let opts = match options(args.site, args.out) {
                Ok(opts) => BuildOptions { compress: args.compress, ..opts },
                Err(message) => return usage_error(&message),
            };
            let start = std::time::Instant::now();
            match loa::build(&opts) {
                Ok(generated) => {
                    print(&generated.diagnostics);
                    println!(
                        "Built {} articles, {} pages and {} files into {} in {} ms",
                        generated.articles,
                        generated.pages,
                        generated.files,
                        opts.out_dir().display(),
                        start.elapsed().as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(Failure::Content(diags)) => {
                    print(&diags);
                    eprintln!("nothing written: {} is unchanged", opts.out_dir().display());
                    ExitCode::from(1)
                }
                Err(Failure::Output(message, diags)) => {
                    print(&diags);
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check(args) => {
            let opts = match options(args, None) {
                Ok(opts) => opts,
                Err(message) => return usage_error(&message),
            };
            let diags = loa::check(&opts);
            print(&diags);
            if diags.has_errors() {
                ExitCode::from(1)
            } else {
                println!("ok: no errors");
                ExitCode::SUCCESS
            }
        }
        Command::Serve(args) => {
            let build = match options(args.site, args.out) {
                Ok(opts) => opts,
                Err(message) => return usage_error(&message),
            };
            match loa::serve::serve(loa::serve::ServeOptions { build, bind: args.bind, port: args.port }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => usage_error(&message),
            }
        }
        Command::New(args) => {
            let now = match loa::build_time(args.now.as_deref()) {
                Ok(now) => now,
                Err(message) => return usage_error(&message),
            };
            let new = loa::new::NewArticle { spec: &args.path, title: &args.title, areas: &args.areas, now };
            match loa::new::new_article(&args.root, &new) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print(&diags);
                    ExitCode::from(1)
                }
            }
        }
    }
}
