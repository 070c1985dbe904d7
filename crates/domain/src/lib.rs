//! Plain rules of the domain: no I/O, callable from tests without a server.

pub mod access;
pub mod agenda;
pub mod attendance_record;
pub mod councillors;
pub mod decisions;
pub mod desk;
pub mod forward_plan;
pub mod interests;
pub mod lifecycle;
pub mod minute_book;
pub mod numbering;
pub mod paper_types;
pub mod precondition;
pub mod rate;
pub mod recipients;
pub mod scrutiny;
pub mod staff;
pub mod time;
pub mod visibility;
pub mod vocab;
pub mod votes;
pub mod working_days;
