#!/usr/bin/env bash
# Prints the shipped size (wasm + wasm-bindgen JS glue, gzip -9n) of the
# named-stack toy in ./lib.rs, built like pkg/ (.ci/build-pkg), in four
# variants. The build-std variants need the rust-src component and
# RUSTC_BOOTSTRAP (unstable flags on the stable toolchain); this script adds
# rust-src if it is missing. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="$root/target/floor"
out=$(mktemp -d)
# As .ci/build-pkg: no machine paths in panic locations, compact sha2.
compact="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=cargo --cfg sha2_backend_soft=\"compact\""
std=(-Zbuild-std=std,panic_abort)
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src >/dev/null

measure() { # label, extra cargo args...
  local label=$1; shift
  cargo build --quiet --release --target wasm32-unknown-unknown "$@"
  rm -rf "$out/pkg"
  wasm-bindgen --target web --out-dir "$out/pkg" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/floor.wasm"
  wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/pkg/floor_bg.wasm" -o "$out/pkg/floor_bg.wasm"
  local w j
  w=$(gzip -9nc "$out/pkg/floor_bg.wasm" | wc -c)
  j=$(gzip -9nc "$out/pkg/floor.js" | wc -c)
  printf '| %s | %s | %s | %s |\n' "$label" "$w" "$j" "$((w + j))"
}

echo '| variant | wasm gzip | JS glue gzip | total |'
echo '|---|---|---|---|'
RUSTFLAGS="$compact" measure 'named stack (gloo-net)'
RUSTFLAGS="$compact" measure 'fetch through web-sys instead of gloo-net' --no-default-features
RUSTC_BOOTSTRAP=1 RUSTFLAGS="$compact -Zunstable-options -Cpanic=immediate-abort" \
  measure 'named stack, std rebuilt with panic=immediate-abort' "${std[@]}"
RUSTC_BOOTSTRAP=1 RUSTFLAGS="$compact -Zunstable-options -Cpanic=immediate-abort" \
  measure 'web-sys fetch, std rebuilt with panic=immediate-abort' --no-default-features "${std[@]}"
rm -rf "$out"
