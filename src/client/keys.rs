//! ID-token checks: the claims by the core, the signature by WebCrypto with
//! the issuer's key set, fetched and refetched as the core's key cache says.

use super::Client;
use crate::core::error::IdTokenCheck;
use crate::core::json::{self, Json};
use crate::core::jwks::{
    check_signature_length, jwks_url_for_issuer, parse_jwks, select_key, Jwks, KeyChoice,
    MAX_JWKS_BYTES,
};
use crate::core::jwt::{self, DecodedJwt, IdTokenChecks};
use crate::core::keys::{KeySearch, KeyStep, Verified};
use crate::core::secret::IdToken;
use crate::core::{AuthError, ErrorCode};
use crate::web::{clock, crypto, http};

impl Client {
    /// Validates an ID token's claims and signature; returns the claims as
    /// JSON text. `leeway`: the clock leeway for `exp` and `iat` (`u64::MAX`
    /// not to recheck them: a session a peer pushed may hold the login's ID
    /// token, long expired, which that tab checked when it arrived).
    pub(super) async fn check_id_token(
        &self,
        id: &IdToken,
        nonce: Option<&str>,
        sub: Option<&str>,
        leeway: u64,
    ) -> Result<String, AuthError> {
        let decoded = jwt::decode(id.secret())?;
        jwt::check_id_token_claims(
            &decoded.claims,
            &IdTokenChecks {
                issuers: &self.config.issuers,
                client_id: &self.config.client_id,
                nonce,
                sub,
                now: clock::now_secs(),
                leeway,
            },
        )?;
        // The claim check made sure iss is one of the configured issuers.
        let iss = decoded.claims.get("iss").and_then(Json::as_str);
        let url = self.jwks_url(iss.unwrap_or_default());
        self.verify_signature(&decoded, &url).await?;
        Ok(decoded.claims_json)
    }

    /// Runs the core's key search: the cached set, one refetch on an
    /// unknown `kid`.
    async fn verify_signature(&self, jwt: &DecodedJwt, url: &str) -> Result<(), AuthError> {
        let (mut search, mut step) = KeySearch::start(url, &mut self.keys.borrow_mut());
        loop {
            step = match step {
                KeyStep::Fetch => {
                    let set = self.fetch_jwks(url).await?;
                    search.fetched(&mut self.keys.borrow_mut(), set)
                }
                KeyStep::Verify(set) => search.verified(verify_with(&set, jwt).await?),
                KeyStep::Done(outcome) => return outcome,
            }
        }
    }

    /// Fetches and caches the key set the login's ID token will most likely
    /// need (that of `jwksUrl`, or of the first issuer), unless it is cached.
    /// A failure is noted in the cache: the verification reports it rather
    /// than fetch the same answer again.
    pub(super) async fn prefetch_keys(&self) {
        let Some(issuer) = self.config.issuers.first() else {
            return;
        };
        let url = self.jwks_url(issuer);
        if self.keys.borrow().get(&url).is_none() {
            let fetched = self.fetch_jwks(&url).await;
            let mut keys = self.keys.borrow_mut();
            match fetched {
                Ok(set) => drop(keys.put(&url, set)),
                Err(e) => keys.fail(&url, e),
            }
        }
    }

    /// Where the keys of `issuer`'s ID tokens are: `jwksUrl` (or the
    /// discovered `jwks_uri`), or the issuer's own.
    fn jwks_url(&self, issuer: &str) -> String {
        match &self.endpoints().jwks_url {
            Some(u) => u.clone(),
            None => jwks_url_for_issuer(issuer),
        }
    }

    /// Fetches and reads the key set at `url`.
    async fn fetch_jwks(&self, url: &str) -> Result<Jwks, AuthError> {
        let res = http::get(url, self.config.timeout_ms, MAX_JWKS_BYTES).await?;
        if res.status != 200 {
            return Err(AuthError::with_description(
                ErrorCode::InvalidResponse,
                [
                    "the JWKS endpoint answered HTTP ",
                    &json::decimal(res.status.into()),
                ]
                .concat(),
            ));
        }
        parse_jwks(&res.body)
    }
}

/// Verifies `jwt`'s signature with the key of `jwks` it names: the core picks
/// the key, WebCrypto checks the signature.
pub async fn verify_with(jwks: &Jwks, jwt: &DecodedJwt) -> Result<Verified, AuthError> {
    let (key, alg) = match select_key(&jwt.header, jwks)? {
        KeyChoice::UnknownKid => return Ok(Verified::UnknownKid),
        KeyChoice::Use(key, alg) => (key, alg),
    };
    check_signature_length(alg, jwt.signature.len())?;
    if crypto::verify(alg, key, jwt.signing_input.as_bytes(), &jwt.signature).await? {
        Ok(Verified::Valid)
    } else {
        Err(IdTokenCheck::Signature.into())
    }
}
