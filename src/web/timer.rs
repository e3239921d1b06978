//! `setTimeout` for windows and workers alike, and a one-shot notification
//! that can be awaited with a time bound.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(handler: &JsValue, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue);
}

/// Resolved by `notify()`, or by the time bound of `wait`.
pub struct Notify {
    promise: Promise,
    resolve: Rc<RefCell<Option<Function>>>,
}

impl Notify {
    pub fn new() -> Notify {
        let resolve = Rc::new(RefCell::new(None));
        let slot = resolve.clone();
        let promise = Promise::new(&mut |res, _rej| {
            *slot.borrow_mut() = Some(res);
        });
        Notify { promise, resolve }
    }

    pub fn notify(&self) {
        if let Some(f) = self.resolve.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    }

    /// Waits for `notify()`, at most `ms` milliseconds.
    pub async fn wait(&self, ms: u32) {
        let resolve = self.resolve.borrow().clone();
        let timer = resolve.map(|f| set_timeout(&f, ms.min(i32::MAX as u32) as i32));
        let _ = JsFuture::from(self.promise.clone()).await;
        if let Some(id) = timer {
            clear_timeout(&id);
        }
    }
}

impl Default for Notify {
    fn default() -> Self {
        Self::new()
    }
}

/// The wait was cut short by its abort signal.
#[derive(Debug)]
pub struct Aborted;

/// Waits `ms` milliseconds, or until `signal` aborts (then `Err(Aborted)`,
/// at once). The promise's own resolve and reject functions serve as the
/// timer handler and the abort listener: no Rust closure is kept alive.
pub async fn sleep(ms: u32, signal: Option<&web_sys::AbortSignal>) -> Result<(), Aborted> {
    if signal.is_some_and(|s| s.aborted()) {
        return Err(Aborted);
    }
    let (mut resolve, mut reject) = (None, None);
    let promise = Promise::new(&mut |res, rej| {
        resolve = Some(res);
        reject = Some(rej);
    });
    let (Some(resolve), Some(reject)) = (resolve, reject) else {
        return Ok(());
    };
    let id = set_timeout(&resolve, ms.min(i32::MAX as u32) as i32);
    if let Some(s) = signal {
        let _ = s.add_event_listener_with_callback("abort", &reject);
    }
    let outcome = JsFuture::from(promise).await;
    clear_timeout(&id);
    if let Some(s) = signal {
        let _ = s.remove_event_listener_with_callback("abort", &reject);
    }
    outcome.map(|_| ()).map_err(|_| Aborted)
}
