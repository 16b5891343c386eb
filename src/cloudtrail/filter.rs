//! The filters of the page and the CLI: user (as typed, a user name, an id), event source, outcome
//! and time range. They narrow what is shown and explained; the history used as context (when was
//! this user created?) is always the whole input.

use super::model::Event;
use super::signin::{Attempt, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutcomeFilter {
    #[default]
    All,
    Failure,
    Success,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Lowercased.
    pub user: Option<String>,
    /// Lowercased.
    pub source: Option<String>,
    pub outcome: OutcomeFilter,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// True when `name` is the filtered user: equal ignoring case, or equal to the part of a typed
    /// name before `@` or after `\` or `/` (`alice` matches `CORP\alice` and `alice@example.com`).
    pub fn user_is(&self, name: &str) -> bool {
        let Some(u) = &self.user else { return true };
        let n = name.to_lowercase();
        if n == *u {
            return true;
        }
        let local = n.split('@').next().unwrap_or("");
        let after = n.rsplit(['\\', '/']).next().unwrap_or("");
        local == u || after == u || after.split('@').next() == Some(u.as_str())
    }

    fn any_user(&self, e: &Event) -> bool {
        if self.user.is_none() {
            return true;
        }
        [
            e.typed_user.as_deref(),
            e.identity.user_name.as_deref(),
            e.identity.user_id.as_deref(),
            e.identity.principal_id.as_deref(),
            e.request.user_name.as_deref(),
            e.request.display_name.as_deref(),
            e.request.user_id.as_deref(),
            e.request.group_id.as_deref(),
            e.request.id.as_deref(),
            e.response.user_id.as_deref(),
            e.response.group_id.as_deref(),
            e.response.id.as_deref(),
        ]
        .into_iter()
        .flatten()
        .any(|n| self.user_is(n))
    }

    fn in_time(&self, t: Option<i64>) -> bool {
        if self.from_ms.is_none() && self.to_ms.is_none() {
            return true;
        }
        let Some(t) = t else { return false };
        self.from_ms.is_none_or(|f| t >= f) && self.to_ms.is_none_or(|to| t <= to)
    }

    fn source_is(&self, s: &str) -> bool {
        self.source
            .as_ref()
            .is_none_or(|f| s.to_lowercase().starts_with(f.as_str()))
    }

    /// Whether one event is shown and explained.
    pub fn event(&self, e: &Event) -> bool {
        let outcome = match self.outcome {
            OutcomeFilter::All => true,
            OutcomeFilter::Failure => e.failed(),
            OutcomeFilter::Success => !e.failed(),
        };
        outcome && self.in_time(e.time_ms) && self.source_is(&e.source) && self.any_user(e)
    }

    /// Whether one sign-in attempt is shown and explained (its events are already filtered by
    /// source, time and user; the outcome is the attempt's, not one step's).
    pub fn attempt(&self, a: &Attempt) -> bool {
        match self.outcome {
            OutcomeFilter::All => true,
            OutcomeFilter::Failure => a.outcome == Outcome::Failure,
            OutcomeFilter::Success => a.outcome == Outcome::Success,
        }
    }

    /// The same filter without the outcome (attempts are grouped before their outcome is known).
    pub fn without_outcome(&self) -> Filter {
        Filter {
            outcome: OutcomeFilter::All,
            ..self.clone()
        }
    }
}
