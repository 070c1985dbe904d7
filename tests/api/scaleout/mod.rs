//! Several instances of the service on one database: background work is
//! claimed so it happens once (`workers`), papers live in shared object
//! storage (`papers`, against a real S3-compatible server), and public
//! reads come from a real PostgreSQL hot standby (`replica`). The last two
//! need servers that `tests/scaleout/run.sh` starts; without them they say
//! why they skip.

mod papers;
mod replica;
mod workers;
