//! The same input and build time give byte-identical output: across runs,
//! folders and thread counts; `SOURCE_DATE_EPOCH` fixes the time when `--now`
//! is not given.

use crate::common::{Output, Site, snapshot};
use std::path::Path;
use std::process::Command;

const NOW: &str = "2022-07-01";

/// Runs `loa` in `dir` with the given environment (and no inherited
/// `SOURCE_DATE_EPOCH` or `RAYON_NUM_THREADS`).
fn loa_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_loa"));
    command.args(args).current_dir(dir).env_remove("SOURCE_DATE_EPOCH").env_remove("RAYON_NUM_THREADS");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run loa");
    Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Seconds since the Unix epoch of a time written as `--now` would be.
fn epoch(now: &str) -> String {
    loa::dates::parse_time(now).unwrap().timestamp().to_string()
}

/// Asserts two snapshots are equal, naming the first file that differs.
fn assert_same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)], what: &str) {
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "{what}: different files");
    for ((path, x), (_, y)) in a.iter().zip(b) {
        assert!(x == y, "{what}: {path} differs");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    for fixture in ["basic", "vietnamese-slugs", "drafts-future", "search"] {
        let site = Site::new(fixture);
        site.build(NOW);
        let first = snapshot(&site.out());
        site.build(NOW);
        assert_same(&first, &snapshot(&site.out()), &format!("{fixture}, built twice"));

        // Another folder: nothing of the site's location leaks into the output.
        let other = Site::new(fixture);
        other.build(NOW);
        assert_same(&first, &snapshot(&other.out()), &format!("{fixture}, in two folders"));
    }
}

#[test]
fn thread_count_does_not_change_the_output() {
    let one = Site::new("basic");
    let two = Site::new("basic");
    let many = Site::new("basic");
    for (site, threads) in [(&one, "1"), (&two, "2"), (&many, "8")] {
        let out = loa_env(site.root(), &["build", "--now", NOW], &[("RAYON_NUM_THREADS", threads)]);
        assert_eq!(out.status, 0, "RAYON_NUM_THREADS={threads}: {}", out.stderr);
    }
    let reference = snapshot(&one.out());
    assert!(reference.len() > 30);
    assert_same(&reference, &snapshot(&two.out()), "RAYON_NUM_THREADS=1 vs 2");
    assert_same(&reference, &snapshot(&many.out()), "RAYON_NUM_THREADS=1 vs 8");

    // The library with the same time writes the same bytes as the binary.
    let library = Site::new("basic");
    library.build(NOW);
    assert_same(&reference, &snapshot(&library.out()), "binary vs library");
}

#[test]
fn source_date_epoch_is_the_build_time_without_now() {
    // drafts-future has an article dated 2022-09-01 08:00.
    let summer = Site::new("drafts-future");
    let out = loa_env(summer.root(), &["build"], &[("SOURCE_DATE_EPOCH", &epoch(NOW))]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!summer.exists("tin-tuc/sap-dang/index.html"), "SOURCE_DATE_EPOCH was ignored (the clock is later than 2022-09-01)");
    assert!(summer.exists("tin-tuc/da-dang/index.html"));

    // The same bytes as --now with that time.
    let with_now = Site::new("drafts-future");
    let out = loa_env(with_now.root(), &["build", "--now", NOW], &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_same(&snapshot(&with_now.out()), &snapshot(&summer.out()), "SOURCE_DATE_EPOCH vs --now");

    let autumn = Site::new("drafts-future");
    let out = loa_env(autumn.root(), &["build"], &[("SOURCE_DATE_EPOCH", &epoch("2022-10-01"))]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(autumn.exists("tin-tuc/sap-dang/index.html"), "published once SOURCE_DATE_EPOCH is past its date");
}

#[test]
fn now_wins_over_source_date_epoch() {
    let site = Site::new("drafts-future");
    let out = loa_env(site.root(), &["build", "--now", NOW], &[("SOURCE_DATE_EPOCH", &epoch("2022-10-01"))]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!site.exists("tin-tuc/sap-dang/index.html"));
}

#[test]
fn unreadable_source_date_epoch_is_a_usage_error() {
    let site = Site::new("drafts-future");
    let out = loa_env(site.root(), &["build"], &[("SOURCE_DATE_EPOCH", "hôm nay")]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("SOURCE_DATE_EPOCH"), "{}", out.stderr);
    assert!(!site.out().exists());
}
