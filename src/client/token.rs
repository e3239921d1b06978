//! The token endpoint (RFC 6749 §3.2): one request, its answer read. With
//! DPoP the request carries a proof, and a `use_dpop_nonce` answer (RFC 9449
//! §8) is sent once more with the server's nonce.

use super::Client;
use crate::core::token::{
    parse_token_response, token_request, Grant, TokenRequest, TokenResponse,
    MAX_TOKEN_RESPONSE_BYTES,
};
use crate::core::{AuthError, ErrorCode};
use crate::web::clock;
use crate::web::http::{self, Failure, HttpResponse};

impl Client {
    /// Sends `grant` to the token endpoint and reads the answer.
    pub(super) async fn token_call(&self, grant: &Grant<'_>) -> Result<TokenResponse, AuthError> {
        let req = token_request(&self.endpoints(), grant);
        let mut retried = false;
        loop {
            let sent = self.dpop_current_nonce(&req.url);
            let proof = self.dpop_proof("POST", &req.url, None).await?;
            let res = self.post_to_provider(&req, proof.as_deref()).await?;
            let answer = parse_token_response(
                res.status,
                res.retry_after.as_deref(),
                clock::now_ms(),
                &res.body,
                self.config.dpop,
            );
            self.dpop_nonce(&req.url, res.dpop_nonce.as_deref());
            match answer {
                Err(AuthError {
                    code: ErrorCode::Server(ref code),
                    ..
                }) if code == "use_dpop_nonce"
                    && self.dpop_retry(&req.url, sent.as_deref(), retried) =>
                {
                    self.debug("token: the server asked for a DPoP nonce, sending once more");
                    retried = true;
                }
                answer => return answer,
            }
        }
    }

    /// Posts `req` (to the token or the revocation endpoint) within
    /// `timeoutMs`, its answer read up to the token response's size limit;
    /// `dpop`: the request's proof.
    pub(super) async fn post_to_provider(
        &self,
        req: &TokenRequest,
        dpop: Option<&str>,
    ) -> Result<HttpResponse, Failure> {
        http::post(
            &req.url,
            req.content_type,
            &req.body,
            dpop,
            self.config.timeout_ms,
            MAX_TOKEN_RESPONSE_BYTES,
        )
        .await
    }
}
