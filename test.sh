#!/usr/bin/env bash
# Runs every Cortex test. Needs only the .NET SDK: packages restore from NuGet, and the build
# patches TorchSharp's native library for Debian 12 by itself (see README, "TorchSharp on Debian 12").
set -euo pipefail
cd "$(dirname "$0")"
dotnet test Cortex.sln "$@"
