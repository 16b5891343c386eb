//! `ssocheck saml FILE|- [--flow F] [--username U] [--acs URL] [--audience URL] [--now RFC3339] [--json]`

use std::io::{Read, Write};

pub fn run(
    _args: &[String],
    _stdin: &mut dyn Read,
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    writeln!(err, "ssocheck saml: the SAML analyzer is not built yet")?;
    Ok(2)
}
