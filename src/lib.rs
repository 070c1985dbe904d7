//! minutebook: the system of record for council committee and partnership
//! meetings.

pub mod cli;
pub mod demo;
pub mod jobs;
pub mod kept_documents;
pub mod startup;

pub use minutebook_api as api;
pub use minutebook_domain as domain;
pub use minutebook_ground::{config, db, error};
pub use minutebook_mgws as mgws;
pub use minutebook_oparl as oparl;
pub use minutebook_public as public;
pub use minutebook_read as read;
pub use minutebook_render as render;
pub use minutebook_search as search;
pub use minutebook_store as store;
pub use minutebook_store::mail;
pub use minutebook_usecases::{self as usecases, agenda, import, minutes, webhooks};
pub use minutebook_web::{http_semantics, idempotency, limits, published, state};
