//! Integration tests: fixture sites built into temporary folders, checked page
//! by page. One test binary, one module per feature.

mod calendar;
mod cli;
mod common;
mod determinism;
mod errors;
mod hosting;
mod leaflet;
mod serve;
mod session;
mod site;
