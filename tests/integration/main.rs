//! Integration tests, built as one binary: answer keys, the JSON contract, the CLI,
//! accounting for every word, and property tests.

mod accounting;
mod alignment;
mod check;
mod cli;
mod commitments;
mod commitments_dump;
mod contract;
mod docx_out;
mod ecosystem;
mod fidelity;
mod formats;
mod history;
mod hostile;
mod html;
mod keys;
mod markdown;
mod presentation;
mod props;
mod real;
mod roundtrip;
mod safe_output;
mod snapshots;
mod tables;
mod util;
