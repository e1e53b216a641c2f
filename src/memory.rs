//! What the binary's allocator (mimalloc, see `main.rs` and Cargo.toml) is
//! asked to do with the memory a run frees: give it back to the system at
//! once while drafting, so peak memory does not grow with the batch, and
//! not at all once a build has committed, when giving it back only costs
//! time. Under another global allocator (the tests') these calls change
//! nothing the program uses.

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (its `mimalloc.h`;
/// libmimalloc-sys names only some of the options).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3 keeps the pages a program frees for a second before it gives
/// them back to the system. A batch frees every draft once it is written,
/// so a long run held a second's worth of them: with some 30 findings a
/// data file, `build` of 1,500 data files took 1.3 MB more than of 150,
/// 0.5 MB when given back at once, in the same time and CPU. A purge delay
/// set in the environment (`MIMALLOC_PURGE_DELAY`) is left as set. Called
/// first thing in `main`.
pub fn return_freed_memory_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        set_purge_delay(0);
    }
}

/// Stops giving freed pages back: the build is over and what is left (the
/// report, the threads' ends) allocates little. Each page given back is a
/// system call and, on a virtual machine, an interrupt to every core the
/// process ran on, and the drafting threads give back all their pages as
/// they end: in a cold build of one data file that was 0.8 of its 7.2 ms
/// of CPU. The peak is not raised: nothing kept is used again.
pub(crate) fn keep_freed_memory() {
    // Not in the library's own tests: they run builds side by side with
    // the test of the option below, which reads its default first.
    if cfg!(not(test)) {
        set_purge_delay(-1);
    }
}

/// Sets mimalloc's purge delay: 0 gives freed pages back at once, -1
/// never. Called first thing in `main`, and by `build` when no other
/// thread allocates (the drafting workers are idle, the syncer has
/// ended, the commit is done).
fn set_purge_delay(milliseconds: std::ffi::c_long) {
    // SAFETY: stores one of mimalloc's option values, a word its threads
    // read whenever they would purge; the option's number is checked by
    // the test below.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, milliseconds) };
}

/// Gives the pages this thread freed back to the system. The walk of a
/// batch's folders frees its lists on the main thread, which then only
/// waits for the pool: mimalloc would keep those pages for the thread for
/// the whole run (some 0.1 MB: 5.26 → 5.12 MB for 150 data files, 6.33 →
/// 6.27 MB for 3,000).
pub(crate) fn give_back_freed_memory() {
    // SAFETY: asks mimalloc to free and purge what this thread's heap no
    // longer uses; no preconditions.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number is mimalloc's purge delay: the one option whose default
    /// is 1,000 ms (mimalloc 3), 0 once set to give memory back at once
    /// and -1 once set to keep it.
    #[test]
    fn the_purge_delay_is_set_to_zero_then_to_never() {
        // SAFETY: reads an option value; no other test of the library sets
        // mimalloc's options (see `keep_freed_memory`).
        let get = || unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(get(), 1000);
        return_freed_memory_at_once();
        assert_eq!(get(), 0);
        set_purge_delay(-1);
        assert_eq!(get(), -1);
    }
}
