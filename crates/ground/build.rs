//! Builds this crate again when a migration changes: `embed_migrations!`
//! reads the migration folders while compiling, and cargo would not
//! otherwise know that a new migration needs a new build.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
