# ssocheck: two commands do everything. `make serve` and `make test` install what is missing first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# The exact wasm-bindgen that Cargo.lock pins; wasm-bindgen-cli must match it byte for byte.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3}' Cargo.lock)
TRUNK_VERSION := 0.21.14
export SSOCHECK_BUILD := $(shell git describe --always --dirty 2>/dev/null || echo dev)
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
# Debian has no geckodriver package: `make setup` builds this version from crates.io (about 6 min here).
GECKODRIVER_VERSION := 0.37.1
GECKODRIVER ?= $(HOME)/.cargo/bin/geckodriver

.PHONY: help setup fetch serve dist test lint test-native test-wasm test-e2e bench clean readme-checks test-hostile fuzz fuzz-cpu setup-fuzz \
        test-e2e-firefox setup-rust setup-trunk setup-wasm-bindgen setup-node setup-chromium setup-xmlsec setup-geckodriver

help:
	@echo "make serve   install what is missing, then serve the app on http://127.0.0.1:8080"
	@echo "make test    install what is missing, then fmt, clippy, native tests, wasm tests, end-to-end tests"
	@echo "make dist    release build in dist/ (wasm-opt applied) and its gzip size"
	@echo "make bench   benchmarks (figures for the README)"
	@echo "make fuzz    each cargo-fuzz target for FUZZ_SECONDS (nightly)"
	@echo "make fuzz-cpu  each target until fuzz/ledger.tsv records FUZZ_CPU_MINUTES of its CPU time"

setup: setup-rust setup-trunk setup-wasm-bindgen setup-node setup-chromium setup-xmlsec setup-geckodriver

setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

setup-trunk:
	@trunk --version 2>/dev/null | grep -q ' $(TRUNK_VERSION)$$' || cargo install trunk --version $(TRUNK_VERSION) --locked

setup-wasm-bindgen:
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "wasm-bindgen not found in Cargo.lock"; exit 1; }
	@wasm-bindgen --version 2>/dev/null | grep -q ' $(WASM_BINDGEN_VERSION)$$' \
	  && wasm-bindgen-test-runner --version 2>/dev/null | grep -q ' $(WASM_BINDGEN_VERSION)$$' \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force

# npm ci only when package-lock.json changed since the last install.
setup-node: node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Debian's browsers and drivers for the tests, and xmlsec1, the oracle of the signature tests.
APT_PACKAGES := chromium chromium-driver firefox-esr xmlsec1
setup-chromium:
	@if ! command -v $(CHROMIUM) >/dev/null || ! command -v $(CHROMEDRIVER) >/dev/null \
	    || ! command -v xmlsec1 >/dev/null || ! command -v firefox-esr >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	  else echo "Install Debian's $(APT_PACKAGES) (needs root)"; exit 1; fi; \
	fi

# geckodriver (WebDriver for Firefox) for wasm-bindgen-test in Firefox; skipped when this version is there.
setup-geckodriver:
	@$(GECKODRIVER) --version 2>/dev/null | grep -q '^geckodriver $(GECKODRIVER_VERSION)\b' \
	  || cargo install geckodriver --version $(GECKODRIVER_VERSION) --locked

# The XML-signature oracle of tests/saml_dsig_oracle.rs (xmlsec1) and the key generator (openssl).
setup-xmlsec:
	@if ! command -v xmlsec1 >/dev/null || ! command -v openssl >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1 openssl; \
	  else echo "Install Debian's xmlsec1 and openssl (needs root)"; exit 1; fi; \
	fi

# Trunk runs cargo offline (Trunk.toml): fetch the crates first.
fetch:
	cargo fetch --quiet

serve: setup fetch
	trunk serve

# The release build, then what each kind of route downloads (fails when a budget is exceeded).
dist: setup fetch
	trunk build --release
	@node tools/size.mjs dist | tee dist/SIZE.txt

lint: setup-rust
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings

