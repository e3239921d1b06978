//! HTTP over `fetch`, every request bounded by a timeout that aborts it
//! through an `AbortController`.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, Response};
use wasm_bindgen::prelude::*;

use crate::core::{AuthError, ErrorCode};

use super::timer::{clear_timeout, set_timeout};

/// Aborts its controller after `ms` unless dropped first.
pub struct Deadline {
    controller: web_sys::AbortController,
    fired: Rc<Cell<bool>>,
    id: JsValue,
    _handler: Closure<dyn FnMut()>,
}

impl Deadline {
    pub fn start(ms: u32) -> Result<Deadline, AuthError> {
        let controller = web_sys::AbortController::new().map_err(|_| {
            AuthError::new(ErrorCode::NetworkError, "AbortController is not available")
        })?;
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

    pub fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    /// The error for a failed request: a timeout if the deadline fired.
    pub fn failure(&self) -> AuthError {
        if self.fired.get() {
            AuthError::new(
                ErrorCode::Timeout,
                "the request did not complete within timeoutMs",
            )
        } else {
            AuthError::new(
                ErrorCode::NetworkError,
                "the request failed before a response arrived (offline, DNS, CORS or connection refused)",
            )
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

pub struct HttpResponse {
    pub status: u16,
    pub body: String,
}

/// POSTs `body` and reads the whole answer as text, within `timeout_ms`.
pub async fn post(
    url: &str,
    content_type: &str,
    body: String,
    timeout_ms: u32,
) -> Result<HttpResponse, AuthError> {
    let deadline = Deadline::start(timeout_ms)?;
    let request = request("POST", url, Some((content_type, &body)), &deadline)?;
    read(request, &deadline).await
}

/// GETs `url` and reads the whole answer as text, within `timeout_ms`.
pub async fn get(url: &str, timeout_ms: u32) -> Result<HttpResponse, AuthError> {
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
) -> Result<web_sys::Request, AuthError> {
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
async fn read(request: web_sys::Request, deadline: &Deadline) -> Result<HttpResponse, AuthError> {
    let response = Response::from(send(request, deadline).await?);
    let status = response.status();
    let body = response.text().await.map_err(|_| deadline.failure())?;
    Ok(HttpResponse { status, body })
}

/// Sends a prepared `Request` with gloo-net, within `deadline`. The caller
/// builds the request with the deadline's signal.
pub async fn send(
    request: web_sys::Request,
    deadline: &Deadline,
) -> Result<web_sys::Response, AuthError> {
    Request::from(request)
        .send()
        .await
        .map(web_sys::Response::from)
        .map_err(|_| deadline.failure())
}
