//! An analysis engine module: the SAML analyzer and XML signatures (`tools::run_saml`). Only administrator
//! routes load it (see `src/ui/engine.rs`); natively it only points at the CLI.

#[cfg(target_arch = "wasm32")]
const RUN: fn(&ssocheck::tools::ToolRequest) -> Vec<ssocheck::doc::Document> =
    ssocheck::tools::run_saml;

#[cfg(target_arch = "wasm32")]
/// The warm-up input the worker analyzes once when it starts (`saml::warm`), so that a user's
/// first analysis runs in optimized code.
const WARM: Option<fn() -> ssocheck::tools::ToolRequest> = Some(ssocheck::saml::warm::sample);

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
