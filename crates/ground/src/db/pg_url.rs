//! PostgreSQL connection URLs: no TLS on loopback unless asked for.
//!
//! libpq's default (`sslmode=prefer`) encrypts a connection to
//! `127.0.0.1` whenever the server has TLS on. On loopback that protects
//! nothing a local user could not read anyway, and it costs CPU at both
//! ends of every round trip (an item write is about eighteen). A URL whose
//! every host is loopback (or a Unix socket, where libpq never uses TLS)
//! and that says no `sslmode` gets `sslmode=disable`; a URL or a
//! `PGSSLMODE` that says one is obeyed.

use std::borrow::Cow;

/// `url` with `sslmode=disable` added when it names only loopback hosts
/// and no `sslmode` is set (in the URL or by `pgssl_mode_set`).
pub fn loopback_without_tls(url: &str, pgssl_mode_set: bool) -> Cow<'_, str> {
    if pgssl_mode_set {
        return Cow::Borrowed(url);
    }
    let Some(rest) = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
    else {
        return Cow::Borrowed(url);
    };
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let params: Vec<(&str, &str)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    if params.iter().any(|(k, _)| *k == "sslmode") {
        return Cow::Borrowed(url);
    }
    let authority = before_query.split('/').next().unwrap_or_default();
    let hosts_part = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    // `host=` and `hostaddr=` in the query override the URL's hosts.
    let mut hosts: Vec<&str> = Vec::new();
    for (k, v) in &params {
        if *k == "host" || *k == "hostaddr" {
            hosts.extend(v.split(','));
        }
    }
    if hosts.is_empty() {
        hosts.extend(hosts_part.split(',').map(without_port));
    }
    if !hosts.iter().all(|h| is_loopback(h)) {
        return Cow::Borrowed(url);
    }
    let joiner = match query {
        None => "?",
        Some(q) if q.is_empty() || q.ends_with('&') => "",
        Some(_) => "&",
    };
    Cow::Owned(format!("{url}{joiner}sslmode=disable"))
}

/// A host of the URL's authority without its `:port` (`[::1]:5432` → `[::1]`).
fn without_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .split_once(']')
            .map_or(host, |(h, _)| &host[..h.len() + 1]);
    }
    host.split_once(':').map_or(host, |(h, _)| h)
}

/// Loopback names and addresses, and Unix sockets (empty: libpq's default
/// socket; a path, perhaps percent-encoded).
fn is_loopback(host: &str) -> bool {
    let host = host.trim();
    host.is_empty()
        || host.starts_with('/')
        || host.to_ascii_lowercase().starts_with("%2f")
        || host.eq_ignore_ascii_case("localhost")
        || host == "[::1]"
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|a| a.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::loopback_without_tls as f;

    #[test]
    fn loopback_urls_without_sslmode_get_it_disabled() {
        assert_eq!(
            f("postgres://postgres@127.0.0.1:5432/postgres", false),
            "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
        );
        assert_eq!(
            f("postgresql://u:p@localhost/db?application_name=mb", false),
            "postgresql://u:p@localhost/db?application_name=mb&sslmode=disable"
        );
        assert_eq!(
            f("postgres://[::1]:5433/db", false),
            "postgres://[::1]:5433/db?sslmode=disable"
        );
        assert_eq!(f("postgres:///db", false), "postgres:///db?sslmode=disable");
        assert_eq!(
            f("postgres://u@%2Fvar%2Frun%2Fpostgresql/db", false),
            "postgres://u@%2Fvar%2Frun%2Fpostgresql/db?sslmode=disable"
        );
        assert_eq!(
            f("postgres://127.0.0.2/db?", false),
            "postgres://127.0.0.2/db?sslmode=disable"
        );
        assert_eq!(
            f("postgres://u@/db?host=/tmp", false),
            "postgres://u@/db?host=/tmp&sslmode=disable"
        );
    }

    #[test]
    fn what_the_operator_says_or_a_remote_host_is_left_alone() {
        for url in [
            "postgres://postgres@127.0.0.1:5432/postgres?sslmode=require",
            "postgres://db.example.org/minutebook",
            "postgres://10.0.0.5:5432/minutebook",
            "postgres://localhost,db.example.org/minutebook",
            "postgres://localhost/db?host=db.example.org",
            "postgres://localhost/db?hostaddr=192.0.2.7",
            "sqlite://minutebook.db",
        ] {
            assert_eq!(f(url, false), url);
        }
        assert_eq!(
            f("postgres://127.0.0.1/db", true),
            "postgres://127.0.0.1/db"
        );
    }
}
