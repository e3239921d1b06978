//! Awaiting two futures at once, in a fixed order: the callback exchanges the
//! code while it fetches the key set, and the token request goes out first.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

/// Runs `first` and `second` concurrently. Each poll polls `first` before
/// `second`, so a request `first` starts goes out before one `second`
/// starts. Returns `first`'s error as soon as it fails (dropping `second`),
/// and otherwise both outputs once both are done.
pub async fn join<T, E, A, B>(first: A, second: B) -> Result<(T, B::Output), E>
where
    A: Future<Output = Result<T, E>>,
    B: Future,
{
    let (mut first, mut second) = (pin!(first), pin!(second));
    let (mut a, mut b) = (None, None);
    poll_fn(|cx| {
        if a.is_none() {
            match first.as_mut().poll(cx) {
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(out)) => a = Some(out),
                Poll::Pending => {}
            }
        }
        if b.is_none() {
            if let Poll::Ready(out) = second.as_mut().poll(cx) {
                b = Some(out);
            }
        }
        match (a.take(), b.take()) {
            (Some(a), Some(b)) => Poll::Ready(Ok((a, b))),
            (done_a, done_b) => {
                (a, b) = (done_a, done_b);
                Poll::Pending
            }
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::{counting_waker, poll, Steps};
    use std::cell::RefCell;

    #[test]
    fn polls_the_first_future_first_and_a_finished_one_never_again() {
        let log = RefCell::new(Vec::new());
        let (waker, _) = counting_waker();
        let mut both = Box::pin(join(
            Steps::new("first", 1, Ok::<_, ()>(1), &log),
            Steps::new("second", 3, 2, &log),
        ));
        for _ in 0..3 {
            assert_eq!(poll(&mut both, &waker), Poll::Pending);
        }
        assert_eq!(poll(&mut both, &waker), Poll::Ready(Ok((1, 2))));
        assert_eq!(
            *log.borrow(),
            ["first", "second", "first", "second", "second", "second"]
        );
    }

    #[test]
    fn the_first_futures_error_ends_the_join_without_waiting_for_the_second() {
        let log = RefCell::new(Vec::new());
        let (waker, _) = counting_waker();
        let mut both = Box::pin(join(
            Steps::new("first", 1, Err::<u8, _>("refused"), &log),
            Steps::new("second", 100, (), &log),
        ));
        assert_eq!(poll(&mut both, &waker), Poll::Pending);
        assert_eq!(poll(&mut both, &waker), Poll::Ready(Err("refused")));
        assert_eq!(*log.borrow(), ["first", "second", "first"]);
    }
}
