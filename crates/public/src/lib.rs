//! Pages for people rather than programs: the chair's approval page, the
//! public committee pages, calendars and feeds.

pub mod calendar;
pub mod chair_page;
pub mod decision_feeds;
pub mod feeds;
pub mod pages;
