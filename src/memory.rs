//! The binary's allocator, mimalloc ([`Allocator`]; see Cargo.toml for why),
//! and what it is asked to do with the memory a run frees: give it back to
//! the system at once while drafting, so peak memory does not grow with the
//! batch, and not at all once a build has committed, when giving it back
//! only costs time. Under another global allocator (the tests') these calls
//! change nothing the program uses.

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

/// The binary's allocator: mimalloc, asked through its plain entry points
/// (`mi_malloc`, `mi_realloc`) whenever they already give the alignment a
/// request needs, as Rust's own `System` allocator does with `malloc`.
/// The `mimalloc` crate's allocator passes every request to the aligned
/// ones, which check the alignment first: a few instructions more on each
/// of the several hundred thousand allocations a batch makes.
pub struct Allocator;

/// The alignment every block of mimalloc of at least this many bytes has
/// (`MI_MAX_ALIGN_SIZE`): its size classes from 16 bytes up are
/// multiples of 16, and each page's first block is aligned to 16.
const PLAIN_ALIGN: usize = 16;

/// Whether `mi_malloc` of `size` bytes is aligned enough for `align`.
fn plain_is_aligned(size: usize, align: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

/// A new block for `layout` from mimalloc's `plain` entry point when it
/// gives the alignment, else from its `aligned` one.
///
/// # Safety
///
/// As `GlobalAlloc::alloc`: `layout` has a non-zero size.
#[inline]
unsafe fn new_block(
    layout: std::alloc::Layout,
    plain: unsafe extern "C" fn(usize) -> *mut std::ffi::c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut std::ffi::c_void,
) -> *mut u8 {
    let (size, align) = (layout.size(), layout.align());
    // SAFETY: mimalloc's entry points take any size; the aligned one any
    // power of two, which a layout's alignment is.
    unsafe {
        if plain_is_aligned(size, align) {
            plain(size).cast()
        } else {
            aligned(size, align).cast()
        }
    }
}

// SAFETY: each method hands the request to mimalloc, whose blocks meet
// the layout's alignment: checked by `plain_is_aligned` for the plain
// entry points, guaranteed by the aligned ones otherwise. `mi_free` frees
// blocks of either kind.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        // SAFETY: see the impl.
        unsafe { new_block(layout, mi_malloc, mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        // SAFETY: see the impl.
        unsafe { new_block(layout, mi_zalloc, mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from one of the calls above.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) };
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        let align = layout.align();
        // SAFETY: see the impl; `ptr` came from one of the calls above.
        unsafe {
            if plain_is_aligned(new_size, align) {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, align).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number is mimalloc's purge delay: the one option whose default
    /// is 1,000 ms (mimalloc 3), 0 once set to give memory back at once
    /// and -1 once set to keep it.
    /// Every block meets its layout's alignment, from one byte to beyond
    /// what the plain entry points give, through growing and shrinking,
    /// and keeps its bytes.
    #[test]
    fn blocks_are_aligned_as_asked_and_keep_their_bytes() {
        use std::alloc::{GlobalAlloc, Layout};
        let aligned = |p: *mut u8, align: usize| (p as usize).is_multiple_of(align);
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (1..=300).chain([1000, 5000, 70_000]) {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a layout of non-zero size; each block is freed
                // once, with the layout it has then.
                unsafe {
                    // Several blocks of the size at once, so that a class
                    // whose blocks were spaced wrongly would show.
                    let blocks: Vec<*mut u8> = (0..4).map(|_| Allocator.alloc(layout)).collect();
                    for &p in &blocks {
                        assert!(
                            !p.is_null() && aligned(p, align),
                            "{size} bytes, align {align}"
                        );
                    }
                    let zeroed = Allocator.alloc_zeroed(layout);
                    assert!(aligned(zeroed, align), "{size} bytes zeroed, align {align}");
                    assert!((0..size).all(|i| *zeroed.add(i) == 0));
                    Allocator.dealloc(zeroed, layout);
                    for (n, &p) in blocks.iter().enumerate() {
                        for i in 0..size {
                            *p.add(i) = (i % 251) as u8;
                        }
                        let new_size = [size / 2 + 1, size * 3, size + 1, 1][n];
                        let q = Allocator.realloc(p, layout, new_size);
                        assert!(
                            aligned(q, align),
                            "{size} → {new_size} bytes, align {align}"
                        );
                        assert!((0..size.min(new_size)).all(|i| *q.add(i) == (i % 251) as u8));
                        Allocator.dealloc(q, Layout::from_size_align(new_size, align).unwrap());
                    }
                }
            }
        }
    }

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
