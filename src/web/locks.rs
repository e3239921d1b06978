//! Web Locks (`navigator.locks`): one holder of a named lock at a time across
//! the tabs and workers of an origin. Without Web Locks (old browsers) the
//! work runs unlocked, which is still safe within one tab.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

fn lock_manager() -> Option<JsValue> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// A held lock; dropping it releases the lock.
pub struct Held(Option<Function>);

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(release) = self.0.take() {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

/// Waits for the lock `name` and holds it until the returned guard drops.
/// Not generic over the work done under it: one copy of this code serves
/// every caller.
pub async fn acquire(name: &str) -> Held {
    let Some(locks) = lock_manager() else {
        return Held(None);
    };
    let Ok(request) =
        Reflect::get(&locks, &"request".into()).and_then(|r| r.dyn_into::<Function>())
    else {
        return Held(None);
    };
    // Granted: the lock callback ran, and handed over the resolve function
    // of the promise it returned; the lock is released when that settles.
    let mut granted_resolve = None;
    let granted = Promise::new(&mut |res, _| granted_resolve = Some(res));
    let Some(resolve) = granted_resolve else {
        return Held(None);
    };
    let on_grant = resolve.clone();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        Promise::new(&mut |release, _| {
            let _ = on_grant.call1(&JsValue::NULL, &release);
        })
    });
    let Ok(requested) = request.call2(&locks, &JsValue::from_str(name), &callback) else {
        return Held(None);
    };
    // A request the browser refuses (an opaque origin, a document no longer
    // active) rejects its promise instead of calling back: that settles the
    // wait too, with no release function, so the work runs unlocked rather
    // than never.
    let then = Reflect::get(&requested, &"then".into()).and_then(|t| t.dyn_into::<Function>());
    if let Ok(then) = then {
        let _ = then.call2(&requested, &JsValue::UNDEFINED, &resolve);
    }
    let release = JsFuture::from(granted).await.ok();
    Held(release.and_then(|r| r.dyn_into::<Function>().ok()))
}
