//! Scrutiny reviews, their recommendations and the progress updates on
//! them: row structs and queries. The read models load a review, or every
//! review, in a fixed number of queries whatever the number of
//! recommendations.
//!
//! One file per aggregate: [`reviews`] (with the read models that load a
//! review, or all of them, whole), [`recommendations`] and [`updates`] (the
//! progress rounds).

mod recommendations;
mod reviews;
mod updates;

pub use recommendations::{
    delete_recommendation, get_recommendation, insert_recommendation, number_taken,
    recommendations_of, save_recommendation, Part, RecommendationRow,
};
pub use reviews::{
    bodies_of, delete_review, get_review, insert_review, list_reviews, load_portfolio, load_review,
    save_review, Portfolio, ReviewBundle, ReviewRow,
};
pub use updates::{
    get_update, insert_update, round_for_period, save_update, sort_rounds, updates_of,
    updates_of_review, RoundBrief, UpdateRow,
};

use minutebook_ground::error::{AppError, AppResult};
use serde::Serialize;

pub fn to_json<T: Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(|e| AppError::Internal(e.into()))
}
