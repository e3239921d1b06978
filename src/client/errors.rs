//! The browser shell's own errors as the SDK's protocol codes: the shell
//! reports what failed, the flows decide what it means for the caller.

use crate::core::config::{ConfigField, StorageKind};
use crate::core::{AuthError, ErrorCode};
use crate::web::crypto::CryptoError;
use crate::web::http::Failure;
use crate::web::nav::NavError;
use crate::web::random::NoRandomness;
use crate::web::storage::{Unavailable, WriteRefused};

impl From<Failure> for AuthError {
    #[inline(never)]
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Timeout => AuthError::new(
                ErrorCode::Timeout,
                "the request did not complete within timeoutMs",
            ),
            Failure::Network => AuthError::new(
                ErrorCode::NetworkError,
                "the request failed before a response arrived (offline, DNS, CORS or connection refused)",
            ),
            Failure::TooLarge => AuthError::new(
                ErrorCode::InvalidResponse,
                "the response is too large",
            ),
        }
    }
}

impl From<NavError> for AuthError {
    fn from(e: NavError) -> Self {
        AuthError::new(
            ErrorCode::InvalidRequest,
            match e {
                NavError::NoWindow => "this needs a browser window",
                NavError::Refused => "the browser refused to navigate",
            },
        )
    }
}

impl From<NoRandomness> for AuthError {
    fn from(_: NoRandomness) -> Self {
        AuthError::new(
            ErrorCode::InvalidConfig(None),
            "crypto.getRandomValues is not available in this environment",
        )
    }
}

impl From<Unavailable> for AuthError {
    fn from(Unavailable(kind): Unavailable) -> Self {
        AuthError::config(
            ConfigField::Storage,
            match kind {
                StorageKind::Local => "localStorage is not available here; use storage: \"memory\"",
                _ => "sessionStorage is not available here; use storage: \"memory\"",
            },
        )
    }
}

impl From<WriteRefused> for AuthError {
    fn from(_: WriteRefused) -> Self {
        AuthError::new(
            ErrorCode::StorageError,
            "browser storage refused the write (quota exceeded or storage disabled)",
        )
    }
}

impl From<CryptoError> for AuthError {
    #[inline(never)]
    fn from(e: CryptoError) -> Self {
        AuthError::new(
            ErrorCode::CryptoError,
            match e {
                CryptoError::Unavailable => {
                    "WebCrypto (crypto.subtle) is unavailable: it needs a secure context (https or localhost)"
                }
                CryptoError::KeyImport => "WebCrypto could not import the issuer's key",
                CryptoError::Check => "WebCrypto could not run the signature check",
                CryptoError::Sign => {
                    "WebCrypto or IndexedDB could not make or use the DPoP key"
                }
            },
        )
    }
}
