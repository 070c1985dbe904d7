//! Scrutiny: reviews, their recommendations (with lettered parts and the
//! action-plan columns), the graded progress updates that come back in
//! rounds named by period, the progress report and action plan documents,
//! and the cross-review overview for the committee's work programme.
//!
//! Clerks write; everyone reads (scrutiny monitoring is public business).
//! Each recommendation's lettered parts are a list inside it (`parts`),
//! each part with its own action-plan columns; progress updates are graded
//! per recommendation.

mod checks;
mod cross_review;
mod documents;
mod imports;
mod recommendations;
mod reviews;
mod updates;
mod views;

pub use checks::IN_MEMORY_CURSOR_PATTERN;
pub use cross_review::*;
pub use documents::*;
pub use imports::*;
pub use recommendations::*;
pub use reviews::*;
pub use updates::*;
pub use views::*;
