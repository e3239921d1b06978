//! One shared result for many waiters: concurrent `getAccessToken()` calls in
//! a tab join the refresh already under way instead of starting their own.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct Slot<T> {
    outcome: Option<T>,
    wakers: Vec<Waker>,
}

/// A result that one task completes and any number of tasks await.
#[derive(Clone)]
pub struct InFlight<T>(Rc<RefCell<Slot<T>>>);

impl<T> Default for InFlight<T> {
    fn default() -> Self {
        InFlight(Rc::new(RefCell::new(Slot {
            outcome: None,
            wakers: Vec::new(),
        })))
    }
}

impl<T: Clone> InFlight<T> {
    /// Hands `outcome` to every waiter, present and future.
    pub fn complete(&self, outcome: T) {
        let wakers = {
            let mut slot = self.0.borrow_mut();
            slot.outcome = Some(outcome);
            std::mem::take(&mut slot.wakers)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    /// A future that resolves to the outcome once it is complete.
    pub fn wait(&self) -> Wait<T> {
        Wait(self.clone())
    }
}

/// The future of [`InFlight::wait`].
pub struct Wait<T>(InFlight<T>);

impl<T: Clone> Future for Wait<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = (self.0).0.borrow_mut();
        match &slot.outcome {
            Some(outcome) => Poll::Ready(outcome.clone()),
            None => {
                slot.wakers.push(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::{counting_waker, poll};

    #[test]
    fn every_waiter_gets_the_one_outcome_and_is_woken_once() {
        let flight = InFlight::<Result<u32, &str>>::default();
        let (waker, wakes) = counting_waker();
        let mut first = Box::pin(flight.wait());
        let mut second = Box::pin(flight.wait());
        assert_eq!(poll(&mut first, &waker), Poll::Pending);
        assert_eq!(poll(&mut second, &waker), Poll::Pending);
        assert_eq!(wakes(), 0);
        flight.complete(Ok(7));
        assert_eq!(wakes(), 2);
        assert_eq!(poll(&mut first, &waker), Poll::Ready(Ok(7)));
        assert_eq!(poll(&mut second, &waker), Poll::Ready(Ok(7)));
        // A waiter that comes after completion gets it at once, errors too.
        let late = InFlight::<Result<u32, &str>>::default();
        late.complete(Err("timeout"));
        assert_eq!(
            poll(&mut Box::pin(late.wait()), &waker),
            Poll::Ready(Err("timeout"))
        );
        assert_eq!(wakes(), 2);
    }
}
