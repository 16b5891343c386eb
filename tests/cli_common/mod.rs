//! Runs `ssocheck` in-process, as the tests of every command line do: exit code, stdout, stderr.

pub fn cli(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut input = stdin;
    let code = ssocheck::cli::run(&args, &mut input, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into(),
        String::from_utf8_lossy(&err).into(),
    )
}
