//! One shared result for many waiters: concurrent `getAccessToken()` calls in
//! a tab join the refresh already under way instead of starting their own.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::core::AuthError;

type Outcome = Result<String, AuthError>;

#[derive(Default)]
struct Slot {
    outcome: Option<Outcome>,
    wakers: Vec<Waker>,
}

#[derive(Clone, Default)]
pub struct InFlight(Rc<RefCell<Slot>>);

impl InFlight {
    /// Hands `outcome` to every waiter, present and future.
    pub fn complete(&self, outcome: Outcome) {
        let wakers = {
            let mut slot = self.0.borrow_mut();
            slot.outcome = Some(outcome);
            std::mem::take(&mut slot.wakers)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    pub fn wait(&self) -> Wait {
        Wait(self.clone())
    }
}

pub struct Wait(InFlight);

impl Future for Wait {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
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
