//! The one browser layer (wasm32 only): every probe (`webauthn::probe`, `selfcheck::probe`,
//! `clock::probe`) and the Yew shell (`ui`) reach the browser through here, so reading a property,
//! describing a thrown value, waiting and racing a promise against a timeout are written once.
//!
//! Every call is total: a missing API, a getter that throws or a promise that never settles becomes
//! a value, never a panic. Nothing here imports from `ui`; the probes must not depend on the page.
//!
//! - `js`: `Reflect` reads and writes, method calls, plain objects, the text of a thrown value.
//! - `time`: the device clock (`Date.now()`), `performance.now()`, waiting on the page's timer.
//! - `race`: a promise against a timeout, and the probe helpers built on it.
//! - `dom`: window, document, the location hash and focus.

pub mod dom;
pub mod js;
pub mod race;
pub mod time;

pub use dom::{current_hash, document, focus_id, on_hashchange, set_hash, window};
pub use js::{call, get, get_bool, get_str, global, js_error_text, object, set};
pub use race::{race, Raced};
pub use time::{now_ms, perf_now, sleep};
