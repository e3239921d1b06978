//! Awaiting two futures at once, in a fixed order.

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
