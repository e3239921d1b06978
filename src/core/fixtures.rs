//! Shared test fixtures: a login transaction, and the few pieces needed to
//! drive futures by hand (a waker that counts its wakes, a future that is
//! pending a set number of times). Compiled for tests and, with the
//! `fixtures` feature, for the fuzz targets.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use super::secret::{CodeVerifier, Nonce, State};
use super::transaction::Transaction;

/// A login transaction for `https://app.example/cb`, state `abc`, nonce `n`,
/// verifier `v`, scope `openid`, created at 1000.
pub fn transaction() -> Transaction {
    Transaction {
        verifier: CodeVerifier::new("v".into()),
        state: State::new("abc".into()),
        nonce: Nonce::new("n".into()),
        redirect_uri: "https://app.example/cb".into(),
        scope: "openid".into(),
        audience: "https://api.example".into(),
        app_state: None,
        created_at: 1000,
    }
}

struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A waker, and a function that tells how often it was woken.
pub fn counting_waker() -> (Waker, impl Fn() -> usize) {
    let counter = Arc::new(Counter(AtomicUsize::new(0)));
    let count = counter.clone();
    (Waker::from(counter), move || count.0.load(Ordering::SeqCst))
}

/// Polls `future` once with `waker`.
pub fn poll<F: Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    Pin::new(future).poll(&mut Context::from_waker(waker))
}

/// A future that is pending `pending` times, then ready with `output`; it
/// logs its name at every poll.
pub struct Steps<'a, T> {
    name: &'static str,
    pending: u32,
    output: Option<T>,
    log: &'a RefCell<Vec<&'static str>>,
}

impl<'a, T> Steps<'a, T> {
    /// See [`Steps`].
    pub fn new(
        name: &'static str,
        pending: u32,
        output: T,
        log: &'a RefCell<Vec<&'static str>>,
    ) -> Self {
        Steps {
            name,
            pending,
            output: Some(output),
            log,
        }
    }
}

impl<T: Unpin> Future for Steps<'_, T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        this.log.borrow_mut().push(this.name);
        if this.pending == 0 {
            return Poll::Ready(this.output.take().expect("polled after completion"));
        }
        this.pending -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
