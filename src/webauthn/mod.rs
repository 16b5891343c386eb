//! The webauthn domain. Pure logic lives here and compiles natively; browser probes live in
//! `probe.rs` and the test ceremony in `ceremony.rs`, both behind `cfg(target_arch = "wasm32")`.

pub mod aaguid;
pub mod attestation;
pub mod authdata;
mod bounded;
pub mod checks;
pub mod cose;
pub mod errors;
pub mod results;
mod section;
pub mod useragent;
pub mod verdict;

#[cfg(target_arch = "wasm32")]
pub mod ceremony;
#[cfg(target_arch = "wasm32")]
pub mod probe;

pub use results::{CeremonyOutcome, Probe, ProbeResults};
pub use section::report_section;
pub use verdict::{evaluate, Verdict};
