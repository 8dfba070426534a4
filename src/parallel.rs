//! Two pieces of work at once, on the two cores the tool is made for.

/// Runs `a` and `b`, at once on two threads if `parallel`, and returns both
/// results. A panic in either goes on in the caller.
pub fn both<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !parallel {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        let a = a
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// Runs `work` on each half of `items`, the first half on a thread of its
/// own if `parallel`; where no thread can be had, both halves here.
pub fn each_half<T: Send>(items: &mut [T], parallel: bool, work: impl Fn(&mut [T]) + Sync) {
    if !parallel {
        return work(items);
    }
    let half = items.len() / 2;
    let (first, second) = items.split_at_mut(half);
    let work = &work;
    let first_apart = std::thread::scope(|scope| {
        let apart = std::thread::Builder::new().spawn_scoped(scope, move || work(first));
        work(second);
        apart.is_ok()
    });
    if !first_apart {
        // No thread to spare: done here.
        work(&mut items[..half]);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_half_does_the_work_on_every_item_once() {
        for parallel in [false, true] {
            for len in [0, 1, 2, 7] {
                let mut items: Vec<u32> = (0..len).collect();
                super::each_half(&mut items, parallel, |half| {
                    half.iter_mut().for_each(|item| *item += 100);
                });
                let expected: Vec<u32> = (100..100 + len).collect();
                assert_eq!(items, expected, "parallel {parallel}, {len} items");
            }
        }
    }
}
