#!/usr/bin/env bash
# Issue 15's GPU measurements in one command: the tis-search bench (TIS and SmoothGrad at the built-in and
# VQGAN sizes, codebook search) in float32 and with TF32, and the whole default `cortex paper`, timed. Writes
# OUT_DIR/bench.json with the GPU's name and the date, each part's own bench.json, report and log beside it.
#   scripts/gpu-issue15.sh OUT_DIR [BUNDLE.tar.xz]
# cortex comes from BUNDLE (scripts/bundle-linux-x64.sh; for a GPU machine without .NET), else from $CORTEX
# (a command, e.g. "dotnet src/Cortex.Server/bin/Debug/net10.0/cortex.dll").
# Environment: DEVICE (default cuda; cpu checks this script where no GPU is lent), QUICK=1 (smoke sizes),
# PYTHON (the Python of the PyTorch install whose libtorch runs CUDA; default python3), BASELINE (a bench.json
# the float32 tis-search part is compared with, see `cortex bench --baseline`), TIS_SECONDS and PAPER_SECONDS
# (each part's time limit; default 300 and 600).
set -uo pipefail
[[ $# -ge 1 ]] || { echo "usage: scripts/gpu-issue15.sh OUT_DIR [BUNDLE.tar.xz]" >&2; exit 2; }
out=$(mkdir -p "$1" && cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
device=${DEVICE:-cuda}
python=${PYTHON:-python3}
quick=()
[[ ${QUICK:-0} == 1 ]] && quick=(--quick)

if [[ $# -ge 2 ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  tar -C "$work" -xJf "$2" 2>/dev/null \
    || "$python" -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$2" "$work" || exit 1
  cortex=("$work/cortex/cortex")
elif [[ -n ${CORTEX:-} ]]; then
  read -ra cortex <<<"$CORTEX"
else
  echo "gpu-issue15: name a bundle (scripts/bundle-linux-x64.sh) as the second argument, or a cortex command in \$CORTEX" >&2
  exit 2
fi

if [[ $device == cuda* ]]; then
  # As scripts/gpu-proof.sh: PyTorch's libtorch, and CUDA's libraries from its pip wheels (nvidia/<name>/lib).
  "$python" -c "import torch" 2>/dev/null || { echo "gpu-issue15: $python cannot import torch; set PYTHON to the Python of a PyTorch install" >&2; exit 1; }
  torch_lib=$("$python" -c "import torch, os; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))") || exit 1
  nvidia_libs=$("$python" -c "import glob, os, site; print(':'.join(sorted({d for s in site.getsitepackages() for d in glob.glob(os.path.join(s, 'nvidia', '*', 'lib'))})))")
  export LD_LIBRARY_PATH="$torch_lib${nvidia_libs:+:$nvidia_libs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export Compute__LibTorchDirectory="$torch_lib"
  gpu=$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | head -n 1)
  pytorch=$("$python" -c "import torch; print('PyTorch', torch.__version__, 'CUDA', torch.version.cuda)" 2>&1)
fi
export Compute__Device="$device" DOTNET_gcServer=0

# Each part in its own process and folder: a part that fails or runs out of time keeps the others' results.
part() {
  local name=$1 seconds=$2
  shift 2
  echo "== $name"
  local start
  start=$(date +%s%N)
  timeout "$seconds" "${cortex[@]}" "$@" >"$out/$name.log" 2>&1
  local code=$?
  echo "$name $code $((($(date +%s%N) - start) / 1000000))" >>"$out/parts.txt"
  tail -n 6 "$out/$name.log"
}
: >"$out/parts.txt"
baseline=()
[[ -n ${BASELINE:-} ]] && baseline=(--baseline "$BASELINE")
part tis-search "${TIS_SECONDS:-300}" bench --only tis-search --out "$out/tis-search" "${quick[@]}" "${baseline[@]}"
# TF32 is a CUDA setting: on CPU the part would repeat the one above.
[[ $device == cuda* ]] && part tis-search-tf32 "${TIS_SECONDS:-300}" bench --only tis-search --tf32 --out "$out/tis-search-tf32" "${quick[@]}"
part paper "${PAPER_SECONDS:-600}" paper --out "$out/paper" "${quick[@]}"

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
"$python" - "$out" "$device" "${gpu:-}" "${pytorch:-}" "$commit" "${QUICK:-0}" <<'EOF'
import json, os, platform, sys, time
out, device, gpu, pytorch, commit, quick = sys.argv[1:]
def read(path):
    try:
        with open(os.path.join(out, path)) as f: return json.load(f)
    except (OSError, ValueError): return None
parts = {}
for line in open(os.path.join(out, "parts.txt")):
    name, code, milliseconds = line.split()
    parts[name] = {"exit": int(code), "seconds": round(int(milliseconds) / 1000, 1), "log": f"{name}.log"}
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
bench = {
    "date": time.strftime("%Y-%m-%d", time.gmtime()),
    "device": device,
    "gpu": gpu or None,
    "pytorch": pytorch or None,
    "cpu": cpu,
    "cpu_cores": os.cpu_count(),
    "cortex_commit": commit,
    "quick": quick == "1",
    "parts": parts,
    "tis_search": read("tis-search/bench.json"),
    "tis_search_tf32": read("tis-search-tf32/bench.json"),
    "paper_seconds": parts.get("paper", {}).get("seconds") if parts.get("paper", {}).get("exit") == 0 else None,
    "paper_report": "paper/report.json" if os.path.exists(os.path.join(out, "paper", "report.json")) else None,
}
with open(os.path.join(out, "bench.json"), "w") as f: json.dump(bench, f, indent=2, ensure_ascii=False)
print(f"Wrote {os.path.join(out, 'bench.json')}: " + ", ".join(f"{n} exit {p['exit']} in {p['seconds']} s" for n, p in parts.items()))
EOF
