//! Web Locks (`navigator.locks`): one holder of a named lock at a time across
//! the tabs and workers of an origin. Without Web Locks (old browsers) the
//! work runs unlocked, which is still safe within one tab.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

fn lock_manager() -> Option<JsValue> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Runs `work` while holding the lock `name`.
pub async fn with_lock<T>(name: &str, work: impl Future<Output = T>) -> T {
    let Some(locks) = lock_manager() else {
        return work.await;
    };
    let Ok(request) =
        Reflect::get(&locks, &"request".into()).and_then(|r| r.dyn_into::<Function>())
    else {
        return work.await;
    };
    // Granted: the lock callback ran. Released: the promise it returned settles.
    let release: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
    let mut granted_resolve = None;
    let granted = Promise::new(&mut |res, _| granted_resolve = Some(res));
    let release_slot = release.clone();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        if let Some(g) = &granted_resolve {
            let _ = g.call0(&JsValue::NULL);
        }
        Promise::new(&mut |res, _| *release_slot.borrow_mut() = Some(res))
    });
    if request
        .call2(&locks, &JsValue::from_str(name), &callback)
        .is_err()
    {
        return work.await;
    }
    let _ = JsFuture::from(granted).await;
    let out = work.await;
    if let Some(r) = release.borrow_mut().take() {
        let _ = r.call0(&JsValue::NULL);
    }
    out
}
