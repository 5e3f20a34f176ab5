#!/usr/bin/env bash
# Runs every Cortex test. Needs the .NET SDK: packages restore from NuGet, and the build patches
# TorchSharp's native library for Debian 12 by itself (see README, "TorchSharp on Debian 12").
# The end-to-end tests drive Debian's Chromium, installed here when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -x /usr/bin/chromium ]]; then
    sudo=""
    if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then sudo="sudo"; fi
    $sudo apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
dotnet test Cortex.sln "$@"
