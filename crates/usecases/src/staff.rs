//! Staff at the clerk's desk: accounts made by an admin, sign-in by a
//! single-use link sent by email (never saying whether an address has an
//! account), sessions that end when idle, and signing out everywhere. A
//! session acts with its account's role, exactly as an API token of that
//! role would.

use chrono::Duration;
use minutebook_domain::access::{generate_token, hash_token, Actor, Role};
use minutebook_domain::staff::{self as rules, LINK_MINUTES, LINK_WINDOW_MINUTES};
use minutebook_ground::config::Settings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::outbox::{self, NewMail};
use minutebook_store::staff::{self as store_staff, AccountRow, SessionRow};
use minutebook_store::{self as store};

/// Makes a staff account (`422` for a bad address or role, `409` when the
/// address has one already).
pub fn create_account(
    conn: &mut DbConn,
    actor: &Actor,
    email: &str,
    name: &str,
    role: &str,
) -> AppResult<AccountRow> {
    let email = rules::normalise_email(email)
        .ok_or_else(|| AppError::field("email", "must be an email address"))?;
    if Role::parse(role).is_none() {
        return Err(AppError::field("role", "must be reader, clerk or admin"));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::field("name", "must be 1 to 200 characters"));
    }
    if store_staff::account_by_email(conn, &email)?.is_some() {
        return Err(AppError::Conflict(format!(
            "{email} has an account already"
        )));
    }
    let now = store::now();
    let row = AccountRow {
        id: store::new_id(),
        email,
        name: name.to_string(),
        role: role.to_string(),
        created_at: now,
        updated_at: now,
        disabled_at: None,
        version: 1,
    };
    store_staff::insert_account(conn, actor, &row)?;
    Ok(row)
}

fn mail_domain(settings: &Settings) -> String {
    url::Url::parse(&settings.public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "minutebook.local".into())
}

/// Sends a sign-in link to `email` if it has a live account and has not
/// had too many links lately. Whatever happens, the caller answers the
/// same, so the answer never says whether an address has an account.
pub fn request_link(conn: &mut DbConn, settings: &Settings, email: &str) -> AppResult<()> {
    let Some(email) = rules::normalise_email(email) else {
        return Ok(());
    };
    let Some(account) = store_staff::account_by_email(conn, &email)? else {
        return Ok(());
    };
    if account.disabled_at.is_some() {
        return Ok(());
    }
    let now = store::now();
    let sent = store_staff::links_since(
        conn,
        &account.id,
        now - Duration::minutes(LINK_WINDOW_MINUTES),
    )?;
    if !rules::may_send_link(sent) {
        return Ok(());
    }
    let secret = generate_token();
    store_staff::insert_link(
        conn,
        &hash_token(&secret),
        &account.id,
        now,
        now + Duration::minutes(LINK_MINUTES),
    )?;
    let link = format!(
        "{}/desk/sign-in/{secret}",
        settings.public_url.trim_end_matches('/')
    );
    let text = format!(
        "Hello {},\n\nUse this link to sign in to the clerk's desk. It works once, within {LINK_MINUTES} minutes:\n\n{link}\n\nIf you did not ask to sign in, you can ignore this message; nobody can sign in without the link.\n",
        account.name
    );
    outbox::enqueue(
        conn,
        NewMail {
            kind: "sign_in_link",
            meeting_id: None,
            to: account.email.clone(),
            subject: "Your sign-in link for the clerk's desk".into(),
            text,
            html: None,
            attachment: None,
        },
        &mail_domain(settings),
    )?;
    Ok(())
}

/// A signed-in browser: its account and the token its forms carry.
#[derive(Debug, Clone)]
pub struct Session {
    /// The hash of the cookie's secret (the session's id).
    pub id: String,
    pub account: AccountRow,
    pub role: Role,
    pub csrf_token: String,
    /// Last seen more than a minute ago: [`touch`] it (a write, so not
    /// done in the read that found it).
    pub stale: bool,
}

impl Session {
    /// Who acts, for the audit trail: the account, as a token would be.
    pub fn actor(&self) -> Actor {
        Actor {
            name: format!("{} (desk)", self.account.email),
            token_id: None,
        }
    }
}

/// Uses a sign-in link: answers the new session's cookie secret, or `None`
/// for a link that is unknown, used or expired (or whose account is
/// disabled).
pub fn redeem_link(conn: &mut DbConn, secret: &str) -> AppResult<Option<String>> {
    let now = store::now();
    let Some(account_id) = store_staff::use_link(conn, &hash_token(secret), now)? else {
        return Ok(None);
    };
    let account = store_staff::get_account(conn, &account_id)?;
    if account.disabled_at.is_some() {
        return Ok(None);
    }
    let cookie = generate_token();
    store_staff::insert_session(
        conn,
        &SessionRow {
            id: hash_token(&cookie),
            account_id: account.id,
            csrf_token: generate_token(),
            created_at: now,
            last_seen_at: now,
            revoked_at: None,
        },
    )?;
    Ok(Some(cookie))
}

/// The live session a cookie's secret names (a read: the caller marks it
/// seen with [`touch`] when it is `stale`, so reading pages does not write
/// on every request, and never writes from a read connection).
pub fn session(conn: &mut DbConn, cookie: &str) -> AppResult<Option<Session>> {
    let hash = hash_token(cookie);
    let Some((s, account)) = store_staff::session(conn, &hash)? else {
        return Ok(None);
    };
    let now = store::now();
    if account.disabled_at.is_some()
        || !rules::session_live(s.created_at, s.last_seen_at, s.revoked_at, now)
    {
        return Ok(None);
    }
    let Some(role) = Role::parse(&account.role) else {
        return Ok(None);
    };
    Ok(Some(Session {
        id: hash,
        account,
        role,
        csrf_token: s.csrf_token,
        stale: now - s.last_seen_at > Duration::minutes(1),
    }))
}

/// Marks a session seen now (its idle clock starts again).
pub fn touch(conn: &mut DbConn, session_id: &str) -> AppResult<()> {
    store_staff::touch_session(conn, session_id, store::now())
}

/// Ends this session.
pub fn sign_out(conn: &mut DbConn, session: &Session) -> AppResult<()> {
    store_staff::revoke_session(conn, &session.id, store::now())
}

/// Ends every session of this account, on every browser.
pub fn sign_out_everywhere(conn: &mut DbConn, session: &Session) -> AppResult<usize> {
    store_staff::revoke_all(conn, &session.account.id, store::now())
}
