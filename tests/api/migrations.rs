use crate::helpers::fresh_database;

#[test]
fn migrations_go_up_down_and_up_again() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = fresh_database(dir.path());
    let mut conn = minutebook::db::establish(&url).unwrap();
    minutebook::db::run_migrations(&mut conn).unwrap();
    minutebook::db::revert_all_migrations(&mut conn).unwrap();
    minutebook::db::run_migrations(&mut conn).unwrap();
}

/// The versions a database has recorded as run.
fn recorded_versions(conn: &mut minutebook::db::DbConn) -> Vec<String> {
    use diesel::prelude::*;
    diesel::table! {
        __diesel_schema_migrations (version) {
            version -> Text,
        }
    }
    __diesel_schema_migrations::table
        .select(__diesel_schema_migrations::version)
        .order(__diesel_schema_migrations::version.asc())
        .load(conn)
        .unwrap()
}

#[test]
fn a_database_made_before_the_migrations_were_renamed_upgrades_without_running_them_again() {
    use diesel::connection::SimpleConnection;
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = fresh_database(dir.path());
    let mut conn = minutebook::db::establish(&url).unwrap();
    minutebook::db::run_migrations(&mut conn).unwrap();
    let now = recorded_versions(&mut conn);
    // What the previous release left: the same migrations run, recorded
    // under their old versions.
    for (old, new) in minutebook::db::RENAMED_MIGRATIONS {
        assert!(now.contains(&new.to_string()), "{new} was not run");
        conn.batch_execute(&format!(
            "UPDATE __diesel_schema_migrations SET version = '{old}' WHERE version = '{new}'"
        ))
        .unwrap();
    }
    // Upgrading runs nothing twice (running a migration again fails on
    // the tables and indexes it made) and records the new versions.
    minutebook::db::run_migrations(&mut conn).unwrap();
    assert_eq!(recorded_versions(&mut conn), now);
    // And the schema still works end to end after the upgrade.
    minutebook::db::revert_all_migrations(&mut conn).unwrap();
    minutebook::db::run_migrations(&mut conn).unwrap();
}

#[test]
fn migrations_are_one_sequence_dated_no_later_than_their_commit() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |backend: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(root.join(backend))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    };
    let sqlite = names("sqlite");
    assert_eq!(
        sqlite,
        names("postgres"),
        "the backends' migrations differ by name"
    );
    let mut numbers = Vec::new();
    for name in &sqlite {
        // YYYY-MM-DD-NNNNNN_what
        let (stamp, what) = name.split_once('_').unwrap();
        assert!(!what.is_empty(), "{name} has no description");
        let (date, number) = stamp.rsplit_once('-').unwrap();
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .unwrap_or_else(|_| panic!("{name}: {date} is not a date"));
        // Dated no later than this check was written (2026-12-06) plus the
        // days since: a migration is named on the day it is written.
        assert!(
            date <= chrono::Utc::now().date_naive().to_string().as_str(),
            "{name} is dated in the future"
        );
        numbers.push(number.parse::<u32>().unwrap());
    }
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        sorted, numbers,
        "migration numbers must rise with the names and never repeat"
    );
}
