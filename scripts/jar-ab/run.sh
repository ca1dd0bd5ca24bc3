#!/usr/bin/env bash
# Old-vs-new A/B of two nn-core jars in one JVM (see AB.java): per-core CPU ms of conv2d forward, forward+backward
# and a seed-CNN training step. Build the "before" jar from an older commit into a /tmp copy first, e.g.
#   git worktree add /tmp/before <commit> && (cd /tmp/before && mvn -B -q -pl nn-core package -DskipTests)
#   scripts/jar-ab/run.sh /tmp/before/nn-core/target/nn-core-0.1.0-SNAPSHOT.jar nn-core/target/nn-core-0.1.0-SNAPSHOT.jar
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 BEFORE.jar AFTER.jar [fwd|fwdbwd|cnn]..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
before=$(realpath "$1")
after=$(realpath "$2")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/runner"
javac -d "$out/runner" -cp "$after" "$here/Runner.java"
javac -d "$out" "$here/AB.java"
cd "$out"
nice -n 19 java -Dnabla.threads=1 -Dab.runner="$out/runner" -Xms2g -Xmx2g -XX:+AlwaysPreTouch \
  --add-modules jdk.incubator.vector -cp "$out" AB "$before" "$after" "${@:3}"
