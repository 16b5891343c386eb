//! One binary, two shells: in the browser it starts the Yew page, natively it is the CLI.

#[cfg(target_arch = "wasm32")]
fn main() {
    ssocheck::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let code = ssocheck::cli::run(
        &args,
        &mut std::io::stdin().lock(),
        &mut stdout,
        &mut stderr,
    );
    std::process::exit(code);
}
