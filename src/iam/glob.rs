//! IAM wildcard matching: `*` matches any run of characters (including none, `/` and `:`), `?` exactly
//! one character. Used for actions (case-insensitively), resources and `...Like` conditions.
//!
//! The classic two-pointer algorithm with one backtrack point: time O(len(pattern) × len(text)) in the
//! worst case, no recursion, no allocation besides the char vectors, so hostile patterns cannot blow up.

/// Whether `text` matches `pattern`; `ignore_case` compares ASCII case-insensitively (IAM actions).
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let eq = |a: char, b: char| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || t.get(ti).is_some_and(|&tc| eq(c, tc)) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards_and_case() {
        assert!(matches("iam:Update*", "iam:UpdateAssumeRolePolicy", false));
        assert!(matches("IAM:update*", "iam:UpdateAssumeRolePolicy", true));
        assert!(!matches("IAM:update*", "iam:UpdateAssumeRolePolicy", false));
        assert!(matches("iam:?etRole", "iam:GetRole", true));
        assert!(!matches("iam:?etRole", "iam:GetRoles", true));
        assert!(matches("*", "", false));
        assert!(matches("a*b*c", "aXXbYYc", false));
        assert!(!matches("a*b*c", "aXXbYY", false));
        assert!(matches(
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::1:role/a/b/c",
            false
        ));
    }

    #[test]
    fn hostile_pattern_is_fast() {
        let p = "*a".repeat(2000);
        let t = "a".repeat(4000) + "b";
        assert!(!matches(&p, &t, false));
    }
}
