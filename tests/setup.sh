#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs what bpf-iptables needs on Debian 12 and builds it into build/.
# Run as root from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
	build-essential cmake pkg-config clang llvm libclang-rt-14-dev
	libbpf-dev libelf-dev zlib1g-dev libmnl-dev libnftnl-dev bpftool
	iproute2 iptables nftables netbase
	bats bats-support bats-assert
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "built: $(ls build/bpf-iptables build/bpf-iptables-save build/bpf-iptables-restore | tr '\n' ' ')"
