//! Outgoing mail: the transport (SMTP by lettre, or `.eml` files when no
//! SMTP server is configured) and the worker that drains the outbox.

pub mod transport;
pub mod worker;

pub use transport::Transport;
