//! Integration tests: fixture sites built into temporary folders, checked page
//! by page. One test binary, one module per feature.

mod common;
mod cli;
mod determinism;
mod errors;
mod site;
mod leaflet;
mod calendar;
mod serve;
mod session;
