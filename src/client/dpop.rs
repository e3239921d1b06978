//! DPoP (RFC 9449) with `dpop: true`: the proof each token request and
//! partner-API call carries, built by the core (`core::dpop`) and signed
//! with the key the package's JS keeps (`web::dpop_key`), and the nonces the
//! servers hand out, remembered per server.

use std::cell::RefCell;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::Client;
use crate::core::config::StorageKind;
use crate::core::dpop::{
    ath, htu, proof, signing_input, NonceStep, Nonces, ProofClaims, PublicJwk,
};
use crate::core::secret::AccessToken;
use crate::core::url::HttpUrl;
use crate::core::AuthError;
use crate::web::crypto::CryptoError;
use crate::web::{clock, dpop_key, random};

/// The servers' latest nonces, in this page.
#[derive(Default)]
pub(super) struct Dpop {
    nonces: RefCell<Nonces>,
}

/// The origin a nonce belongs to (RFC 9449 §8, §9: per server).
fn origin(url: &str) -> String {
    HttpUrl::parse(url).map(|u| u.origin()).unwrap_or_default()
}

impl Client {
    /// The thumbprint of the key for the authorize request's `dpop_jkt`
    /// (RFC 9449 §10), or `None` without DPoP. And `None` with storage
    /// "memory": a key in memory does not outlive the redirect, so the key
    /// is made at the code exchange and the tokens are bound from there.
    pub(super) fn dpop_jkt(&self) -> Result<Option<String>, AuthError> {
        if !self.config.dpop || matches!(self.config.storage, StorageKind::Memory) {
            return Ok(None);
        }
        let (x, y) = dpop_key::loaded_public_key(&self.mirror)?;
        Ok(Some(PublicJwk { x, y }.thumbprint()))
    }

    /// The `DPoP` header for a `htm` request to `url` (RFC 9449 §4), with
    /// `ath` when it carries `token`, and the server's nonce if it gave one;
    /// `None` without DPoP.
    pub(super) async fn dpop_proof(
        &self,
        htm: &str,
        url: &str,
        token: Option<&str>,
    ) -> Result<Option<String>, AuthError> {
        if !self.config.dpop {
            return Ok(None);
        }
        let (x, y) = dpop_key::public_key(&self.mirror).await?;
        let mut jti = [0u8; 16];
        random::fill(&mut jti)?;
        let claims = ProofClaims {
            jti: URL_SAFE_NO_PAD.encode(jti),
            htm: htm.to_owned(),
            htu: htu(url).unwrap_or_default(),
            iat: clock::now_ms() / 1000,
            ath: token.map(|t| ath(&AccessToken::new(t.to_owned()))),
            nonce: self.dpop_current_nonce(url),
        };
        let input = signing_input(&PublicJwk { x, y }, &claims);
        let signature = dpop_key::sign(&self.mirror, &input).await?;
        Ok(Some(proof(&input, &signature).ok_or(CryptoError::Sign)?))
    }

    /// Notes a `DPoP-Nonce` header from the server at `url` (any answer may
    /// carry a new one, §8.2).
    pub(super) fn dpop_nonce(&self, url: &str, header: Option<&str>) {
        if let (true, Some(h)) = (self.config.dpop, header) {
            self.dpop.nonces.borrow_mut().remember(&origin(url), h);
        }
    }

    /// Whether a request to `url` whose proof carried `sent` is sent once
    /// more after the server asked for a nonce: only once, and only with a
    /// nonce other than the one refused (`core::dpop::Nonces::on_challenge`).
    pub(super) fn dpop_retry(&self, url: &str, sent: Option<&str>, retried: bool) -> bool {
        let step = self
            .dpop
            .nonces
            .borrow_mut()
            .on_challenge(&origin(url), None, sent, retried);
        matches!(step, NonceStep::Retry(_))
    }

    /// The nonce a proof to `url` carries now.
    pub(super) fn dpop_current_nonce(&self, url: &str) -> Option<String> {
        if !self.config.dpop {
            return None;
        }
        self.dpop
            .nonces
            .borrow()
            .get(&origin(url))
            .map(str::to_owned)
    }

    /// Forgets this page's copy of the key: another tab ended the session
    /// and deleted it.
    pub(super) fn dpop_key_dropped(&self) {
        if self.config.dpop {
            dpop_key::drop_copy(&self.mirror);
        }
    }

    /// Deletes the key: the session ended here (logout, a refused refresh
    /// token).
    pub(super) async fn forget_dpop_key(&self) {
        if self.config.dpop && dpop_key::delete(&self.mirror).await.is_err() {
            self.debug("DPoP: IndexedDB did not delete the key");
        }
    }
}
