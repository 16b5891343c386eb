//! Registry entries of the IAM policy evaluator (`#/permissions`, `ssocheck iam`).

use crate::registry::CheckInfo;

crate::check!(DECISION, "iam.decision", Error, AbacEnablement, false,
    title: "Policy decision for the action",
    checks: "The decision of AWS's policy evaluation logic for one action on one resource (by default iam:UpdateAssumeRolePolicy on the permission-set roles, which enabling attributes for access control needs), over the pasted identity policies, permission boundary and service control policies.",
    why: "Without iam:UpdateAssumeRolePolicy on the AWSReservedSSO roles, enabling attributes for access control fails with \"Attributes for access control failed to enable\" when permission sets already exist.",
    fix: "Grant the action on arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/* in an identity policy of the administrator, and make sure no SCP or permission boundary blocks it.");

crate::check!(EXPLICIT_DENY, "iam.explicit-deny", Error, AbacEnablement, false,
    title: "Explicit Deny",
    checks: "Deny statements in any pasted policy (identity, boundary, SCP) whose action, resource and condition match the request.",
    why: "An explicit Deny anywhere wins over every Allow.",
    fix: "Narrow or remove the Deny statement quoted in the evidence (or add an exception in its Condition), or perform the action as a principal it does not apply to.");

crate::check!(SCP, "iam.scp", Error, AbacEnablement, false,
    title: "Service control policies",
    checks: "Whether the pasted service control policies allow the action (an Allow must match; FullAWSAccess does) and none denies it.",
    why: "SCPs set the maximum permissions of the member accounts' principals: an action no SCP allows is denied even when an identity policy allows it.",
    fix: "Allow the action in an SCP attached at every level (root, OU, account), or keep FullAWSAccess attached; remove or narrow the denying SCP statement.");

crate::check!(BOUNDARY, "iam.boundary", Error, AbacEnablement, false,
    title: "Permission boundary",
    checks: "Whether the pasted permission boundary has an Allow matching the action and resource.",
    why: "A permission boundary caps an identity's permissions: the action must be allowed by both the identity policy and the boundary.",
    fix: "Add the action and resource to the permission boundary, or remove the boundary from the administrator's user or role.");

crate::check!(CONDITION_UNKNOWN, "iam.condition-unknown", Warning, AbacEnablement, false,
    title: "A condition cannot be evaluated offline",
    checks: "Condition keys of matching statements whose value is only known at request time (aws:SourceIp, aws:MultiFactorAuthPresent, aws:PrincipalTag/..., service keys) unless given in the context field.",
    why: "Whether such a statement applies depends on the request, so the decision is indeterminate rather than guessed.",
    fix: "Give the key's value in the context field (--context key=value,key=value) to evaluate the condition.");

crate::check!(POLICY_SYNTAX, "iam.policy-syntax", Error, AbacEnablement, false,
    title: "Policy document problem",
    checks: "JSON syntax (with line and column), top-level keys (Version, Id, Statement), the Version value, statement keys, Action together with NotAction, Resource together with NotResource, resource ARNs with an unknown partition or a region in an IAM ARN.",
    why: "IAM rejects malformed policies; a missing or 2008-10-17 Version turns policy variables into literal text; a wrong ARN never matches.",
    fix: "Correct the policy as the message says; use \"Version\": \"2012-10-17\".");

pub const CHECKS: &[CheckInfo] = &[
    DECISION,
    EXPLICIT_DENY,
    SCP,
    BOUNDARY,
    CONDITION_UNKNOWN,
    POLICY_SYNTAX,
];
