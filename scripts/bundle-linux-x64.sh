#!/usr/bin/env bash
# Builds cortex-linux-x64.tar.xz: a self-contained cortex (no .NET needed where it runs) that loads
# libtorch from the machine it runs on, e.g. a PyTorch install with CUDA (--libtorch). The bundled CPU
# libtorch (about 450 MB) and the debugger libraries stay out; TorchSharp's bridge stays in.
#   scripts/bundle-linux-x64.sh [OUT_DIR]      (default: artifacts/bundle)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/artifacts/bundle}" && cd "${1:-$root/artifacts/bundle}" && pwd)
limit_mb=60
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Its own artifacts path, so the working tree's bin and obj (a RID-less Debug build) stay as they are.
dotnet publish "$root/src/Cortex.Server/Cortex.Server.csproj" -c Release -r linux-x64 --self-contained \
  -p:DebugType=none -p:DebugSymbols=false --artifacts-path "$work/build" -o "$work/cortex" >"$work/publish.log" \
  || { cat "$work/publish.log"; exit 1; }

cd "$work/cortex"
# libtorch-cpu-linux-x64's libraries: the machine's libtorch replaces them. libLibTorchSharp.so is TorchSharp's.
rm -f libtorch*.so* libc10*.so libgomp-*.so* libshm.so libaoti_custom_ops.so libbackend_with_compiler.so \
  libjitbackend_test.so libnnapi_backend.so libtorch_global_deps.so
rm -f createdump libmscordbi.so libmscordaccore.so ./*.pdb ./*.dbg
test -f libLibTorchSharp.so || { echo "bundle: libLibTorchSharp.so is missing from the publish output" >&2; exit 1; }
test -f models/default/model-card.json || { echo "bundle: the built-in model is missing from the publish output" >&2; exit 1; }

# xz: gzip leaves it at about 60.5 MB.
rm -f "$out/cortex-linux-x64.tar.xz"
XZ_OPT=-T0 tar -C "$work" -cJf "$out/cortex-linux-x64.tar.xz" cortex
bytes=$(stat -c %s "$out/cortex-linux-x64.tar.xz")
echo "Wrote $out/cortex-linux-x64.tar.xz: $((bytes / 1000000)) MB compressed, $(du -sm "$work/cortex" | cut -f1) MiB unpacked."
if (( bytes > limit_mb * 1000000 )); then echo "bundle: larger than $limit_mb MB compressed" >&2; exit 1; fi
