//! Keyset pagination in queries: the rows strictly after a position
//! `(time, id)`, in `(time, id)` order. The opaque cursor that carries the
//! position between requests, and the page built from the rows, are in
//! `read::page` (and `oparl` for its lists).

/// Narrows a boxed query to the rows after the keyset position `$after`
/// (an `Option<(NaiveDateTime, String)>`; `None` starts at the beginning),
/// orders it by `($time, $id)` and takes at most `$limit` rows:
///
/// ```text
/// WHERE time > at OR (time = at AND id > id) ORDER BY time, id LIMIT n
/// ```
///
/// A macro because diesel's boxed queries through `MultiConnection` would
/// need every table's query types spelled out in a generic function's
/// bounds. Needs `diesel::prelude::*` in scope.
macro_rules! keyset_page {
    ($query:expr, $after:expr, $time:expr, $id:expr, $limit:expr) => {{
        let mut q = $query;
        if let Some((at, id)) = $after {
            // `time >= at` first: redundant, but an index range the
            // database can start from (the `OR` alone is only a filter,
            // so a deep page would scan every row before the cursor).
            q = q.filter(
                $time
                    .ge(at)
                    .and($time.gt(at).or($time.eq(at).and($id.gt(id)))),
            );
        }
        q.order(($time.asc(), $id.asc())).limit($limit)
    }};
}
pub(crate) use keyset_page;
