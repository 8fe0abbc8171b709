# Build and install triage: the binary, its man page and shell completions.
#
#   make                                  release build (static Swift runtime)
#   make install PREFIX=$$HOME/.local     build, then install under PREFIX (default /usr/local)
#   make install-files BUILD=DIR          install an existing build from DIR
#
# Needs libyaml (apt install libyaml-dev; brew install libyaml) to build.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= .build/release
root := $(DESTDIR)$(PREFIX)

.PHONY: all release install install-files man
all: release

release:
	swift build -c release --static-swift-stdlib --product triage

install: release install-files

install-files:
	install -d "$(root)/bin" "$(root)/share/man/man1" "$(root)/share/bash-completion/completions" \
		"$(root)/share/zsh/site-functions" "$(root)/share/fish/vendor_completions.d"
	install -m 0755 "$(BUILD)/triage" "$(root)/bin/triage"
	install -m 0644 man/triage.1 "$(root)/share/man/man1/triage.1"
	"$(BUILD)/triage" --generate-completion-script bash > "$(root)/share/bash-completion/completions/triage"
	"$(BUILD)/triage" --generate-completion-script zsh > "$(root)/share/zsh/site-functions/_triage"
	"$(BUILD)/triage" --generate-completion-script fish > "$(root)/share/fish/vendor_completions.d/triage.fish"

man:
	Scripts/man.sh
