#!/usr/bin/env bash
# Runs every Cortex test. Needs the .NET SDK: packages restore from NuGet, and the build patches
# TorchSharp's native library for Debian 12 by itself (see README, "TorchSharp on Debian 12").
# The end-to-end tests drive Debian's Chromium, and the cluster tests start Debian's redis-server; both are installed
# here when missing.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
if (( ${#missing[@]} > 0 )); then
    sudo=""
    if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then sudo="sudo"; fi
    $sudo apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi
dotnet test Cortex.sln "$@"
