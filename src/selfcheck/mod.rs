//! The selfcheck domain. Pure logic lives here and compiles natively; browser probes live in `probe.rs`
//! behind `cfg(target_arch = "wasm32")`.

pub mod checks;
