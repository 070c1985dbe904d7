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
