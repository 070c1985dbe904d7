// Written by hand (diesel_cli is not installed here): the lease columns of
// the outbox, so that several instances each claim different messages.
// The same SQL table as `schema::outbox`, seen through the columns the claim
// needs; the core row struct stays as it was.

diesel::table! {
    #[sql_name = "outbox"]
    outbox_leases (id) {
        id -> Text,
        status -> Text,
        next_attempt_at -> Timestamp,
        leased_until -> Nullable<Timestamp>,
        claimed_by -> Nullable<Text>,
    }
}
