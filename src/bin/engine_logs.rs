//! An analysis engine module: the CloudTrail and assignment readers (`tools::run_logs`). Only administrator
//! routes load it (see `src/ui/engine.rs`); natively it only points at the CLI.

#[cfg(target_arch = "wasm32")]
const RUN: fn(&ssocheck::tools::ToolRequest) -> Vec<ssocheck::doc::Document> =
    ssocheck::tools::run_logs;

#[cfg(target_arch = "wasm32")]
/// No warm-up: these tools' first analyses are fast enough cold (README, "CloudTrail in Chromium").
const WARM: Option<fn() -> ssocheck::tools::ToolRequest> = None;

#[cfg(target_arch = "wasm32")]
#[path = "../engine/wasm_entry.rs"]
mod entry;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is one of the page's analysis modules (a Web Worker). On the command line, use `ssocheck`.");
    std::process::exit(2);
}
