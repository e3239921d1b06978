//! The thin browser shell: each module wraps one Web API and turns its
//! failures into [`AuthError`](crate::core::AuthError)s. No protocol logic.

pub mod channel;
pub mod clock;
pub mod crypto;
pub mod http;
pub mod locks;
pub mod mirror;
pub mod nav;
pub mod random;
pub mod storage;
pub mod timer;
