//! The thin browser shell: each module wraps one Web API and reports its own
//! small errors, which `client/` maps to protocol codes. No protocol logic.

pub mod channel;
pub mod clock;
pub mod crypto;
pub mod dpop_key;
pub mod http;
pub mod locks;
pub mod mirror;
pub mod nav;
pub mod page;
pub mod random;
pub mod storage;
pub mod timer;
pub mod url;
