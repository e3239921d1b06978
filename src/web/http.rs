//! HTTP over `fetch`, every request bounded by a timeout that aborts it
//! through an `AbortController`.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, Response};
use wasm_bindgen::prelude::*;

use super::timer::{clear_timeout, set_timeout};

/// Why a request has no response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The deadline fired first.
    Timeout,
    /// It failed before any HTTP response arrived (offline, DNS, CORS,
    /// connection refused), or could not be built.
    Network,
}

/// Aborts its controller after `ms` unless dropped first.
pub struct Deadline {
    controller: web_sys::AbortController,
    fired: Rc<Cell<bool>>,
    id: JsValue,
    _handler: Closure<dyn FnMut()>,
}

impl Deadline {
    /// Starts a deadline `ms` from now.
    pub fn start(ms: u32) -> Result<Deadline, Failure> {
        let controller = web_sys::AbortController::new().map_err(|_| Failure::Network)?;
        let fired = Rc::new(Cell::new(false));
        let handler = {
            let (controller, fired) = (controller.clone(), fired.clone());
            Closure::new(move || {
                fired.set(true);
                controller.abort();
            })
        };
        let id = set_timeout(handler.as_ref(), ms.min(i32::MAX as u32) as i32);
        Ok(Deadline {
            controller,
            fired,
            id,
            _handler: handler,
        })
    }

    /// The signal that aborts when the deadline fires.
    pub fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    /// A signal that aborts on the deadline or on `callers`, whichever comes
    /// first (`AbortSignal.any`). Where the browser lacks `AbortSignal.any`
    /// (before Chrome 116, Firefox 124, Safari 17.4) the caller's signal
    /// alone: it is theirs to abort, and the timeout then does not apply.
    pub fn signal_with(&self, callers: Option<&web_sys::AbortSignal>) -> web_sys::AbortSignal {
        let Some(callers) = callers else {
            return self.signal();
        };
        let any = js_sys::Reflect::get(&js_sys::global(), &"AbortSignal".into())
            .and_then(|ctor| js_sys::Reflect::get(&ctor, &"any".into()))
            .and_then(|any| any.dyn_into::<js_sys::Function>());
        let combined = any.and_then(|any| {
            let both = js_sys::Array::of2(callers, &self.signal());
            any.call1(&JsValue::NULL, &both)
        });
        match combined {
            Ok(signal) if signal.is_object() => signal.unchecked_into(),
            _ => callers.clone(),
        }
    }

    /// Why a request under this deadline failed: a timeout if it fired.
    pub fn failure(&self) -> Failure {
        if self.fired.get() {
            Failure::Timeout
        } else {
            Failure::Network
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// A whole response, its body read as text.
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `Retry-After` header, if the response has one that the page may
    /// read (cross-origin, the server must expose it).
    pub retry_after: Option<String>,
    /// The body.
    pub body: String,
}

/// POSTs `body` and reads the whole answer as text, within `timeout_ms`.
pub async fn post(
    url: &str,
    content_type: &str,
    body: String,
    timeout_ms: u32,
) -> Result<HttpResponse, Failure> {
    let deadline = Deadline::start(timeout_ms)?;
    let request = request("POST", url, Some((content_type, &body)), &deadline)?;
    read(request, &deadline).await
}

/// GETs `url` and reads the whole answer as text, within `timeout_ms`.
pub async fn get(url: &str, timeout_ms: u32) -> Result<HttpResponse, Failure> {
    let deadline = Deadline::start(timeout_ms)?;
    let request = request("GET", url, None, &deadline)?;
    read(request, &deadline).await
}

/// A request for JSON, with an optional body of the given content type,
/// aborted by `deadline`. Built with web-sys directly: gloo-net's builder
/// would resolve the URL through a second `Request` and a `URL` first.
fn request(
    method: &str,
    url: &str,
    body: Option<(&str, &str)>,
    deadline: &Deadline,
) -> Result<web_sys::Request, Failure> {
    let headers = web_sys::Headers::new().map_err(|_| deadline.failure())?;
    let _ = headers.set("Accept", "application/json");
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_signal(Some(&deadline.signal()));
    if let Some((content_type, body)) = body {
        let _ = headers.set("Content-Type", content_type);
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| deadline.failure())
}

/// Sends `request` and reads the whole answer as text.
async fn read(request: web_sys::Request, deadline: &Deadline) -> Result<HttpResponse, Failure> {
    let response = Response::from(send(request, deadline).await?);
    let status = response.status();
    let retry_after = response.headers().get("Retry-After");
    let body = response.text().await.map_err(|_| deadline.failure())?;
    Ok(HttpResponse {
        status,
        retry_after,
        body,
    })
}

/// Sends a prepared `Request` with gloo-net, within `deadline`. The caller
/// builds the request with the deadline's signal.
pub async fn send(
    request: web_sys::Request,
    deadline: &Deadline,
) -> Result<web_sys::Response, Failure> {
    Request::from(request)
        .send()
        .await
        .map(web_sys::Response::from)
        .map_err(|_| deadline.failure())
}
