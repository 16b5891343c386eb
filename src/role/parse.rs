//! Recognising Identity Center's names in free text (aws-rules.md §3; admin-tools.md §6):
//! `AWSReservedSSO_<permission set>_<16 lowercase hex>` on `/aws-reserved/sso.amazonaws.com/[region/]`
//! and the SAML provider `AWSSSO_<16 hex>_DO_NOT_DELETE`. No regex engine: small byte-level checks,
//! linear in the input.

/// Most candidate tokens examined; more are ignored (named in the document).
pub const MAX_TOKENS: usize = 200;
/// Longest text read.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

const ROLE_PREFIX: &str = "AWSReservedSSO_";
const PROVIDER_PREFIX: &str = "AWSSSO_";
const PROVIDER_SUFFIX: &str = "_DO_NOT_DELETE";
const SSO_PATH: &str = "/aws-reserved/sso.amazonaws.com/";

/// One role or provider named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Reserved(RoleName),
    Provider {
        name: String,
        account: Option<String>,
        arn: Option<String>,
    },
    /// A role name or ARN that is not an Identity Center role; `why` says what differs.
    Other {
        token: String,
        why: String,
        look_alike: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleName {
    pub name: String,
    pub permission_set: String,
    pub suffix: String,
    pub arn: Option<String>,
    pub account: Option<String>,
    pub partition: Option<String>,
    /// The Region in the path, when the path has one.
    pub region: Option<String>,
    pub path: Option<String>,
}

/// Splits the text into candidate tokens: runs without whitespace, quotes, brackets or commas.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || "'\"`,;()[]{}<>".contains(c))
        .map(|t| t.trim_end_matches(['.', ':']))
        .filter(|t| !t.is_empty())
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_hex16(s: &str) -> bool {
    s.len() == 16
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Permission-set name: 1–32 characters of `[\w+=,.@-]` (API_CreatePermissionSet).
fn valid_permission_set(s: &str) -> bool {
    (1..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
}

/// Checks a bare role name; `Err(why)` for a look-alike.
fn role_name(name: &str) -> Result<(String, String), String> {
    let Some(rest) = name.strip_prefix(ROLE_PREFIX) else {
        return Err(format!(
            "the name does not start with {ROLE_PREFIX} (case-sensitive)"
        ));
    };
    let Some((ps, suffix)) = rest.rsplit_once('_') else {
        return Err("there is no _<16 hex> suffix after the permission-set name".into());
    };
    if !is_hex16(suffix) {
        return Err(format!(
            "the suffix \"{suffix}\" is not 16 lowercase hexadecimal characters"
        ));
    }
    if !valid_permission_set(ps) {
        return Err(format!(
            "\"{ps}\" is not a permission-set name (1–32 characters of letters, digits and _+=,.@-)"
        ));
    }
    Ok((ps.to_string(), suffix.to_string()))
}

/// Checks an IAM path: `/aws-reserved/sso.amazonaws.com/` optionally followed by `<region>/`.
fn sso_path(path: &str) -> Result<Option<String>, String> {
    let Some(rest) = path.strip_prefix(SSO_PATH) else {
        return Err(format!("the path is {path}, not {SSO_PATH}[region/]"));
    };
    if rest.is_empty() {
        return Ok(None);
    }
    let region = rest.strip_suffix('/').unwrap_or("");
    if !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Ok(Some(region.to_string()))
    } else {
        Err(format!("the path is {path}, not {SSO_PATH}[region/]"))
    }
}

/// Finds every role and provider name in `text`.
pub fn find(text: &str) -> (Vec<Found>, bool) {
    let mut out: Vec<Found> = Vec::new();
    let mut capped = false;
    for (i, t) in tokens(text).enumerate() {
        if i >= MAX_TOKENS * 50 {
            capped = true;
            break;
        }
        let found = if t.starts_with("arn:") {
            arn(t)
        } else if t.contains(PROVIDER_SUFFIX) || t.starts_with(PROVIDER_PREFIX) {
            Some(provider(t, None, None))
        } else if t.to_ascii_lowercase().starts_with("awsreservedsso") {
            Some(match role_name(t) {
                Ok((ps, suffix)) => Found::Reserved(RoleName {
                    name: t.to_string(),
                    permission_set: ps,
                    suffix,
                    arn: None,
                    account: None,
                    partition: None,
                    region: None,
                    path: None,
                }),
                Err(why) => Found::Other {
                    token: t.to_string(),
                    why,
                    look_alike: true,
                },
            })
        } else {
            None
        };
        if let Some(f) = found {
            if !out.contains(&f) {
                out.push(f);
            }
            if out.len() >= MAX_TOKENS {
                capped = true;
                break;
            }
        }
    }
    // A bare name that is also part of an ARN found in the same text says nothing new.
    let arn_names: Vec<String> = out
        .iter()
        .filter_map(|f| match f {
            Found::Reserved(r) if r.arn.is_some() => Some(r.name.clone()),
            _ => None,
        })
        .collect();
    out.retain(
        |f| !matches!(f, Found::Reserved(r) if r.arn.is_none() && arn_names.contains(&r.name)),
    );
    (out, capped)
}

fn provider(name: &str, account: Option<String>, arn: Option<String>) -> Found {
    let ok = name
        .strip_prefix(PROVIDER_PREFIX)
        .and_then(|r| r.strip_suffix(PROVIDER_SUFFIX))
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
    if ok {
        Found::Provider {
            name: name.to_string(),
            account,
            arn,
        }
    } else {
        Found::Other {
            token: arn.unwrap_or_else(|| name.to_string()),
            why: format!("\"{name}\" is not AWSSSO_<16 hex>_DO_NOT_DELETE, the SAML provider Identity Center creates"),
            look_alike: true,
        }
    }
}

/// `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` or `...:saml-provider/NAME`; other ARNs are ignored.
fn arn(t: &str) -> Option<Found> {
    let parts: Vec<&str> = t.splitn(6, ':').collect();
    let [_, partition, service, _, account, res] = parts.as_slice() else {
        return None;
    };
    if *service != "iam" {
        // An STS assumed-role ARN names the role too: arn:aws:sts::ACCT:assumed-role/NAME/SESSION.
        if *service == "sts" {
            let name = res.strip_prefix("assumed-role/")?.split('/').next()?;
            return Some(named_role(t, partition, account, None, name));
        }
        return None;
    }
    // Only a 12-digit account id is kept: it goes into copyable commands.
    let account = Some(account.to_string()).filter(|a| is_account(a));
    if let Some(name) = res.strip_prefix("saml-provider/") {
        return Some(provider(name, account, Some(t.to_string())));
    }
    let path_and_name = res.strip_prefix("role")?;
    let (path, name) = match path_and_name.rfind('/') {
        Some(i) => (&path_and_name[..=i], &path_and_name[i + 1..]),
        None => return None,
    };
    Some(named_role(
        t,
        partition,
        account.as_deref().unwrap_or(""),
        Some(path),
        name,
    ))
}

fn named_role(t: &str, partition: &str, account: &str, path: Option<&str>, name: &str) -> Found {
    let looks = name.to_ascii_lowercase().starts_with("awsreservedsso");
    let region = match path.map(sso_path) {
        Some(Err(why)) => {
            return Found::Other {
                token: t.to_string(),
                why: if looks {
                    format!("{why}, so Identity Center did not create it")
                } else {
                    format!("the role name {name} does not start with {ROLE_PREFIX}")
                },
                look_alike: looks,
            }
        }
        Some(Ok(r)) => r,
        None => None,
    };
    match role_name(name) {
        Ok((ps, suffix)) => Found::Reserved(RoleName {
            name: name.to_string(),
            permission_set: ps,
            suffix,
            arn: Some(t.to_string()),
            account: Some(account.to_string()).filter(|a| is_account(a)),
            partition: Some(partition.to_string()),
            region,
            path: path.map(str::to_string),
        }),
        Err(why) => Found::Other {
            token: t.to_string(),
            why,
            look_alike: looks,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_paths_and_look_alikes() {
        let (f, _) = find("arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_Access_0123456789abcdef");
        match &f[..] {
            [Found::Reserved(r)] => {
                assert_eq!(r.permission_set, "Admin_Access");
                assert_eq!(r.region.as_deref(), Some("eu-west-1"));
            }
            other => panic!("{other:?}"),
        }
        let (f, _) = find("AWSReservedSSO_Admin_0123456789ABCDEF");
        assert!(matches!(
            &f[..],
            [Found::Other {
                look_alike: true,
                ..
            }]
        ));
        let (f, _) =
            find("arn:aws:iam::123456789012:role/custom/AWSReservedSSO_Admin_0123456789abcdef");
        assert!(matches!(
            &f[..],
            [Found::Other {
                look_alike: true,
                ..
            }]
        ));
        let (f, _) =
            find("arn:aws:iam::123456789012:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE");
        assert!(matches!(&f[..], [Found::Provider { .. }]));
    }
}
