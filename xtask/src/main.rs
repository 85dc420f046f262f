//! `cargo xtask <task>`: the project's build, serve, test and bench entry point.

mod frontend;

use std::process::ExitCode;

fn usage() -> &'static str {
    "usage: cargo xtask <task>\n\n\
     tasks:\n  \
     frontend [--debug]   build the PWA into frontend/dist\n  \
     serve [ARGS…]        build the PWA, then run `portevoix serve ARGS…` (SQLite by default)\n  \
     test                 install what is missing, then run every test on SQLite and PostgreSQL\n"
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("frontend") => frontend::build(!args.iter().any(|a| a == "--debug")),
        Some("-h" | "--help" | "help") | None => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("unknown task: {other}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}
