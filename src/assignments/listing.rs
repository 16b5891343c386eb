//! The AWS CLI listings of Identity Center (botocore models, admin-tools.md 2), detected by their
//! keys: `aws sso-admin list-account-assignments` and `list-account-assignments-for-principal`
//! (`AccountAssignments`), `list-application-assignments` (`ApplicationAssignments`),
//! `aws identitystore list-users` (`Users`), `list-groups` (`Groups`), `describe-user` and
//! `describe-group` (the fields at top level). Several documents may be pasted one after another
//! (one per account or permission set, or one page per NextToken).

use serde::Deserialize;

use crate::cloudtrail::lenient;

/// Bytes of listings read in total (an organization's listings are far smaller).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// Assignments, users and groups kept, each.
pub const MAX_ITEMS: usize = 200_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Assignment {
    #[serde(rename = "AccountId", deserialize_with = "lenient::string")]
    pub account_id: Option<String>,
    #[serde(rename = "PermissionSetArn", deserialize_with = "lenient::string")]
    pub permission_set_arn: Option<String>,
    #[serde(rename = "ApplicationArn", deserialize_with = "lenient::string")]
    pub application_arn: Option<String>,
    #[serde(rename = "PrincipalType", deserialize_with = "lenient::string")]
    pub principal_type: Option<String>,
    #[serde(rename = "PrincipalId", deserialize_with = "lenient::string")]
    pub principal_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Email {
    #[serde(rename = "Value", deserialize_with = "lenient::string")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct User {
    #[serde(rename = "UserId", deserialize_with = "lenient::string")]
    pub user_id: Option<String>,
    #[serde(rename = "UserName", deserialize_with = "lenient::string")]
    pub user_name: Option<String>,
    #[serde(rename = "DisplayName", deserialize_with = "lenient::string")]
    pub display_name: Option<String>,
    #[serde(rename = "IdentityStoreId", deserialize_with = "lenient::string")]
    pub identity_store_id: Option<String>,
    #[serde(rename = "Emails", deserialize_with = "lenient::list")]
    pub emails: Vec<Email>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Group {
    #[serde(rename = "GroupId", deserialize_with = "lenient::string")]
    pub group_id: Option<String>,
    #[serde(rename = "DisplayName", deserialize_with = "lenient::string")]
    pub display_name: Option<String>,
    #[serde(rename = "IdentityStoreId", deserialize_with = "lenient::string")]
    pub identity_store_id: Option<String>,
}

/// One pasted document, any of the listings (or a describe-user/describe-group at top level).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Doc {
    #[serde(rename = "AccountAssignments", deserialize_with = "opt_list")]
    account_assignments: Option<Vec<Assignment>>,
    #[serde(rename = "ApplicationAssignments", deserialize_with = "opt_list")]
    application_assignments: Option<Vec<Assignment>>,
    #[serde(rename = "Users", deserialize_with = "opt_list")]
    users: Option<Vec<User>>,
    #[serde(rename = "Groups", deserialize_with = "opt_list")]
    groups: Option<Vec<Group>>,
    #[serde(flatten)]
    single: SingleFields,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SingleFields {
    #[serde(rename = "UserId", deserialize_with = "lenient::string")]
    user_id: Option<String>,
    #[serde(rename = "UserName", deserialize_with = "lenient::string")]
    user_name: Option<String>,
    #[serde(rename = "GroupId", deserialize_with = "lenient::string")]
    group_id: Option<String>,
    #[serde(rename = "DisplayName", deserialize_with = "lenient::string")]
    display_name: Option<String>,
    #[serde(rename = "IdentityStoreId", deserialize_with = "lenient::string")]
    identity_store_id: Option<String>,
    #[serde(rename = "Emails", deserialize_with = "lenient::list")]
    emails: Vec<Email>,
}

fn opt_list<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    lenient::list(d).map(Some)
}

/// Everything read from the pasted listings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listings {
    pub account_assignments: Vec<Assignment>,
    pub application_assignments: Vec<Assignment>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    /// True once a users listing (even empty) was read: absence from it means something.
    pub has_users: bool,
    pub has_groups: bool,
    /// What each input held, for the "detected" line.
    pub kinds: Vec<String>,
}

impl Listings {
    pub fn has_assignments(&self) -> bool {
        !self.kinds.is_empty() && self.kinds.iter().any(|k| k.contains("assignments"))
    }

    pub fn user_by_id(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.user_id.as_deref() == Some(id))
    }

    pub fn group_by_id(&self, id: &str) -> Option<&Group> {
        self.groups
            .iter()
            .find(|g| g.group_id.as_deref() == Some(id))
    }

    /// A user whose user name, display name or e-mail is `name` (ignoring case).
    pub fn user_named(&self, name: &str) -> Option<&User> {
        let eq = |v: &Option<String>| v.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(name));
        self.users.iter().find(|u| {
            eq(&u.user_name) || eq(&u.display_name) || u.emails.iter().any(|e| eq(&e.value))
        })
    }

    pub fn group_named(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| {
            g.display_name
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case(name))
        })
    }
}

