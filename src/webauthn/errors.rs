//! DOMException names from `navigator.credentials.create()` / `get()` → what they mean for the user.
//! Chromium overloads `NotAllowedError` (cancel, timeout, policy, unsupported algorithm...), so its
//! meaning lists the usual causes instead of pretending to know which one happened.

/// The name the page uses for its own watchdog firing (not a DOMException).
pub const WATCHDOG: &str = "Timeout";

pub struct ErrorMeaning {
    /// Short headline.
    pub title: &'static str,
    /// What it means, in plain words.
    pub meaning: &'static str,
    /// What to try next.
    pub next: &'static str,
}

pub fn explain(name: &str, message: &str) -> ErrorMeaning {
    match name {
        "NotAllowedError" if message.contains("feature is not enabled") => ErrorMeaning {
            title: "Blocked by the surrounding page",
            meaning: "This page runs inside a frame of another site that has not allowed security keys and passkeys (Permissions Policy).",
            next: "Open ssocheck directly in its own tab, not inside another page.",
        },
        "NotAllowedError" if message.contains("user activation") => ErrorMeaning {
            title: "Needs a click in this frame",
            meaning: "In a frame of another site the browser only allows registration straight after a click inside the frame.",
            next: "Open ssocheck directly in its own tab and start the test again.",
        },
        "NotAllowedError" => ErrorMeaning {
            title: "Cancelled, timed out or not allowed",
            meaning: "The browser does not say which: the prompt was cancelled or closed, it timed out, no authenticator of the chosen kind answered, the authenticator refused (for example fingerprint or PIN failed), or it supports none of the offered algorithms.",
            next: "Run the test again and complete the prompt (touch the key, or use fingerprint, face or PIN). If no prompt appeared, try the other authenticator type or another supported browser.",
        },
        "InvalidStateError" => ErrorMeaning {
            title: "Already registered",
            meaning: "The authenticator already holds a credential for this site that the request excluded.",
            next: "Use a different authenticator, or remove the old entry from the authenticator first.",
        },
        "NotSupportedError" => ErrorMeaning {
            title: "Not supported",
            meaning: "The browser or authenticator does not support the requested credential type or any of the offered algorithms.",
            next: "Update the browser, or try another authenticator or another supported browser.",
        },
        "SecurityError" => ErrorMeaning {
            title: "Refused for this address",
            meaning: "The browser refused WebAuthn for this page's address: it must be a domain name over HTTPS (or localhost), not an IP address, and the site ID must match the page.",
            next: "Open the page by its domain name over HTTPS. Identity Center's own portal meets this, so this affects only the test page.",
        },
        "AbortError" => ErrorMeaning {
            title: "Aborted",
            meaning: "The request was cancelled before it finished (by this page's watchdog or by another request).",
            next: "Start the test again and complete the prompt in time.",
        },
        "ConstraintError" => ErrorMeaning {
            title: "Authenticator lacks a required feature",
            meaning: "No authenticator could meet a requirement such as user verification (PIN or biometrics) or storing the credential.",
            next: "Set up a PIN or biometrics on the authenticator, or use another one.",
        },
        "TypeError" => ErrorMeaning {
            title: "Invalid request",
            meaning: "The browser rejected the request's options. This is a fault in this page, not in your setup.",
            next: "Please report it together with the browser name and version shown above.",
        },
        "OperationError" => ErrorMeaning {
            title: "Another request is pending",
            meaning: "The browser is still busy with an earlier security-key request (Chromium says \"A request is already pending\").",
            next: "Close any open security-key prompt, reload the page and try once more.",
        },
        "UnknownError" => ErrorMeaning {
            title: "Authenticator error",
            meaning: "The authenticator or the operating system reported a general error.",
            next: "Unplug and re-insert the key, or restart the browser; try another authenticator.",
        },
        WATCHDOG => ErrorMeaning {
            title: "No answer",
            meaning: "Nothing answered before the page's own time limit: no authenticator of the chosen kind responded, or the browser showed no prompt.",
            next: "Check that the key is plugged in (and touch it when it blinks), or that the built-in authenticator (Windows Hello, Touch ID, screen lock) is set up. Then try again or try the other kind.",
        },
        _ => ErrorMeaning {
            title: "Unexpected error",
            meaning: "The browser reported an error this page does not know.",
            next: "Try again; if it persists, try another supported browser and report the error name shown.",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_has_its_own_meaning() {
        let names = [
            "NotAllowedError",
            "InvalidStateError",
            "NotSupportedError",
            "SecurityError",
            "AbortError",
            "ConstraintError",
            "TypeError",
            "OperationError",
            "UnknownError",
            WATCHDOG,
        ];
        let fallback = explain("NoSuchError", "").title;
        let mut titles = std::collections::HashSet::new();
        for n in names {
            let m = explain(n, "");
            assert_ne!(m.title, fallback, "{n} falls through");
            assert!(titles.insert(m.title), "{n} shares a title");
        }
    }

    #[test]
    fn not_allowed_in_a_frame_is_told_apart_by_the_message() {
        let m = explain(
            "NotAllowedError",
            "The 'publickey-credentials-create' feature is not enabled in this document.",
        );
        assert!(m.next.contains("directly"));
        assert!(explain("NotAllowedError", "timed out")
            .meaning
            .contains("cancelled"));
    }
}
