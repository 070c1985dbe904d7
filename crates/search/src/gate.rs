//! How many searches run at once. A search holds a database connection
//! while it runs; without a limit, a burst of searches for common words
//! could take every connection and leave `/healthz` and clerks' writes
//! waiting. The gate lets a third of the pool search at once (at least
//! one); the rest wait their turn without holding a connection, and after
//! [`WAIT`] answer 503.

use minutebook_ground::error::{AppError, AppResult};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a search waits for its turn.
pub const WAIT: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub struct SearchGate {
    permits: Arc<Semaphore>,
    size: usize,
}

impl SearchGate {
    /// A gate for a pool of `pool_size` connections.
    pub fn for_pool(pool_size: u32) -> SearchGate {
        let size = usize::try_from(pool_size.div_ceil(3)).unwrap_or(1).max(1);
        SearchGate {
            permits: Arc::new(Semaphore::new(size)),
            size,
        }
    }

    /// How many searches may run at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Waits for a turn to search; hold the permit while searching.
    pub async fn enter(&self) -> AppResult<OwnedSemaphorePermit> {
        match tokio::time::timeout(WAIT, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(AppError::Unavailable(
                "too many searches are running; please retry in a moment".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_third_of_the_pool_searches_at_once() {
        assert_eq!(SearchGate::for_pool(8).size(), 3);
        assert_eq!(SearchGate::for_pool(1).size(), 1);
        assert_eq!(SearchGate::for_pool(30).size(), 10);
    }

    #[tokio::test]
    async fn a_search_past_the_limit_waits_its_turn() {
        let gate = SearchGate::for_pool(1);
        let held = gate.enter().await.unwrap();
        let waiting = tokio::spawn({
            let gate = gate.clone();
            async move { gate.enter().await.map(|_| ()) }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        drop(held);
        waiting.await.unwrap().unwrap();
    }
}
