//! The clerk and read API under `/api/v1`: thin handlers, one file per
//! resource.

pub mod bodies;
pub mod input;
pub mod meeting_view;
pub mod views;
