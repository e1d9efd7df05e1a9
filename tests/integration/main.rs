//! Integration tests, built as one binary: answer keys, the JSON contract, the CLI,
//! accounting for every word, and property tests.

mod accounting;
mod calibration;
mod cli;
mod commitments;
mod contract;
mod formats;
mod keys;
mod props;
mod snapshots;
mod util;
