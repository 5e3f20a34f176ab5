#!/usr/bin/env bash
# The GPU proof, on a machine with an NVIDIA GPU and a PyTorch install but no .NET: unpacks the bundle
# (scripts/bundle-linux-x64.sh), loads that PyTorch's libtorch, and writes into OUT_DIR the GPU's name,
# the taming fixture reproduced on the GPU, the bench's GPU figures and train-default's wall time.
#   scripts/gpu-proof.sh BUNDLE.tar.xz OUT_DIR [PYTHON]
set -uo pipefail
bundle=$(realpath "$1")
out=$(mkdir -p "$2" && cd "$2" && pwd)
python=${3:-python3}
"$python" -c "import torch" 2>/dev/null || { echo "gpu-proof: $python cannot import torch; pass the Python of a PyTorch install as the third argument" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xJf "$bundle" 2>/dev/null \
  || "$python" -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$bundle" "$work" || exit 1

torch_lib=$("$python" -c "import torch, os; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))") || exit 1
# CUDA's own libraries (cudart, cublas, cudnn …) come with PyTorch's pip wheels, each in nvidia/<name>/lib.
nvidia_libs=$("$python" -c "import glob, os, site; print(':'.join(sorted({d for s in site.getsitepackages() for d in glob.glob(os.path.join(s, 'nvidia', '*', 'lib'))})))")
export LD_LIBRARY_PATH="$torch_lib${nvidia_libs:+:$nvidia_libs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export Compute__Device=${Compute__Device:-cuda} Compute__LibTorchDirectory="$torch_lib"
export DOTNET_gcServer=0

{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  "$python" -c "import torch; print('PyTorch', torch.__version__, 'CUDA', torch.version.cuda)"
  nproc
} >"$out/machine.txt" 2>&1

# Each part in its own process and folder: a part that fails or runs out of time keeps the others' results.
# PARTS names a subset to run again, e.g. PARTS="parity train-default".
part() {
  local name=$1 seconds=$2
  shift 2
  [[ " ${PARTS:-$name} " == *" $name "* ]] || return 0
  echo "== $name"
  timeout "$seconds" "$work/cortex/cortex" bench --out "$out/$name" "$@" >"$out/$name.log" 2>&1
  echo "exit $?" >>"$out/$name.log"
  tail -n 8 "$out/$name.log"
}
part parity "${PARITY_SECONDS:-60}" --only parity --reference "$root/tests/data/taming-tiny"
part tis-search "${TIS_SECONDS:-100}" --only tis-search
part taming "${TAMING_SECONDS:-100}" --only taming
part train-default "${TRAIN_SECONDS:-240}" --only train-default
part tis-search-tf32 "${TIS_SECONDS:-100}" --only tis-search --tf32
