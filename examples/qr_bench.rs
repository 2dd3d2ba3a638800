//! The leaflets' QR codes alone: `qr_svg` for every address of a file (one a
//! line), `ROUNDS` times (default 3), on one thread. For `perf stat` and
//! `perf record` of this stage apart from the rest of a build:
//!
//!     cargo build --profile profiling --example qr_bench
//!     perf stat -e instructions:u target/profiling/examples/qr_bench urls.txt

fn main() {
    let path = std::env::args().nth(1).expect("usage: qr_bench FILE [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).map_or(3, |r| r.parse().expect("ROUNDS is a number"));
    let text = std::fs::read_to_string(&path).expect("readable file of addresses");
    let urls: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let mut bytes = 0;
    for _ in 0..rounds {
        for url in &urls {
            bytes += loa::output::leaflet::qr_svg(url, "QR").len();
        }
    }
    println!("{} codes, {bytes} bytes of SVG", urls.len() * rounds);
}
