//! The selfcheck domain. Pure logic lives here and compiles natively; browser probes live in `probe.rs`
//! and the calls into the other tools in `areas.rs`, both behind `cfg(target_arch = "wasm32")`.

pub mod checks;
pub mod env;
pub mod fallback;
pub mod summary;

#[cfg(target_arch = "wasm32")]
pub mod areas;
#[cfg(target_arch = "wasm32")]
pub mod probe;

/// Progress labels of the areas, shown while each runs.
pub fn progress_label(area: &str) -> &'static str {
    match area {
        "environment" => "Checking the browser and system",
        "storage" => "Checking cookies and storage",
        "webauthn" => "Checking security keys and passkeys",
        "clock" => "Measuring the device clock against this site",
        "locale" => "Reading the time zone and language",
        _ => "Checking",
    }
}
