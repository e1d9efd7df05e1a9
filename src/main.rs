//! The `redliner` command: parses arguments, calls the library, maps results to exit codes.

mod cli;

use std::process::ExitCode;

/// Exit codes follow diff(1).
mod exit {
    /// Nothing substantive changed.
    pub const SAME: u8 = 0;
    /// Something changed.
    pub const CHANGED: u8 = 1;
    /// Any error.
    pub const ERROR: u8 = 2;
}

fn main() -> ExitCode {
    #[cfg(feature = "pdf")]
    {
        use redliner::input::pdf::child;
        // The hidden subcommand under which this binary reads a PDF for itself, bounded.
        if std::env::args_os()
            .nth(1)
            .is_some_and(|a| a == child::CHILD_COMMAND)
        {
            return ExitCode::from(child::main());
        }
        if let Ok(exe) = std::env::current_exe() {
            child::isolate_with(exe);
        }
    }
    match cli::run() {
        Ok(true) => ExitCode::from(exit::CHANGED),
        Ok(false) => ExitCode::from(exit::SAME),
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::from(exit::SAME),
        Err(e) => {
            eprintln!("redliner: error: {e:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}
