//! ssocheck: diagnose AWS IAM Identity Center sign-in problems locally.
//!
//! The crate is a functional core (every module except `browser`, `ui` and the `probe` modules) with
//! two thin shells over it: the Yew page (`ui`, wasm32 only) and the native command-line tool (`cli`).
//! `browser` (wasm32 only) is the one layer below the page and the probes that touches JS and web-sys.
//! The core never touches web-sys and never reads the clock: callers pass the time in.

pub mod assignments;
#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod clock;
pub mod cloudtrail;
pub mod directory;
pub mod doc;
pub mod email;
pub mod engine;
pub mod finding;
pub mod iam;
pub mod links;
pub mod registry;
pub mod report;
pub mod role;
pub mod saml;
pub mod scim;
pub mod selfcheck;
pub mod text_input;
pub mod time;
pub mod tools;
pub mod topics;
pub mod useragent;
pub mod webauthn;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;

pub use finding::{Evidence, Finding, Severity};
pub use registry::CheckInfo;
pub use report::{Report, Section};
