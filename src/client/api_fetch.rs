//! The partner API (RFC 6750 §2.1): `fetch` with a fresh bearer token, only
//! under `apiBaseUrl`. On 401 one refresh and one retry; on 429, and on 503
//! or a failed connection for idempotent methods, up to three retries after
//! the server's `Retry-After` or a jittered backoff (`core::retry`).

use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, Request, RequestInit, RequestRedirect, Response, ResponseType};

use super::Client;
use crate::core::dpop::resource_wants_nonce;
use crate::core::json::decimal;
use crate::core::retry::{retry_delay, Attempt};
use crate::core::secret::AccessToken;
use crate::core::url::api_url;
use crate::core::{AuthError, ErrorCode};
use crate::web::http::{self, Deadline, Failure};
use crate::web::{clock, timer};

/// What the caller fetches: a path or URL, or a whole `Request` (as
/// openapi-fetch passes it).
pub enum FetchInput {
    /// A path under `apiBaseUrl`, or an absolute URL under it.
    Url(String),
    /// A `Request`; its URL must lie under `apiBaseUrl`. It is cloned for
    /// each attempt, so its body can be sent again.
    Request(Request),
}

fn bad_init() -> AuthError {
    AuthError::new(
        ErrorCode::InvalidRequest,
        "the fetch init could not build a Request",
    )
}

fn aborted() -> AuthError {
    AuthError::new(ErrorCode::Aborted, "the request was aborted by its signal")
}

/// What follows an attempt.
enum Next {
    /// Hand the answer to the caller.
    Done,
    /// The token was refused: refresh it and send again (once).
    Refresh,
    /// Busy or unreachable: wait this many milliseconds and send again.
    Wait(u32),
}

/// Judges an attempt's answer: a 401 is refreshed once, a redirect is not
/// followed, and `core::retry` decides whether a busy or failed one is sent
/// again.
fn next(
    answer: &Result<Response, Failure>,
    method: &str,
    signal: Option<&AbortSignal>,
    refreshed: bool,
    retries: u32,
) -> Result<Next, AuthError> {
    let retry_after: Option<String>;
    let attempt = match answer {
        Ok(r) if r.status() == 401 && !refreshed => return Ok(Next::Refresh),
        Ok(r) if r.status() == 401 => {
            return Err(AuthError::new(
                ErrorCode::InvalidToken,
                "the partner API rejected a freshly refreshed access token (HTTP 401)",
            ))
        }
        Ok(r) if r.type_() == ResponseType::Opaqueredirect => {
            return Err(AuthError::new(
                ErrorCode::InvalidResponse,
                "the partner API answered with a redirect, which is not followed: the token stays with the request's URL",
            ))
        }
        Ok(r) => {
            retry_after = r.headers().get("Retry-After").ok().flatten();
            Attempt::Answered(r.status(), retry_after.as_deref())
        }
        Err(_) if signal.is_some_and(AbortSignal::aborted) => return Err(aborted()),
        Err(Failure::Network) => Attempt::NoConnection,
        Err(failure) => return Err((*failure).into()),
    };
    let wait = retry_delay(
        method,
        attempt,
        retries,
        clock::now_ms(),
        js_sys::Math::random(),
    );
    Ok(wait.map_or(Next::Done, |ms| Next::Wait(ms as u32)))
}

impl Client {
    /// Calls the partner API with a valid token, as described above.
    pub async fn fetch(
        &self,
        input: FetchInput,
        init: &RequestInit,
    ) -> Result<Response, AuthError> {
        let (target, callers) = match &input {
            FetchInput::Url(path) => (path.clone(), None),
            FetchInput::Request(r) => (r.url(), Some(r.signal())),
        };
        let url = api_url(&self.config.api_base_url, &target)?;
        let signal = init.get_signal().or(callers);
        let (mut rejected, mut refreshed, mut retries) = (None, false, 0);
        let mut nonce_retried = false;
        loop {
            let refused = rejected.take();
            let token = self.access_token(refused.is_some(), refused).await?;
            let sent = self.dpop_current_nonce(&url);
            let (request, deadline) = self.attempt(&url, &input, init, &token, signal.as_ref())?;
            // As the Request normalized it (`get` → `GET`).
            let method = request.method();
            if let Some(proof) = self.dpop_proof(&method, &url, Some(&token)).await? {
                request
                    .headers()
                    .set("DPoP", &proof)
                    .map_err(|_| bad_init())?;
            }
            let answer = http::send(request, &deadline).await;
            match self.nonce_challenge(&url, &answer, sent.as_deref(), nonce_retried) {
                // RFC 9449 §9: once more with the server's nonce, same token.
                Some(true) => {
                    nonce_retried = true;
                    continue;
                }
                // Asked again: the caller's answer (a refresh would not help).
                Some(false) => return Ok(answer?),
                None => {}
            }
            match next(&answer, &method, signal.as_ref(), refreshed, retries)? {
                Next::Done => return Ok(answer?),
                Next::Refresh => (rejected, refreshed) = (Some(AccessToken::new(token)), true),
                Next::Wait(ms) => {
                    if self.config.debug {
                        let step = [
                            "fetch: busy or unreachable, retrying in ",
                            &decimal(ms.into()),
                            " ms",
                        ];
                        self.debug(&step.concat());
                    }
                    timer::sleep(ms, signal.as_ref())
                        .await
                        .map_err(|_| aborted())?;
                    retries += 1;
                }
            }
        }
    }

    /// With DPoP, notes the partner API's `DPoP-Nonce`; for a nonce
    /// challenge (`401`, `WWW-Authenticate: DPoP error="use_dpop_nonce"`),
    /// whether to send once more: `None` for any other answer.
    fn nonce_challenge(
        &self,
        url: &str,
        answer: &Result<Response, Failure>,
        sent: Option<&str>,
        retried: bool,
    ) -> Option<bool> {
        let r = answer.as_ref().ok().filter(|_| self.config.dpop)?;
        let header = |name| r.headers().get(name).ok().flatten();
        self.dpop_nonce(url, header("DPoP-Nonce").as_deref());
        (r.status() == 401 && header("WWW-Authenticate").is_some_and(|h| resource_wants_nonce(&h)))
            .then(|| self.dpop_retry(url, sent, retried))
    }

    /// One attempt's request: the caller's, with our token (as `DPoP`
    /// with DPoP: the caller adds the proof), not following redirects,
    /// aborted by the caller's signal or by `timeoutMs`.
    fn attempt(
        &self,
        url: &str,
        input: &FetchInput,
        init: &RequestInit,
        token: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<(Request, Deadline), AuthError> {
        let deadline = Deadline::start(self.config.timeout_ms)?;
        let init: RequestInit =
            js_sys::Object::assign(&js_sys::Object::new(), init).unchecked_into();
        init.set_signal(Some(&deadline.signal_with(signal)));
        // A redirect is answered to us, not followed with the token.
        init.set_redirect(RequestRedirect::Manual);
        let request = match input {
            FetchInput::Url(_) => Request::new_with_str_and_init(url, &init),
            FetchInput::Request(r) => r
                .clone()
                .and_then(|r| Request::new_with_request_and_init(&r, &init)),
        }
        .map_err(|_| bad_init())?;
        let scheme = if self.config.dpop { "DPoP " } else { "Bearer " };
        request
            .headers()
            .set("Authorization", &[scheme, token].concat())
            .map_err(|_| bad_init())?;
        Ok((request, deadline))
    }
}
