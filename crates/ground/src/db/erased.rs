//! Database work handed to another thread, with its types erased.
//!
//! Every handler hands a closure of its own type to the blocking pool or to
//! the writer's thread. Generic all the way down, each closure would get
//! its own copy of the runtime's task machinery (spawning, polling,
//! joining, cancelling): measured with `cargo llvm-lines`, those copies
//! were the largest part of the API crate's compiled code. Boxed here as a
//! [`Job`] answering an [`Answer`], that machinery is compiled once; a
//! caller pays one allocation and one downcast.

use super::DbConn;
use crate::error::{AppError, AppResult};
use std::any::Any;

/// A closure's answer, its type erased.
pub type Answer = AppResult<Box<dyn Any + Send>>;

/// Database work, its closure's type erased.
pub type Job = Box<dyn FnOnce(&mut DbConn) -> Answer + Send>;

/// `f` as a [`Job`].
pub fn job<T, F>(f: F) -> Job
where
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    Box::new(move |conn| f(conn).map(|t| Box::new(t) as Box<dyn Any + Send>))
}

/// The answer of a [`job`] of `T`, its type restored.
pub fn answer<T: 'static>(answer: Answer) -> AppResult<T> {
    answer?
        .downcast::<T>()
        .map(|t| *t)
        .map_err(|_| AppError::Internal(anyhow::anyhow!("a database job answered another type")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_comes_back_as_its_own_type_and_an_error_as_itself() {
        let mut conn = match super::super::establish(":memory:") {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let ok = job(|_| Ok((7_u32, "seven".to_owned())))(&mut conn);
        assert_eq!(
            answer::<(u32, String)>(ok).ok(),
            Some((7, "seven".to_owned()))
        );
        let wrong = job(|_| Ok(7_u32))(&mut conn);
        assert!(matches!(answer::<i64>(wrong), Err(AppError::Internal(_))));
        let failed = job::<u32, _>(|_| Err(AppError::Conflict("taken".into())))(&mut conn);
        assert!(matches!(answer::<u32>(failed), Err(AppError::Conflict(_))));
    }
}
