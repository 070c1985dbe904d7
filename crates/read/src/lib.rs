//! The read model: what a viewer sees of a meeting and of the other
//! resources, built once from the store and read by every surface (the API,
//! the public pages, feeds, OParl, documents, search and the chair's email).
//! Nothing here writes; what the public may see is decided by
//! [`minutebook_domain::visibility`].

pub mod attendance_record;
pub mod decision_links;
pub mod decisions;
pub mod desk;
pub mod etag;
pub mod interests;
/// A meeting's items as a viewer sees them.
pub mod item_view;
pub mod meeting;
pub mod member;
pub mod minute_book;
pub mod page;
pub mod paper;
pub mod people;
pub mod resources;
pub mod response_cache;
pub mod time;
pub mod votes;
