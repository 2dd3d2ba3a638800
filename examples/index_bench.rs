//! The search index stage alone: loads a site, then builds its index model
//! and encodes its files `ROUNDS` times (default 3), the way `loa build`
//! does, and prints the number of files and a hash of their bytes. For
//! `perf stat` and `perf record` of this stage apart from the rest of a
//! build, and to compare two versions' index bytes quickly:
//!
//!     cargo build --profile profiling --example index_bench
//!     perf record -g target/profiling/examples/index_bench ROOT [ROUNDS]

use loa::plan::Body;

// As in `loa` itself.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::env::args().nth(1).expect("usage: index_bench ROOT [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).map_or(3, |r| r.parse().expect("ROUNDS is a number"));
    let now = loa::build_time(Some("2023-01-01")).expect("a valid date");
    let opts = loa::BuildOptions::new(root, now);
    let mut diags = loa::error::Diagnostics::new();
    let (config, _) = loa::load_config(&opts, &mut diags).expect("a readable site.yaml");
    let content = loa::content::load_content(&opts.root, &config, &mut diags);
    let site = loa::model(&opts, config, content, &mut diags);
    for round in 0..rounds {
        let started = std::time::Instant::now();
        let files = loa::output::search::render_index(loa::search::Index::of_site(&site));
        let elapsed = started.elapsed();
        // FNV-1a over every path and body, in order.
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        let mut bytes = 0;
        for file in &files {
            let Body::Bytes(body) = &file.body else { panic!("index files are bytes") };
            bytes += body.len();
            for &b in file.path.as_bytes().iter().chain([0u8].iter()).chain(body) {
                hash = (hash ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        println!("round {round}: {} files, {bytes} bytes, hash {hash:016x}, {} ms", files.len(), elapsed.as_millis());
    }
}