/// Lookups over a [`Listings`] in constant time (listings hold up to 200,000 items each).
#[derive(Debug, Clone, Default)]
pub struct Index {
    user_ids: std::collections::HashSet<String>,
    group_ids: std::collections::HashSet<String>,
    /// Lowercased user name, display name and e-mails → user id.
    user_names: std::collections::HashMap<String, String>,
    /// Lowercased group display name → group id.
    group_names: std::collections::HashMap<String, String>,
}

impl Index {
    pub fn new(l: &Listings) -> Index {
        let mut ix = Index::default();
        for u in &l.users {
            let id = u.user_id.clone().unwrap_or_default();
            if !id.is_empty() {
                ix.user_ids.insert(id.clone());
            }
            let names = [&u.user_name, &u.display_name]
                .into_iter()
                .flatten()
                .chain(u.emails.iter().filter_map(|e| e.value.as_ref()));
            for n in names {
                ix.user_names
                    .entry(n.to_lowercase())
                    .or_insert_with(|| id.clone());
            }
        }
        for g in &l.groups {
            let id = g.group_id.clone().unwrap_or_default();
            if !id.is_empty() {
                ix.group_ids.insert(id.clone());
            }
            if let Some(n) = &g.display_name {
                ix.group_names.entry(n.to_lowercase()).or_insert(id);
            }
        }
        ix
    }

    pub fn has_user(&self, id: &str) -> bool {
        self.user_ids.contains(id)
    }

    pub fn has_group(&self, id: &str) -> bool {
        self.group_ids.contains(id)
    }

    /// The id of the user whose user name, display name or e-mail is `name` (ignoring case).
    pub fn user_named(&self, name: &str) -> Option<&str> {
        self.user_names
            .get(&name.to_lowercase())
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    pub fn group_named(&self, name: &str) -> Option<&str> {
        self.group_names
            .get(&name.to_lowercase())
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// Why a pasted input could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingError {
    pub input: String,
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// Reads one pasted input (one or several JSON documents) into `into`.
pub fn read(input: &str, bytes: &[u8], into: &mut Listings) -> Result<(), ListingError> {
    let err = |message: String, line: Option<u32>, column: Option<u32>| ListingError {
        input: input.to_string(),
        message,
        line,
        column,
    };
    if bytes.len() > MAX_BYTES {
        return Err(err(
            format!(
                "the listing is larger than the {} MB cap",
                MAX_BYTES / (1024 * 1024)
            ),
            None,
            None,
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut found = false;
    for doc in serde_json::Deserializer::from_slice(bytes).into_iter::<Doc>() {
        let doc = doc.map_err(|e| {
            let msg = if e.is_eof() {
                "the JSON ends early: the listing is truncated".to_string()
            } else {
                format!("not a JSON listing: {e}")
            };
            err(
                msg,
                u32::try_from(e.line()).ok().filter(|l| *l > 0),
                u32::try_from(e.column()).ok().filter(|c| *c > 0),
            )
        })?;
        let mut add = |kind: &str| {
            found = true;
            if !into.kinds.iter().any(|k| k == kind) {
                into.kinds.push(kind.to_string());
            }
        };
        if let Some(a) = doc.account_assignments {
            add("account assignments");
            into.account_assignments.extend(a);
        }
        if let Some(a) = doc.application_assignments {
            add("application assignments");
            into.application_assignments.extend(a);
        }
        if let Some(u) = doc.users {
            add("users");
            into.has_users = true;
            into.users.extend(u);
        }
        if let Some(g) = doc.groups {
            add("groups");
            into.has_groups = true;
            into.groups.extend(g);
        }
        let s = doc.single;
        if s.user_id.is_some() && s.user_name.is_some() {
            add("describe-user");
            into.has_users = true;
            into.users.push(User {
                user_id: s.user_id,
                user_name: s.user_name,
                display_name: s.display_name,
                identity_store_id: s.identity_store_id,
                emails: s.emails,
            });
        } else if s.group_id.is_some() {
            add("describe-group");
            into.has_groups = true;
            into.groups.push(Group {
                group_id: s.group_id,
                display_name: s.display_name,
                identity_store_id: s.identity_store_id,
            });
        }
        let total = into.account_assignments.len()
            + into.application_assignments.len()
            + into.users.len()
            + into.groups.len();
        if total > MAX_ITEMS {
            return Err(err(
                format!("more than {MAX_ITEMS} items (the item cap)"),
                None,
                None,
            ));
        }
    }
    if !found {
        return Err(err(
            "not an Identity Center listing: no AccountAssignments, ApplicationAssignments, Users or Groups (nor a describe-user/describe-group)".into(),
            None,
            None,
        ));
    }
    Ok(())
}
