//! The administrator app: the pages of `#/saml` and every administrator tool (`ui::Admin`), a wasm
//! module of its own that `static/boot.js` loads only for those routes. Natively it only points at
//! the CLI.

#[cfg(target_arch = "wasm32")]
fn main() {
    ssocheck::ui::start_admin();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the page's administrator module. On the command line, use `ssocheck`.");
    std::process::exit(2);
}
