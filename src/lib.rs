//! zaehlerfreunde-auth: sign users in to Zählerfreunde (Auth0, OAuth 2.0
//! authorization code flow with PKCE) and call the partner API from the
//! browser.
//!
//! - [`core`]: the sans-IO protocol core (plain Rust, natively testable).
//! - `web`: the thin browser shell (storage, fetch, navigation, randomness).
//! - `client`: the flows, composing the two.
//! - `api`: the JavaScript surface (wasm-bindgen exports only).

pub mod core;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// The allocator of the wasm build (see Cargo.toml): a free list, smaller than
/// std's dlmalloc. Safe to assume single-threaded: the wasm32 target here has
/// no threads.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
