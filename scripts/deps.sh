#!/bin/sh
# Installs the Debian packages datagen needs to build (and, with "test", to
# run its tests) when they are missing. As root it runs apt-get itself;
# otherwise it prints the one command to run and fails.
# usage: scripts/deps.sh [build|test]
mode=${1:-build}
missing=""

need() { missing="$missing $1"; }

command -v cc >/dev/null 2>&1 || need gcc
command -v make >/dev/null 2>&1 || need make
command -v pkg-config >/dev/null 2>&1 || need pkg-config
if command -v pkg-config >/dev/null 2>&1; then
    pkg-config --exists jansson || need libjansson-dev
    pkg-config --exists zlib || need zlib1g-dev
    pkg-config --exists libisal || need libisal-dev
else
    need libjansson-dev
    need zlib1g-dev
    need libisal-dev
fi

if [ "$mode" = test ]; then
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need postgresql
    command -v psql >/dev/null 2>&1 || need postgresql-client
    command -v pg_restore >/dev/null 2>&1 || need postgresql-client
    command -v python3 >/dev/null 2>&1 || need python3
    dpkg -s python3-jsonschema >/dev/null 2>&1 || need python3-jsonschema
    # the installation tests render the man page and drive the completions
    command -v man >/dev/null 2>&1 || need man-db
    command -v groff >/dev/null 2>&1 || need groff-base
    command -v zsh >/dev/null 2>&1 || need zsh
    dpkg -s bash-completion >/dev/null 2>&1 || need bash-completion
fi

[ -z "$missing" ] && exit 0
# shellcheck disable=SC2086
set -- $(printf '%s\n' $missing | sort -u)
if [ "$(id -u)" -eq 0 ]; then
    echo "datagen: installing missing packages: $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "$@" >/dev/null || {
        echo "datagen: error: apt-get could not install: $*" >&2
        exit 1
    }
else
    echo "datagen: missing packages; run: sudo apt-get install -y $*" >&2
    exit 1
fi
