//! Results of work spread over the pool, taken in input order: each item's
//! result as soon as it and every one before it are done. What a run prints
//! and records is then the same whatever order the work was done in, and
//! comes out while the run goes on, not all at the end.
//!
//! A worker stays at most `ahead` items after the first one not yet taken
//! ([`InTurn::wait_for_turn`]), so the results waiting for their turn are
//! few, whatever the batch: memory is bounded by the workers, not by the
//! number of items.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// How many items a worker may run ahead of the first one not yet taken,
/// for `build` and `check`: bounds the results waiting for their turn (a
/// data file's is about 1.5 KB in `build` without findings: paths, manifest
/// lines), while a slow file rarely leaves a core idle. At 256 a worker held
/// back by the system could leave ~0.4 MB waiting, the whole difference
/// `batch::build_memory_…` allows.
pub(crate) const AHEAD: usize = 64;

/// What takes the results in order.
pub(crate) trait Take {
    type Done;
    /// Takes the result of the next item in input order.
    fn take(&mut self, done: Self::Done);
}

/// The turns of a run's items, and the taker of their results.
pub(crate) struct InTurn<T: Take> {
    turns: Mutex<Turns<T>>,
    /// Signalled whenever results are taken, or the run is abandoned.
    taken: Condvar,
    ahead: usize,
}

struct Turns<T: Take> {
    /// The first item not yet taken.
    next: usize,
    /// Results done before their turn, by item.
    early: BTreeMap<usize, T::Done>,
    taker: T,
    /// A worker panicked: the others stop waiting for their turn.
    abandoned: bool,
}

impl<T: Take> InTurn<T> {
    pub(crate) fn new(taker: T, ahead: usize) -> Self {
        InTurn {
            turns: Mutex::new(Turns {
                next: 0,
                early: BTreeMap::new(),
                taker,
                abandoned: false,
            }),
            taken: Condvar::new(),
            ahead: ahead.max(1),
        }
    }

    /// Waits until `item` is fewer than `ahead` items after the first one
    /// not yet taken; false when a worker panicked.
    pub(crate) fn wait_for_turn(&self, item: usize) -> bool {
        let mut turns = self.lock();
        while item >= turns.next + self.ahead && !turns.abandoned {
            turns = self
                .taken
                .wait(turns)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !turns.abandoned
    }

    /// Hands over the result of `item`: taken now if its turn has come,
    /// with every result after it that waits, and then `after` runs on the
    /// taker (to flush what it printed); kept until then otherwise.
    pub(crate) fn done(&self, item: usize, done: T::Done, after: impl FnOnce(&mut T)) {
        let mut turns = self.lock();
        if item != turns.next {
            turns.early.insert(item, done);
            return;
        }
        let turns = &mut *turns;
        turns.taker.take(done);
        turns.next += 1;
        while let Some(done) = turns.early.remove(&turns.next) {
            turns.taker.take(done);
            turns.next += 1;
        }
        after(&mut turns.taker);
        self.taken.notify_all();
    }

    /// A guard to hold while working on an item: if the worker panics, the
    /// others would wait for that item forever, so they are told to stop.
    pub(crate) fn abandon_on_panic(&self) -> AbandonOnPanic<'_, T> {
        AbandonOnPanic(self)
    }

    /// The taker, once the work is over.
    pub(crate) fn into_taker(self) -> T {
        self.turns
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .taker
    }

    fn lock(&self) -> MutexGuard<'_, Turns<T>> {
        self.turns.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// See [`InTurn::abandon_on_panic`].
pub(crate) struct AbandonOnPanic<'a, T: Take>(&'a InTurn<T>);

impl<T: Take> Drop for AbandonOnPanic<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().abandoned = true;
            self.0.taken.notify_all();
        }
    }
}

