//! Use cases of the minutes: every change to what the minutes contain passes
//! through here, so the revision trail and the approval state stay right.

pub mod actions;
pub mod approval;
pub mod attendance;
pub mod minute_book;
pub mod records;
pub mod revisions;
pub mod sending;
pub mod status;
pub mod votes;
