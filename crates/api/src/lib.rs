//! The clerk and read API under `/api/v1`: thin handlers, one file per
//! resource.

pub mod admin;
pub mod attendance;
pub mod attendance_record;
pub mod bodies;
pub mod caller;
pub mod contract;
pub mod councillors;
pub mod decisions;
pub mod documents;
pub mod forward_plan;
pub mod imports;
pub mod input;
pub mod interests;
pub mod items;
pub mod meetings;
pub mod minute_book;
pub mod minutes;
pub mod ops;
pub mod pack;
pub mod people;
pub mod records;
pub mod render;
pub mod scrutiny;
pub mod search;
pub mod votes;
pub mod webhooks;
