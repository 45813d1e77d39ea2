# mnemo: two commands on a fresh Debian machine with the Swift toolchain:
#   make demo   installs what is missing, builds in release mode, runs the quickstart
#   make test   installs what is missing, builds, runs every test
SWIFT      ?= swift
APT_PKGS   := libedit-dev libsqlite3-dev libopenblas-dev pkg-config
RELEASE    := $(SWIFT) build -c release
MNEMO      := .build/release/mnemo

.PHONY: setup build release demo test bench clean

# Installs the system libraries only when one is missing (dpkg says so), so a
# second run costs nothing and needs no network.
setup:
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: setup
	$(SWIFT) build

release: setup
	$(RELEASE)

demo: release
	$(MNEMO) run Notebooks/quickstart.mnemo

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	$(MNEMO) bench

clean:
	rm -rf .build
