//! The `aws sso-admin` commands that move a stale assignment to the current principal. The instance
//! ARN is read from the permission set ARN (`arn:aws:sso:::permissionSet/ssoins-…/ps-…`); values are
//! shell-quoted unless they are plain ids.

use super::listing::Assignment;

/// Single-quotes `v` for a POSIX shell unless it holds only characters that need no quoting.
pub fn quote(v: &str) -> String {
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/=@+,".contains(c))
    {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', "'\\''"))
    }
}

/// `arn:aws:sso:::permissionSet/ssoins-1234/ps-5678` → `arn:aws:sso:::instance/ssoins-1234`.
pub fn instance_arn(permission_set_arn: &str) -> Option<String> {
    let (prefix, rest) = permission_set_arn.split_once(":permissionSet/")?;
    let ins = rest
        .split('/')
        .next()
        .filter(|s| s.starts_with("ssoins-"))?;
    Some(format!("{prefix}:instance/{ins}"))
}

/// The delete command for the old principal and the create command for the new one (or the
/// `NEW_PRINCIPAL_ID` placeholder).
pub fn pair(a: &Assignment, application: bool, new_id: Option<&str>) -> (String, String) {
    let old = a.principal_id.as_deref().unwrap_or("");
    let ptype = a.principal_type.as_deref().unwrap_or("USER");
    let new = new_id
        .map(quote)
        .unwrap_or_else(|| "NEW_PRINCIPAL_ID".into());
    if application {
        let app = quote(a.application_arn.as_deref().unwrap_or("APPLICATION_ARN"));
        (
            format!(
                "aws sso-admin delete-application-assignment --application-arn {app} --principal-type {} --principal-id {}",
                quote(ptype),
                quote(old)
            ),
            format!(
                "aws sso-admin create-application-assignment --application-arn {app} --principal-type {} --principal-id {new}",
                quote(ptype)
            ),
        )
    } else {
        let ps = a
            .permission_set_arn
            .as_deref()
            .unwrap_or("PERMISSION_SET_ARN");
        let instance = instance_arn(ps).unwrap_or_else(|| "INSTANCE_ARN".into());
        let common = format!(
            "--instance-arn {} --target-id {} --target-type AWS_ACCOUNT --permission-set-arn {} --principal-type {}",
            quote(&instance),
            quote(a.account_id.as_deref().unwrap_or("ACCOUNT_ID")),
            quote(ps),
            quote(ptype)
        );
        (
            format!(
                "aws sso-admin delete-account-assignment {common} --principal-id {}",
                quote(old)
            ),
            format!("aws sso-admin create-account-assignment {common} --principal-id {new}"),
        )
    }
}
