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
            eprintln!("redliner: error: {}", cli::visible_line(&message(&e)));
            ExitCode::from(exit::ERROR)
        }
    }
}

/// The error and its causes joined with `: `, each said once: a cause whose text the
/// message already ends with (`cannot read: No such file or directory`) is not repeated,
/// and the `(os error 2)` suffix is dropped.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        let text = match text.find(" (os error ") {
            Some(i) if text.ends_with(')') => text[..i].to_owned(),
            _ => text,
        };
        if out.ends_with(&text) || out.contains(&format!("{text}: ")) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}
