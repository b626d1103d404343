//! What the `csrkit` command renders that other front ends (the Python bindings) call
//! too: the HTML report of a fleet of certificates ([`report::render_report`]).
//!
//! The facts come from the `csrkit` library (its inventory); this crate only lays them
//! out. The library itself holds no HTML.
#![forbid(unsafe_code)]

pub mod escape;
pub mod report;
