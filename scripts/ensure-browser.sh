#!/usr/bin/env bash
# Install Debian's Chromium and its driver for the browser tests, when missing and possible.
# Where they cannot be installed, say so: the browser tests then skip with that reason.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: chromium is missing and cannot be installed here (needs root and apt-get); browser tests will be skipped" >&2
    exit 0
fi
echo "ensure-browser: installing chromium and chromium-driver from Debian's packages" >&2
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }; then
    echo "ensure-browser: installing chromium failed; browser tests will be skipped" >&2
fi
exit 0
