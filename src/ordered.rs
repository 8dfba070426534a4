//! Numbered jobs made on several threads and taken strictly in their
//! order, in bounded memory.
//!
//! Several outputs are made a stretch at a time on every core and written
//! in file order. A worker that runs ahead of a slow stretch has its
//! results held until that stretch's turn; without a bound, one very slow
//! stretch (a huge group, very long names) while the other cores race
//! through the rest would hold most of the output. Here no worker starts
//! job `k + W` before job `k` has been taken (`W` is the window, a few jobs
//! a thread), so at most `W` jobs are being made or wait to be taken at any
//! time, whatever the jobs cost.
//!
//! The consumer runs on the calling thread; the first error it returns
//! stops the workers (they finish the job in hand and start no other) and
//! is returned once they have. An error of a job's own travels in its
//! result (`T = Result<_, _>`), so it reaches the consumer in its turn,
//! after every earlier job's result. A panic on a worker is resumed on the
//! calling thread.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Jobs a thread may be ahead of the one to be taken next: enough that
/// stretches of somewhat different costs keep every core busy, few enough
/// that what waits stays a few stretches.
pub const WINDOW_PER_THREAD: usize = 4;

/// How jobs are made in order: on how many threads, within what window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InOrder {
    threads: usize,
    window: usize,
}

impl InOrder {
    /// Jobs made on `threads` threads (at least one), at most
    /// [`WINDOW_PER_THREAD`] a thread ahead of the one taken next. With
    /// one thread the jobs are made on the calling thread.
    pub fn on(threads: usize) -> InOrder {
        let threads = threads.max(1);
        InOrder {
            threads,
            window: threads.saturating_mul(WINDOW_PER_THREAD),
        }
    }

    /// The same, with a window of `window` jobs (at least one).
    pub fn within(self, window: usize) -> InOrder {
        InOrder {
            window: window.max(1),
            ..self
        }
    }

    /// The window: jobs being made or waiting to be taken, at most.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Makes each of `jobs` with `make` and hands the results to `take` in
    /// the jobs' order; the first error of `take` stops the run.
    pub fn run<J, T, E>(
        &self,
        jobs: impl IntoIterator<Item = J, IntoIter: Send>,
        make: impl Fn(J) -> T + Sync,
        take: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: Send,
    {
        self.run_with(jobs, || (), |(), job| make(job), take)
    }

    /// [`InOrder::run`] with a state of each thread's (made by `state`,
    /// such as a buffer used again from job to job) lent to `make`.
    pub fn run_with<J, S, T, E>(
        &self,
        jobs: impl IntoIterator<Item = J, IntoIter: Send>,
        state: impl Fn() -> S + Sync,
        make: impl Fn(&mut S, J) -> T + Sync,
        mut take: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: Send,
    {
        let jobs = jobs.into_iter();
        if self.threads <= 1 {
            let mut state = state();
            for job in jobs {
                take(make(&mut state, job))?;
            }
            return Ok(());
        }
        // Dropped when the run ends, so that a thread feeding the jobs
        // through a channel finds it closed and stops.
        let source = Mutex::new(jobs);
        let window = Window::new(self.window);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..self.threads)
                .map(|_| {
                    let (source, window, state, make) = (&source, &window, &state, &make);
                    scope.spawn(move || {
                        let _leaving = Leaving(window);
                        let mut state = state();
                        while let Some((index, job)) = window.next_job(source) {
                            window.deliver(index, make(&mut state, job));
                        }
                    })
                })
                .collect();
            let taken = window.take_all(&mut take);
            for worker in workers {
                if let Err(panic) = worker.join() {
                    std::panic::resume_unwind(panic);
                }
            }
            taken.unwrap_or_else(|| unreachable!("only a panic ends a run unfinished"))
        })
    }
}

/// What the threads of a run share.
struct Window<T> {
    state: Mutex<State<T>>,
    /// A result has come, or a thread has ended (the consumer waits).
    made: Condvar,
    /// A result has been taken, or the run has stopped (workers wait).
    taken: Condvar,
}

struct State<T> {
    /// The results waiting to be taken: job `k`'s in slot `k % window`.
    slots: Vec<Option<T>>,
    /// Jobs handed to the workers so far.
    started: usize,
    /// Results taken so far.
    taken: usize,
    /// How many jobs there are, once the source has run out.
    jobs: Option<usize>,
    /// The consumer has stopped, or a worker has panicked.
    stopped: bool,
}

