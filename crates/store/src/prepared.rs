//! Statements written in SQL (a `WITH` that writes, a `UNION` of marks)
//! that PostgreSQL still prepares once per connection. diesel's
//! `sql_query` is never kept in its statement cache, so each call would be
//! parsed and planned again; a [`Statement`] is kept under its SQL text,
//! as the query builder's statements are.

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::{Error, QueryResult};
use diesel::sql_types::{Text, Untyped};
use diesel::PgConnection;
use diesel::RunQueryDsl;

/// A statement of fixed SQL whose parameters (`$1`, `$2`, … in the text;
/// one may appear more than once) are all text. Every `$` followed by
/// digits is a parameter, so the text may not hold one in a literal.
#[derive(Debug, Clone, Copy)]
pub struct Statement<'a, const N: usize> {
    sql: &'static str,
    binds: [&'a str; N],
}

impl<'a, const N: usize> Statement<'a, N> {
    pub fn new(sql: &'static str, binds: [&'a str; N]) -> Self {
        Statement { sql, binds }
    }
}

impl<const N: usize> QueryFragment<Pg> for Statement<'_, N> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        for piece in pieces(self.sql) {
            match piece {
                Piece::Sql(sql) => out.push_sql(sql),
                Piece::Param(k) => {
                    let bind: &'b str = k
                        .checked_sub(1)
                        .and_then(|i| self.binds.get(i))
                        .ok_or_else(|| {
                            Error::QueryBuilderError(format!("no value for ${k}").into())
                        })?;
                    out.push_bind_param::<Text, str>(bind)?;
                }
            }
        }
        Ok(())
    }
}

impl<const N: usize> QueryId for Statement<'_, N> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<const N: usize> Query for Statement<'_, N> {
    type SqlType = Untyped;
}

impl<const N: usize> RunQueryDsl<PgConnection> for Statement<'_, N> {}

#[derive(Debug, PartialEq, Eq)]
enum Piece<'s> {
    Sql(&'s str),
    Param(usize),
}

/// The SQL text between its parameters, and the parameters' numbers.
fn pieces(sql: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = sql;
    let mut done = 0;
    while let Some(at) = rest[done..].find('$').map(|i| i + done) {
        let digits = rest[at + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        match rest[at + 1..at + 1 + digits].parse::<usize>() {
            Ok(k) => {
                out.push(Piece::Sql(&rest[..at]));
                out.push(Piece::Param(k));
                rest = &rest[at + 1 + digits..];
                done = 0;
            }
            Err(_) => done = at + 1,
        }
    }
    out.push(Piece::Sql(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_found_between_the_text() {
        assert_eq!(
            pieces("a = $1 AND b <> $1 OR c = $12 $ $x"),
            vec![
                Piece::Sql("a = "),
                Piece::Param(1),
                Piece::Sql(" AND b <> "),
                Piece::Param(1),
                Piece::Sql(" OR c = "),
                Piece::Param(12),
                Piece::Sql(" $ $x"),
            ]
        );
        assert_eq!(pieces("SELECT 1"), vec![Piece::Sql("SELECT 1")]);
    }
}
