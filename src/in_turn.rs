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

use rayon::prelude::*;

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

/// Where a run's items are worked on: a pool of threads, or, for one
/// worker, the thread that calls. A thread started for one data file costs
/// more than it saves: its stack and its allocator's pages are all new,
/// each page a fault (a cold `build` of one data file spent a tenth of its
/// CPU there, a `check` more than a fifth of its time).
pub(crate) enum Pool {
    Threads(rayon::ThreadPool),
    Here,
}

impl Pool {
    /// `workers` threads; the calling thread alone for one (or when no
    /// thread can be started).
    pub(crate) fn new(workers: usize) -> Self {
        if workers <= 1 {
            return Pool::Here;
        }
        match rayon::ThreadPoolBuilder::new().num_threads(workers).build() {
            Ok(pool) => Pool::Threads(pool),
            Err(_) => Pool::Here,
        }
    }

    /// As many workers as rayon would start (`RAYON_NUM_THREADS`, else one
    /// a core), never more than `items`.
    pub(crate) fn for_items(items: usize) -> Self {
        if items <= 1 {
            return Pool::Here;
        }
        Pool::new(asked_workers().unwrap_or_else(cores).min(items))
    }

    /// Runs `work` on the pool (a parallel iterator in it stays on it).
    pub(crate) fn install<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        match self {
            Pool::Threads(pool) => pool.install(work),
            Pool::Here => work(),
        }
    }

    /// Runs `work` once on each worker, all at once.
    pub(crate) fn on_every_worker(&self, work: impl Fn() + Sync) {
        match self {
            Pool::Threads(pool) => {
                pool.broadcast(|_| work());
            }
            Pool::Here => work(),
        }
    }

    /// `each(i)` for `i` in `0..count`, in order; spread over the workers.
    pub(crate) fn map_each<T: Send>(
        &self,
        count: usize,
        each: impl Fn(usize) -> T + Sync + Send,
    ) -> Vec<T> {
        match self {
            Pool::Threads(pool) => pool.install(|| (0..count).into_par_iter().map(each).collect()),
            Pool::Here => (0..count).map(each).collect(),
        }
    }
}

/// How many workers `RAYON_NUM_THREADS` asks for (a number above 0).
pub(crate) fn asked_workers() -> Option<usize> {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n > 0)
}

/// How many cores this process may use. Asked only when there is more than
/// one item to share: on Linux the answer reads the control group's CPU
/// quota, a dozen system calls a cold run of one data file does without.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Runs `work` on items `0..count` over `pool`, each worker taking the
/// next item in input order, and hands the results to `taker` in input
/// order (`after` runs whenever some were taken); returns the taker.
pub(crate) fn for_each_in_turn<T>(
    pool: &Pool,
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
    pool.on_every_worker(worker);
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
            &Pool::new(3),
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

    /// One worker is the calling thread, without a pool; several are the
    /// pool's threads, each running the work once; both map in order.
    #[test]
    fn one_worker_is_the_calling_thread_several_are_the_pools() {
        let caller = std::thread::current().id();
        let ran_on = |pool: &Pool, count| {
            let threads = Mutex::new(Vec::new());
            let log = for_each_in_turn(
                pool,
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
        for one in [Pool::new(1), Pool::for_items(1), Pool::for_items(0)] {
            assert!(matches!(one, Pool::Here));
        }
        assert_eq!(ran_on(&Pool::for_items(1), 1), [caller]);

        let three = Pool::new(3);
        assert!(!ran_on(&three, 50).contains(&caller));
        let workers = Mutex::new(Vec::new());
        three.on_every_worker(|| workers.lock().unwrap().push(std::thread::current().id()));
        let mut workers = workers.into_inner().unwrap();
        workers.sort_by_key(|id| format!("{id:?}"));
        workers.dedup();
        assert_eq!(workers.len(), 3);
        assert!(!workers.contains(&caller));

        let squares: Vec<usize> = (0..1000).map(|i| i * i).collect();
        assert_eq!(Pool::Here.map_each(1000, |i| i * i), squares);
        assert_eq!(three.map_each(1000, |i| i * i), squares);
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
                    &Pool::new(2),
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
