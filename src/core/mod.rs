//! The sans-IO protocol core: it builds requests and reads responses, but
//! never performs I/O, reads a clock or draws randomness itself. Plain Rust,
//! tested natively with `cargo test`. Every public item is documented, with
//! the RFC section it implements where there is one.
#![warn(missing_docs)]

pub mod authorize;
pub mod callback;
pub mod config;
pub mod discovery;
pub mod dpop;
pub mod error;
pub mod form;
pub mod id_token_check;
pub mod inflight;
pub mod join;
pub mod json;
pub mod jwks;
pub mod jwt;
pub mod keys;
pub mod pkce;
pub mod refresh;
pub mod retry;
pub mod secret;
pub mod session;
pub mod tabs;
pub mod token;
pub mod transaction;
pub mod url;

pub use error::{AuthError, ErrorCode};

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;

#[cfg(test)]
mod no_secret_leaks;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties;