/// Runs `work` on items `0..count` over the pool, each worker taking the
/// next item in input order, and hands the results to `taker` in input
/// order (`after` runs whenever some were taken); returns the taker.
pub(crate) fn for_each_in_turn<T>(
    count: usize,
    ahead: usize,
    work: impl Fn(usize) -> T::Done + Sync,
    after: impl Fn(&mut T) + Sync,
    taker: T,
) -> T
where
    T: Take + Send,
    T::Done: Send,
{
    let in_turn = InTurn::new(taker, ahead);
    let next = AtomicUsize::new(0);
    let worker = || {
        loop {
            let item = next.fetch_add(1, Ordering::SeqCst);
            if item >= count || !in_turn.wait_for_turn(item) {
                break;
            }
            let guard = in_turn.abandon_on_panic();
            let done = work(item);
            in_turn.done(item, done, &after);
            drop(guard);
        }
    };
    // One item is done on this thread: starting the pool (a stack and
    // fresh allocator pages for each of its threads) cost a `check` of
    // one data file more than a fifth of its time.
    if count > 1 {
        rayon::broadcast(|_| worker());
    } else {
        worker();
    }
    in_turn.into_taker()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records what it takes.
    struct Log(Vec<usize>);

    impl Take for Log {
        type Done = usize;
        fn take(&mut self, done: usize) {
            self.0.push(done);
        }
    }

    /// Items finished in any order are taken in input order.
    #[test]
    fn results_are_taken_in_input_order() {
        let in_turn = InTurn::new(Log(Vec::new()), 8);
        let mut flushes = 0;
        for item in [2, 0, 1, 4, 3] {
            in_turn.done(item, item * 10, |_| flushes += 1);
        }
        // Taken at 0, at 1 (with 2, which waited) and at 3 (with 4).
        assert_eq!(flushes, 3);
        assert_eq!(in_turn.into_taker().0, [0, 10, 20, 30, 40]);
    }

    /// Over the pool: every item once, in order, however long each took;
    /// and no worker runs more than `ahead` items after the first one not
    /// taken.
    #[test]
    fn the_pool_takes_every_item_in_order_and_stays_near_its_turn() {
        struct Window {
            taken: Vec<usize>,
        }
        impl Take for Window {
            type Done = usize;
            fn take(&mut self, done: usize) {
                self.taken.push(done);
            }
        }
        let started = Mutex::new(Vec::new());
        let taken_so_far = AtomicUsize::new(0);
        let window = for_each_in_turn(
            500,
            4,
            |item| {
                let first_not_taken = taken_so_far.load(Ordering::SeqCst);
                started.lock().unwrap().push((item, first_not_taken));
                // Items of uneven length, so workers finish out of order.
                std::thread::sleep(std::time::Duration::from_micros((item % 7) as u64 * 50));
                item
            },
            |w: &mut Window| taken_so_far.store(w.taken.len(), Ordering::SeqCst),
            Window { taken: Vec::new() },
        );
        assert_eq!(window.taken, (0..500).collect::<Vec<_>>());
        for (item, first_not_taken) in started.into_inner().unwrap() {
            assert!(
                item < first_not_taken + 4,
                "{item} started when {first_not_taken} was next"
            );
        }
    }

    /// One item is done on the calling thread, without the pool; several
    /// on the pool's threads.
    #[test]
    fn one_item_is_done_here_several_on_the_pool() {
        let caller = std::thread::current().id();
        let ran_on = |count| {
            let threads = Mutex::new(Vec::new());
            let log = for_each_in_turn(
                count,
                4,
                |item| {
                    threads.lock().unwrap().push(std::thread::current().id());
                    item
                },
                |_: &mut Log| {},
                Log(Vec::new()),
            );
            assert_eq!(log.0, (0..count).collect::<Vec<_>>());
            threads.into_inner().unwrap()
        };
        assert_eq!(ran_on(1), [caller]);
        assert!(!ran_on(2).contains(&caller));
        assert!(ran_on(0).is_empty());
    }

    /// A worker that panics does not leave the others waiting forever:
    /// the run ends, with the panic, instead of hanging (a run still going
    /// after ten seconds fails the test rather than the test suite hanging).
    #[test]
    fn a_panicking_worker_stops_the_others() {
        let (sender, ended) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let run = std::panic::catch_unwind(|| {
                for_each_in_turn(
                    100,
                    2,
                    |item| {
                        assert!(item != 1, "item 1 fails");
                        // The others reach the end of their window and wait.
                        std::thread::sleep(std::time::Duration::from_millis(1));
                        item
                    },
                    |_: &mut Log| {},
                    Log(Vec::new()),
                )
            });
            let _ = sender.send(run.is_err());
        });
        let panicked = ended
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the run ends");
        assert!(panicked);
    }
}
