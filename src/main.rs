// mimalloc: the service allocates per request on one thread (the blocking
// task that reads the database) and frees on another (the worker that
// writes the answer); glibc's allocator spent about a sixth of a
// whole-meeting read in malloc/free and their locks (bench/profile.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    minutebook::cli::main()
}