impl<T> Window<T> {
    fn new(window: usize) -> Window<T> {
        Window {
            state: Mutex::new(State {
                slots: (0..window).map(|_| None).collect(),
                started: 0,
                taken: 0,
                jobs: None,
                stopped: false,
            }),
            made: Condvar::new(),
            taken: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A thread that panicked stopped the run first; what it left is
        // still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next job with its number, once the window allows it; `None`
    /// when the jobs have run out or the run has stopped.
    fn next_job<J>(&self, source: &Mutex<impl Iterator<Item = J>>) -> Option<(usize, J)> {
        // Numbered while the source is held, so that numbers follow the
        // source's order.
        let mut source = source.lock().unwrap_or_else(PoisonError::into_inner);
        let index = {
            let mut state = self.lock();
            loop {
                if state.stopped || state.jobs.is_some() {
                    return None;
                }
                if state.started < state.taken.saturating_add(state.slots.len()) {
                    break;
                }
                state = self
                    .taken
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            state.started = state.started.saturating_add(1);
            state.started.saturating_sub(1)
        };
        match source.next() {
            Some(job) => Some((index, job)),
            None => {
                self.lock().jobs = Some(index);
                self.made.notify_one();
                None
            }
        }
    }

    /// Puts job `index`'s result in its slot (or drops it once stopped).
    fn deliver(&self, index: usize, made: T) {
        let mut state = self.lock();
        if state.stopped {
            drop(state);
            drop(made);
            return;
        }
        let slot = index % state.slots.len();
        state.slots[slot] = Some(made);
        drop(state);
        self.made.notify_one();
    }

    /// The calling thread: takes every result in order; `None` when a
    /// worker panicked.
    fn take_all<E>(&self, take: &mut impl FnMut(T) -> Result<(), E>) -> Option<Result<(), E>> {
        // However this ends (an error, a panic in `take`), the workers
        // stop rather than wait for a window that no longer moves.
        let _stopping = Stopping(self);
        loop {
            let made = {
                let mut state = self.lock();
                loop {
                    if state.jobs == Some(state.taken) {
                        return Some(Ok(()));
                    }
                    let slot = state.taken % state.slots.len();
                    if let Some(made) = state.slots[slot].take() {
                        break made;
                    }
                    if state.stopped {
                        return None;
                    }
                    state = self
                        .made
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            };
            if let Err(error) = take(made) {
                return Some(Err(error));
            }
            // The window moves on only once the result is taken, so that
            // what `take` holds counts in it too.
            let mut state = self.lock();
            state.taken = state.taken.saturating_add(1);
            drop(state);
            self.taken.notify_all();
        }
    }

    /// Stops the run: no worker starts another job.
    fn stop(&self) {
        self.lock().stopped = true;
        self.taken.notify_all();
        self.made.notify_all();
    }
}

/// Stops the run when the consumer is done, however it ends.
struct Stopping<'w, T>(&'w Window<T>);

impl<T> Drop for Stopping<'_, T> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// Stops the run when a worker panics, so that the consumer does not wait
/// for its job.
struct Leaving<'w, T>(&'w Window<T>);

impl<T> Drop for Leaving<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    /// Work that takes longer the larger `cost` is (no clocks: the tests
    /// assert what happened, never how long it took).
    fn work(cost: u32) -> u64 {
        (0..u64::from(cost) * 64).fold(0u64, |sum, n| std::hint::black_box(sum ^ n))
    }

    /// Runs jobs `0..costs.len()` of the given costs, checking the window
    /// as each job starts; the indices taken, in the order taken.
    fn run_checked(in_order: InOrder, costs: &[u32]) -> Vec<usize> {
        let taken = AtomicUsize::new(0);
        let beyond = Mutex::new(Vec::new());
        let mut order = Vec::new();
        in_order
            .run(
                costs.iter().copied().enumerate(),
                |(index, cost)| {
                    // Job `index` may start only once job `index - window`
                    // has been taken: `taken` counts the results taken
                    // (and is raised before the window moves on).
                    if index >= taken.load(SeqCst) + in_order.window() {
                        beyond.lock().unwrap().push(index);
                    }
                    work(cost);
                    index
                },
                |index| {
                    order.push(index);
                    taken.fetch_add(1, SeqCst);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
        assert_eq!(beyond.into_inner().unwrap(), Vec::<usize>::new());
        order
    }

    #[test]
    fn results_come_in_the_jobs_order() {
        // Early jobs cost the most, so later ones are made first.
        let costs: Vec<u32> = (0..200)
            .map(|n| if n % 17 == 0 { 3000 } else { n % 5 })
            .collect();
        for threads in [1, 2, 3, 4] {
            let order = run_checked(InOrder::on(threads), &costs);
            assert_eq!(order, (0..200).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn no_job_starts_a_window_ahead_of_the_one_to_take() {
        // Job 0 does not end before three others have been made: the
        // others race ahead of it as far as the window lets them.
        let made_others = AtomicUsize::new(0);
        let started_most = AtomicUsize::new(0);
        let in_order = InOrder::on(2).within(4);
        let mut taken = Vec::new();
        in_order
            .run(
                0..100usize,
                |index| {
                    started_most.fetch_max(index, SeqCst);
                    if index == 0 {
                        while made_others.load(SeqCst) < 3 {
                            std::thread::yield_now();
                        }
                        // Give a worker that ignored the window its chance
                        // to start job 4 before job 0 ends.
                        for _ in 0..1000 {
                            std::thread::yield_now();
                        }
                        // Jobs 1, 2, 3 are made; 4 waits for job 0.
                        assert_eq!(started_most.load(SeqCst), 3);
                    } else {
                        made_others.fetch_add(1, SeqCst);
                    }
                    index
                },
                |index| {
                    taken.push(index);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
        assert_eq!(taken, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn no_jobs_take_nothing() {
        for threads in [1, 2, 4] {
            let mut taken = 0;
            let outcome = InOrder::on(threads).run(
                std::iter::empty::<u32>(),
                |job| job,
                |_| {
                    taken += 1;
                    Ok::<(), ()>(())
                },
            );
            assert_eq!((outcome, taken), (Ok(()), 0), "{threads} threads");
        }
    }

    #[test]
    fn a_jobs_error_comes_in_its_turn_after_the_results_before() {
        for threads in [1, 2, 4] {
            let mut taken = Vec::new();
            let outcome = InOrder::on(threads).run(
                0..50u32,
                |job| {
                    // Job 30 fails at once, before the slower jobs before
                    // it are made.
                    if job == 30 {
                        return Err(format!("job {job} failed"));
                    }
                    work(200);
                    Ok(job)
                },
                |made| {
                    taken.push(made?);
                    Ok(())
                },
            );
            assert_eq!(
                outcome,
                Err("job 30 failed".to_owned()),
                "{threads} threads"
            );
            assert_eq!(taken, (0..30).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn a_consumers_error_stops_endless_jobs() {
        // A broken pipe after ten results: the jobs never run out, so only
        // the stop ends the run, having made no job beyond the window.
        for threads in [1, 2, 3] {
            let in_order = InOrder::on(threads);
            let made = AtomicUsize::new(0);
            let mut written = 0usize;
            let outcome = in_order.run(
                0usize..,
                |job| {
                    made.fetch_add(1, SeqCst);
                    job
                },
                |job| {
                    if job == 10 {
                        return Err("broken pipe");
                    }
                    written += 1;
                    Ok(())
                },
            );
            assert_eq!(outcome, Err("broken pipe"), "{threads} threads");
            assert_eq!(written, 10, "{threads} threads");
            // Jobs 0..=10, and at most a window's worth past job 10.
            assert!(
                made.load(SeqCst) <= 11 + in_order.window(),
                "{threads} threads"
            );
        }
    }

    #[test]
    fn a_channel_of_jobs_is_closed_when_the_run_stops() {
        // A thread feeding the jobs through a channel is left waiting for
        // room in it once the run stops, until the run drops its end.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<usize>(2);
        let sent = std::thread::scope(|scope| {
            let feeding =
                scope.spawn(move || (0..).take_while(|&n| sender.send(n).is_ok()).count());
            let outcome = InOrder::on(2).run(
                receiver,
                |job| job,
                |job| {
                    if job == 5 { Err(job) } else { Ok(()) }
                },
            );
            assert_eq!(outcome, Err(5));
            feeding.join().unwrap()
        });
        // Job 5 and at most a window and the channel's room more.
        assert!((6..6 + 8 + 2 + 1).contains(&sent), "{sent} sent");
    }

    #[test]
    fn one_thread_makes_the_jobs_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let mut taken = Vec::new();
        InOrder::on(1)
            .run(
                0..5u32,
                |job| {
                    assert_eq!(std::thread::current().id(), caller);
                    job * 10
                },
                |made| {
                    taken.push(made);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
        assert_eq!(taken, [0, 10, 20, 30, 40]);
    }

    #[test]
    fn each_thread_keeps_its_own_state() {
        // Each thread's state counts the jobs it made: together, every job.
        let counts = Mutex::new(Vec::new());
        struct Counter<'c>(usize, &'c Mutex<Vec<usize>>);
        impl Drop for Counter<'_> {
            fn drop(&mut self) {
                self.1.lock().unwrap().push(self.0);
            }
        }
        let mut taken = 0;
        InOrder::on(3)
            .run_with(
                0..40u32,
                || Counter(0, &counts),
                |counter, job| {
                    counter.0 += 1;
                    job
                },
                |_| {
                    taken += 1;
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
        let counts = counts.into_inner().unwrap();
        assert_eq!(
            (counts.len(), counts.iter().sum::<usize>(), taken),
            (3, 40, 40)
        );
    }

    #[test]
    fn a_workers_panic_reaches_the_caller() {
        let outcome = std::panic::catch_unwind(|| {
            InOrder::on(2).run(
                0..1000u32,
                |job| {
                    assert_ne!(job, 7, "job 7 panics");
                    job
                },
                |_| Ok::<(), ()>(()),
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn a_consumers_panic_stops_the_workers() {
        let outcome = std::panic::catch_unwind(|| {
            InOrder::on(2).run(
                0usize..,
                |job| job,
                |job| {
                    assert_ne!(job, 7, "taking job 7 panics");
                    Ok::<(), ()>(())
                },
            )
        });
        assert!(outcome.is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_costs_come_in_order_within_the_window(
            costs in prop::collection::vec(prop_oneof![4 => 0u32..20, 1 => 200u32..1500], 0..120),
            threads in 1usize..5,
            window in 1usize..10,
        ) {
            let order = run_checked(InOrder::on(threads).within(window), &costs);
            prop_assert_eq!(order, (0..costs.len()).collect::<Vec<_>>());
        }
    }
}
