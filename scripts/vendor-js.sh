#!/usr/bin/env bash
# Refreshes the browser libraries vendored under wwwroot/lib from the npm registry (pinned versions),
# so that the dashboard never loads scripts from the internet.
set -euo pipefail
cd "$(dirname "$0")/.."
signalr=10.0.11
uplot=1.6.32
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund "@microsoft/signalr@$signalr" "uplot@$uplot" >/dev/null)
cp "$work/node_modules/@microsoft/signalr/dist/browser/signalr.min.js" wwwroot/lib/signalr/
cp "$work/node_modules/@microsoft/signalr/package.json" wwwroot/lib/signalr/package.json  # names its MIT licence
cp "$work/node_modules/uplot/dist/uPlot.iife.min.js" "$work/node_modules/uplot/dist/uPlot.min.css" "$work/node_modules/uplot/LICENSE" wwwroot/lib/uplot/
echo "@microsoft/signalr $signalr, uplot $uplot" > wwwroot/lib/VERSIONS
