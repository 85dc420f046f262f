use std::process::ExitCode;

fn main() -> ExitCode {
    portevoix::cli::main()
}
