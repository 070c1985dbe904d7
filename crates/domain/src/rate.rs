//! How often a costly thing may happen: at most `limit` times in any
//! `window`. Given when it happened before, says whether it may happen now
//! or how long to wait (the `Retry-After` of a `429`). Callers count from
//! the database (approval requests: several instances share one) or from
//! memory (per-instance limits); the rule is the same.

use chrono::{NaiveDateTime, TimeDelta};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// How many events any window may hold.
    pub limit: usize,
    /// The length of the window.
    pub per: TimeDelta,
}

impl Window {
    pub fn new(limit: usize, per_secs: i64) -> Window {
        Window {
            limit,
            per: TimeDelta::seconds(per_secs),
        }
    }

    /// The earliest event still counted at `now`.
    pub fn since(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - self.per
    }
}

/// `None` when one more event may happen at `now`, else the whole seconds
/// (at least one) until it may. `earlier` are the times of past events in
/// any order; those outside the window do not count.
pub fn wait_before_next(
    earlier: &[NaiveDateTime],
    window: Window,
    now: NaiveDateTime,
) -> Option<u64> {
    let since = window.since(now);
    let mut inside: Vec<NaiveDateTime> = earlier.iter().copied().filter(|t| *t > since).collect();
    if inside.len() < window.limit {
        return None;
    }
    // Newest first: the event that must leave the window before one more
    // fits is the `limit`-th newest.
    inside.sort_unstable_by(|a, b| b.cmp(a));
    let leaving = inside
        .get(window.limit.saturating_sub(1))
        .copied()
        .unwrap_or(now);
    let wait = (leaving + window.per - now).num_milliseconds().max(0);
    Some(((wait as u64).div_ceil(1000)).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_700_000_000 + secs, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn below_the_limit_the_next_event_may_happen() {
        let w = Window::new(3, 60);
        assert_eq!(wait_before_next(&[], w, at(0)), None);
        assert_eq!(wait_before_next(&[at(-10), at(-5)], w, at(0)), None);
    }

    #[test]
    fn at_the_limit_the_wait_is_until_the_oldest_counted_event_leaves() {
        let w = Window::new(3, 60);
        // Events 50, 20 and 10 s ago: the one 50 s ago leaves in 10 s.
        assert_eq!(
            wait_before_next(&[at(-10), at(-50), at(-20)], w, at(0)),
            Some(10)
        );
    }

    #[test]
    fn events_outside_the_window_do_not_count() {
        let w = Window::new(2, 60);
        assert_eq!(
            wait_before_next(&[at(-61), at(-120), at(-5)], w, at(0)),
            None
        );
        assert_eq!(
            wait_before_next(&[at(-60), at(-5)], w, at(0)),
            None,
            "exactly a window ago has left"
        );
    }

    #[test]
    fn over_the_limit_the_wait_counts_from_the_limit_th_newest() {
        let w = Window::new(2, 60);
        // Five in the last 5 s: one more fits once all but one have left,
        // i.e. when the second newest (2 s ago) leaves: in 58 s.
        let past = [at(-1), at(-2), at(-3), at(-4), at(-5)];
        assert_eq!(wait_before_next(&past, w, at(0)), Some(58));
    }

    #[test]
    fn the_wait_is_whole_seconds_rounded_up_and_never_zero() {
        let w = Window::new(1, 60);
        let just_under = at(-60) + TimeDelta::milliseconds(1);
        assert_eq!(wait_before_next(&[just_under], w, at(0)), Some(1));
        let half = at(-30) - TimeDelta::milliseconds(500);
        assert_eq!(wait_before_next(&[half], w, at(0)), Some(30));
    }

    #[test]
    fn a_limit_of_zero_never_allows() {
        let w = Window::new(0, 60);
        assert_eq!(wait_before_next(&[], w, at(0)), Some(60));
    }
}
