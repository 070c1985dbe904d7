//! Pages for people rather than programs: the chair's approval page (and,
//! later, the public committee pages).

pub mod approval;
