//! Integration tests: fixture sites built into temporary folders, checked page
//! by page. One test binary, one module per feature.

mod calendar;
mod cli;
mod collisions;
mod common;
mod config_errors;
mod determinism;
mod errors;
mod escapes;
mod hosting;
mod import;
mod indices;
mod input_safety;
mod leaflet;
mod messages;
mod out_dir;
mod portal;
mod search;
mod serve;
mod session;
mod site;
mod skipped_files;
mod theme;
