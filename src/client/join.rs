//! Awaiting two futures at once, in a fixed order.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

/// Runs `first` and `second` concurrently and returns both outputs. Each
/// poll polls `first` before `second`, so a request `first` starts goes out
/// before one `second` starts.
pub async fn join<A: Future, B: Future>(first: A, second: B) -> (A::Output, B::Output) {
    let (mut first, mut second) = (pin!(first), pin!(second));
    let (mut a, mut b) = (None, None);
    poll_fn(|cx| {
        if a.is_none() {
            if let Poll::Ready(out) = first.as_mut().poll(cx) {
                a = Some(out);
            }
        }
        if b.is_none() {
            if let Poll::Ready(out) = second.as_mut().poll(cx) {
                b = Some(out);
            }
        }
        match (a.take(), b.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (done_a, done_b) => {
                (a, b) = (done_a, done_b);
                Poll::Pending
            }
        }
    })
    .await
}
