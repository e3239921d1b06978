//! HTTP over `fetch`, every request bounded by a timeout that aborts it
//! through an `AbortController`, and every answer the SDK reads itself
//! bounded in size while it is read: past the limit the request is aborted.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::timer::{clear_timeout, set_timeout};
use crate::core::retry::digits;

/// Why a request has no response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The deadline fired first.
    Timeout,
    /// It failed before any HTTP response arrived (offline, DNS, CORS,
    /// connection refused), or could not be built.
    Network,
    /// The body is longer than the caller's limit (by its `Content-Length`,
    /// or once more bytes arrived): the request was aborted there.
    TooLarge,
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

    /// Aborts the request now (its body no longer wanted).
    fn abort(&self) -> Failure {
        self.controller.abort();
        Failure::TooLarge
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

/// A whole response, its body read as text (at most the caller's limit).
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `Retry-After` header, if the response has one that the page may
    /// read (cross-origin, the server must expose it).
    pub retry_after: Option<String>,
    /// The `DPoP-Nonce` header (RFC 9449 §8), if the server sent one that
    /// the page may read.
    pub dpop_nonce: Option<String>,
    /// The body.
    pub body: String,
}

/// POSTs `body` and reads the whole answer as text, within `timeout_ms`,
/// if it is at most `limit` bytes. `dpop`: a `DPoP` header to send.
pub async fn post(
    url: &str,
    content_type: &str,
    body: &str,
    dpop: Option<&str>,
    timeout_ms: u32,
    limit: usize,
) -> Result<HttpResponse, Failure> {
    let deadline = Deadline::start(timeout_ms)?;
    let request = request("POST", url, Some((content_type, body)), &deadline)?;
    if let Some(proof) = dpop {
        request
            .headers()
            .set("DPoP", proof)
            .map_err(|_| Failure::Network)?;
    }
    read(request, &deadline, limit).await
}

/// GETs `url` and reads the whole answer as text, within `timeout_ms`, if
/// it is at most `limit` bytes.
pub async fn get(url: &str, timeout_ms: u32, limit: usize) -> Result<HttpResponse, Failure> {
    let deadline = Deadline::start(timeout_ms)?;
    let request = request("GET", url, None, &deadline)?;
    read(request, &deadline, limit).await
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

/// Sends `request` and reads the whole answer as text, chunk by chunk from
/// the body's stream: a `Content-Length` over `limit`, or a chunk that would
/// take the body past it, aborts the request before the chunk is copied.
/// A body that is not UTF-8 is read as empty (JSON is UTF-8, RFC 8259 §8.1:
/// the caller's parser then refuses it).
async fn read(
    request: web_sys::Request,
    deadline: &Deadline,
    limit: usize,
) -> Result<HttpResponse, Failure> {
    let response = send(request, deadline).await?;
    let headers = response.headers();
    let header = |name| headers.get(name).ok().flatten();
    // 1*DIGIT (RFC 9110 §8.6).
    if header("Content-Length").and_then(|n| digits(n.as_bytes())) > Some(limit as u64) {
        return Err(deadline.abort());
    }
    let mut body = Vec::new();
    if let Some(stream) = response.body() {
        let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        loop {
            let next: web_sys::ReadableStreamReadResult = JsFuture::from(reader.read())
                .await
                .map_err(|_| deadline.failure())?
                .unchecked_into();
            // { done, value }: `value` is a chunk until the end (Streams §4.3).
            let chunk = next.get_value();
            if chunk.is_undefined() {
                break;
            }
            let chunk: Uint8Array = chunk.unchecked_into();
            let at = body.len();
            let len = chunk.length() as usize;
            if at + len > limit {
                return Err(deadline.abort());
            }
            body.resize(at + len, 0);
            chunk.copy_to(&mut body[at..]);
        }
    }
    Ok(HttpResponse {
        status: response.status(),
        retry_after: header("Retry-After"),
        dpop_nonce: header("DPoP-Nonce"),
        body: String::from_utf8(body).unwrap_or_default(),
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