test-native: setup-xmlsec
	cargo test

# wasm-bindgen-test in headless Chromium through chromedriver, then in headless Firefox ESR through
# geckodriver (options of both in webdriver.json).
test-wasm: setup-wasm-bindgen setup-chromium setup-geckodriver
	CHROMEDRIVER=$(CHROMEDRIVER) CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  WASM_BINDGEN_TEST_TIMEOUT=120 cargo test --target wasm32-unknown-unknown --test web
	GECKODRIVER=$(GECKODRIVER) CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  WASM_BINDGEN_TEST_TIMEOUT=120 cargo test --target wasm32-unknown-unknown --test web

# End-to-end suites against the release build, served on loopback by tests/e2e/server.mjs: Chromium
# (Playwright: every file of tests/e2e/, the engine-shared scenarios included), then Firefox ESR
# (puppeteer-core over WebDriver BiDi: the engine-shared scenarios of tests/e2e/engines.test.mjs).
test-e2e: dist
	npm run --silent e2e
	npm run --silent e2e:firefox

# The Firefox suite alone, against the dist/ already built (make dist builds it when missing).
test-e2e-firefox: setup-node setup-chromium
	@test -f dist/index.html || $(MAKE) dist
	npm run --silent e2e:firefox

test: setup lint test-native test-hostile test-wasm test-e2e
	@echo "make test: all suites passed"

# Benchmarks report figures (for the README); they assert nothing about timing.
bench: dist
	cargo run --release --example bench_saml
	cargo run --release --example bench_dsig
	node tests/bench/saml-browser.mjs
	node tests/bench/cloudtrail-browser.mjs
	node tests/bench/clock_bench.mjs 30 3

# Hostile-input figures (tests/saml_hostile_figures.rs): every case up to the 16 MB cap in a child
# process, release build; prints the table and fails past 2 s CPU or 512 MB peak memory.
test-hostile:
	CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
	  cargo test --release --test saml_hostile_figures -- --include-ignored --nocapture

# cargo-fuzz, nightly through rustup only here: seeds from the fixtures, then each target for
# FUZZ_SECONDS (default 60), one at a time (the machine's cores are shared).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := saml_decode xml_parse saml_analyze saml_cert engine_message webauthn_cbor clock_date links c14n dsig_verify \
  cloudtrail_input cloudtrail_lookup cloudtrail_jsonl cloudtrail_csv cloudtrail_gzip cloudtrail_analyze assignments_input \
  scim_input directory_input iam_policy email_headers role_text testsp_input
setup-fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@cargo +nightly fuzz --version >/dev/null 2>&1 || cargo +nightly install cargo-fuzz --locked
	./tools/fuzz-seeds.sh

# libFuzzer's limits (time per input, memory, input length), shared with tools/fuzz-until.sh.
LIBFUZZER_FLAGS = $(shell cat fuzz/libfuzzer.flags)
fuzz: setup-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  cargo +nightly fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) $(LIBFUZZER_FLAGS) || exit 1; \
	done

# Fuzzes each target until the ledger (fuzz/ledger.tsv, committed) records FUZZ_CPU_MINUTES of its
# CPU time without a crash, in 5-minute chunks; `tools/fuzz-ledger.sh` prints the README's table.
FUZZ_CPU_MINUTES ?= 30
fuzz-cpu: setup-fuzz
	cargo +nightly fuzz build
	./tools/fuzz-until.sh $(FUZZ_CPU_MINUTES) $(FUZZ_TARGETS)
	./tools/fuzz-ledger.sh

clean:
	cargo clean
	rm -rf dist tests/e2e/screenshots

# Regenerates the table of checks in README.md and static/checks.json (read by #/checks) from the
# registry (tests/readme.rs checks both).
readme-checks:
	cargo run --quiet -- checks --json > static/checks.json
	cargo run --quiet -- checks --markdown > target/checks.md
	python3 tools/readme_checks.py README.md target/checks.md
