#!/usr/bin/env bash
# Issue 6, one command: build the benchmarks module with the `peers` profile, run Nabla, DJL 0.36 (PyTorch CPU)
# and DL4J 1.0.0-M2.1 with the same JMH settings, threads and JVM flags, time start-up to first prediction, and
# write benchmarks/RESULTS.md (one table per group, Nabla/peer ratios, the issue's targets met / not met).
#
# Also: ./nabla bench-peers. Every setting can be overridden from the environment:
#   JMH_FORKS=1 JMH_WI=3 JMH_I=5 JMH_W=1s JMH_R=1s   JMH forks, warm-up/measurement iterations and their time
#   THREADS=2            threads for every side (-Dnabla.threads, OMP_NUM_THREADS, ai.djl.pytorch.num_threads)
#   HEAP=1g              -Xms = -Xmx for every benchmark JVM (plus -XX:+AlwaysPreTouch)
#   STARTUP_RUNS=10      launches per side for start-up to first prediction (median reported)
#   SIDES="nabla djl dl4j"   which sides run; add dl4j-avx512 for ND4J sgemm with OPENBLAS_CORETYPE=SkylakeX
#                        (AVX-512 kernels forced: ND4J's OpenBLAS 0.3.19 dies with SIGILL in sgemm_beta_SKYLAKEX here)
#   BENCH_GROUPS="sgemm conv2d maxPool2d lstm lenetTrainStep seedCnnTrainStep"   benchmark method prefixes to run
#   SGEMM_SIZES=256,512,1024,2048   matrix sizes of the sgemm group
#   SKIP_BUILD=0         1 reuses benchmarks/target as built
#   SKIP_STARTUP=0       1 skips the start-up launches
#   RESULTS=benchmarks/RESULTS.md   where the report goes
#   STATISTIC=min        per benchmark, the best (min), median or mean of JMH's measurement iterations
#   RUN_DIR=…            resume an interrupted run in that directory (finished parts are not run again)
#   NICE="nice -n 19"    prefix of every build and benchmark command (shared machine); NICE= to run un-niced
# Peers run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (in their commands only) and with
# GLIBC_TUNABLES=glibc.malloc.mmap_threshold=32MiB:trim_threshold=16GiB (see shared/PERFORMANCE.md).
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_FORKS=${JMH_FORKS:-1}; JMH_WI=${JMH_WI:-3}; JMH_I=${JMH_I:-5}; JMH_W=${JMH_W:-1s}; JMH_R=${JMH_R:-1s}
THREADS=${THREADS:-2}; HEAP=${HEAP:-1g}; STARTUP_RUNS=${STARTUP_RUNS:-10}
SIDES=${SIDES:-nabla djl dl4j}
BENCH_GROUPS=${BENCH_GROUPS:-sgemm conv2d maxPool2d lstm lenetTrainStep seedCnnTrainStep}
SGEMM_SIZES=${SGEMM_SIZES:-256,512,1024,2048}
SKIP_BUILD=${SKIP_BUILD:-0}; SKIP_STARTUP=${SKIP_STARTUP:-0}
RESULTS=${RESULTS:-benchmarks/RESULTS.md}
NICE=${NICE-nice -n 19}
GLIBC_SETTING='glibc.malloc.mmap_threshold=32MiB:trim_threshold=16GiB'

T=benchmarks/target
# RUN_DIR=<an earlier run's directory> resumes it: finished side/group pairs and start-up sides are kept.
RUN_DIR=${RUN_DIR:-$T/peers-run/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RUN_DIR"
STATISTIC=${STATISTIC:-min}
log() { echo "[bench-peers $(date -u +%H:%M:%S)] $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

if [[ $SKIP_BUILD != 1 ]]; then
  log "building benchmarks with -Ppeers (DL4J, DJL and their natives come from Maven; linux-x86_64 only)…"
  $NICE mvn -B -q -Ppeers -Djavacpp.platform=linux-x86_64 -pl benchmarks -am package -DskipTests
fi
[[ -f $T/nabla-benchmarks.jar ]] || { echo "missing $T/nabla-benchmarks.jar (build failed?)" >&2; exit 1; }

JAR=$T/nabla-benchmarks.jar
CP="$JAR:$T/lib/*"
JVM_FLAGS="-Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch"
# Nabla's JVMs get the Vector API module (its GEMM; what ./nabla gives users); NABLA_SIMD=off leaves it out.
NABLA_JVM=$([[ ${NABLA_SIMD:-} == off ]] && echo "" || echo "--add-modules jdk.incubator.vector")
SIDE_PROPS="-Dnabla.threads=$THREADS -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1 -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=12g"
JMH_ARGS=(-f "$JMH_FORKS" -wi "$JMH_WI" -i "$JMH_I" -w "$JMH_W" -r "$JMH_R" -bm avgt -tu ms -foe false)
# The peers' environment: OpenBLAS may pick its own kernel, glibc keeps freed buffers, OpenMP uses $THREADS.
PEER_ENV=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE GLIBC_TUNABLES=$GLIBC_SETTING OMP_NUM_THREADS=$THREADS)
NABLA_ENV=(env OMP_NUM_THREADS=$THREADS)

RESUMED=0; [[ -s $RUN_DIR/meta.txt ]] && RESUMED=1
[[ -s $RUN_DIR/meta.txt ]] || {
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores visible, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 -o 'avx512f' /proc/cpuinfo >/dev/null && echo AVX-512 || echo no AVX-512)"
  echo "JVM=$($NICE java -version 2>&1 | sed -n "1p;3p" | paste -sd" ")"
  echo "cores=$(nproc)"
  echo "load average at start (1/5/15 min)=$(loadavg)"
  echo "JMH=1.37, -f $JMH_FORKS -wi $JMH_WI -i $JMH_I -w $JMH_W -r $JMH_R, average time (mean of the iterations), sgemm n=$SGEMM_SIZES; fork flags $JVM_FLAGS $SIDE_PROPS (Nabla also: ${NABLA_JVM:-no Vector API module})"
  echo "threads=$THREADS for every side (-Dnabla.threads, OMP_NUM_THREADS, ai.djl.pytorch.num_threads; interop 1)"
  echo "peers' environment=OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (caller had: ${OPENBLAS_CORETYPE:-unset} / ${OPENBLAS_L2_SIZE:-unset}); GLIBC_TUNABLES=$GLIBC_SETTING"
  echo "versions=DL4J/ND4J 1.0.0-M2.1 (nd4j-native linux-x86_64, OpenBLAS 0.3.19 via javacpp 1.5.7); DJL 0.36.0 + pytorch-engine, pytorch-native-cpu 2.7.1 linux-x86_64 (offline)"
  echo "command=benchmarks/run-peers.sh (git $(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
} > "$RUN_DIR/meta.txt"
if [[ $RESUMED == 1 ]]; then echo "resumed=$(date -u '+%H:%M UTC') with load $(loadavg)" >> "$RUN_DIR/meta.txt"; fi
log "run directory $RUN_DIR; load $(loadavg)"

# Which OpenBLAS kernel ND4J gets in the peers' environment.
if [[ " $SIDES " == *" dl4j"* && ! -s $RUN_DIR/openblas.txt ]]; then
  "${PEER_ENV[@]}" $NICE java -cp "$CP" dev.nabla.benchmarks.peers.OpenBlasCore 2>/dev/null | grep -E '^(corename|config)=' \
      > "$RUN_DIR/openblas.txt" || echo "OpenBlasCore failed" > "$RUN_DIR/openblas.txt"
  if [[ " $SIDES " == *" dl4j-avx512 "* ]]; then
    "${PEER_ENV[@]}" OPENBLAS_CORETYPE=SkylakeX $NICE java -cp "$CP" dev.nabla.benchmarks.peers.OpenBlasCore 2>/dev/null \
        | sed -n 's/^corename=/with OPENBLAS_CORETYPE=SkylakeX (side dl4j-avx512): corename=/p' >> "$RUN_DIR/openblas.txt" || true
  fi
  log "OpenBLAS: $(tr '\n' ' ' < "$RUN_DIR/openblas.txt")"
fi

# Start-up first: whole processes, short, and the figure most sensitive to a busy machine.
if [[ $SKIP_STARTUP != 1 ]]; then
  STARTUP_FLAGS=(-Xms$HEAP -Xmx$HEAP $SIDE_PROPS)
  NN_CORE=($T/lib/nn-core-*.jar)
  [[ ${#NN_CORE[@]} == 1 && -f ${NN_CORE[0]} ]] || { echo "expected exactly one nn-core jar in $T/lib, found: ${NN_CORE[*]}" >&2; exit 1; }
  NABLA_CP="$JAR:${NN_CORE[0]}"
  DJL_CP="$JAR:$(ls $T/lib/api-0.*.jar $T/lib/pytorch-*.jar $T/lib/gson-*.jar $T/lib/jna-*.jar $T/lib/slf4j-api-*.jar | paste -sd:)"
  startup() { # label, env array name, classpath, main
    local label=$1; local -n senv=$2
    if grep -q "^$label	" "$RUN_DIR/startup.tsv" 2>/dev/null; then return 0; fi
    log "start-up to first prediction: $label × $STARTUP_RUNS…"
    local extra=(); [[ $label == nabla && -n $NABLA_JVM ]] && extra=($NABLA_JVM)
    "${senv[@]}" $NICE java -cp "$JAR" dev.nabla.benchmarks.peers.StartupRunner "$label" "$STARTUP_RUNS" \
        "$RUN_DIR/startup.tsv" java "${STARTUP_FLAGS[@]}" "${extra[@]}" -cp "$3" "$4" >> "$RUN_DIR/startup.log" 2>&1 \
      || log "start-up $label failed (see $RUN_DIR/startup.log)"
  }
  startup empty-jvm NABLA_ENV "$JAR" dev.nabla.benchmarks.peers.EmptyJvm
  [[ " $SIDES " == *" nabla "* ]] && startup nabla NABLA_ENV "$NABLA_CP" dev.nabla.benchmarks.peers.NablaFirstPrediction
  [[ " $SIDES " == *" djl "* ]] && startup djl PEER_ENV "$DJL_CP" dev.nabla.benchmarks.peers.DjlFirstPrediction
  [[ " $SIDES " == *" dl4j "* ]] && startup dl4j PEER_ENV "$CP" dev.nabla.benchmarks.peers.Dl4jFirstPrediction
fi


run_jmh() { # side, group, JMH include regex, env array name
  local side=$1 group=$2 regex=$3
  local -n envv=$4
  local params=()
  [[ $group == sgemm ]] && params=(-p "n=$SGEMM_SIZES")
  local out="$RUN_DIR/$side@$group"
  if [[ -s $out.csv ]]; then log "$side $group already done in $RUN_DIR"; return 0; fi
  rm -f "$out.error"
  log "JMH $side $group…"
  if ! "${envv[@]}" $NICE java -cp "$CP" org.openjdk.jmh.Main "$regex" "${JMH_ARGS[@]}" "${params[@]}" \
      -jvmArgsAppend "$JVM_FLAGS $SIDE_PROPS$([[ $side == nabla ]] && echo " $NABLA_JVM")" -rf csv -rff "$out.csv" > "$out.log" 2>&1; then
    { echo "$group: JMH exited non-zero; last lines of $out.log:"; tail -5 "$out.log"; } > "$out.error"
  fi
  if grep -q '<failure>' "$out.log"; then
    { echo "$group:"; grep -m1 -A3 '<failure>' "$out.log"; } | tr '\n' ' ' >> "$out.error"
  fi
  if grep -q 'forked VM failed' "$out.log"; then
    { echo "$group: a benchmark JVM crashed:"; grep -m1 -A1 'Problematic frame' "$out.log"; } | tr '\n' ' ' >> "$out.error"
  fi
}

# Groups run one after another and, within a group, the sides back to back, so that a change in the machine's
# load hits the sides of one comparison alike.
P=dev.nabla.benchmarks.peers
for group in $BENCH_GROUPS; do
  for side in $SIDES; do
    case $side in
      nabla)       run_jmh nabla "$group" "$P.NablaSideBenchmark.$group" NABLA_ENV ;;
      djl)         run_jmh djl "$group" "$P.DjlSideBenchmark.$group" PEER_ENV ;;
      dl4j)        run_jmh dl4j "$group" "$P.Dl4jSideBenchmark.$group" PEER_ENV ;;
      dl4j-avx512) AVX_ENV=("${PEER_ENV[@]}" OPENBLAS_CORETYPE=SkylakeX)
                   [[ $group == sgemm ]] && run_jmh dl4j-avx512 "$group" "$P.Dl4jSideBenchmark.sgemm" AVX_ENV ;;
      *) echo "unknown side $side (nabla | djl | dl4j | dl4j-avx512)" >&2; exit 2 ;;
    esac
  done
done

grep -v '^load average at end' "$RUN_DIR/meta.txt" > "$RUN_DIR/meta.tmp" && mv "$RUN_DIR/meta.tmp" "$RUN_DIR/meta.txt"
echo "load average at end (1/5/15 min)=$(loadavg)" >> "$RUN_DIR/meta.txt"
grep -q '^start-up flags=' "$RUN_DIR/meta.txt" || echo "start-up flags=-Xms$HEAP -Xmx$HEAP (no AlwaysPreTouch: it alone costs seconds here), $STARTUP_RUNS launches each, run one after another; classpaths: Nabla = benchmarks jar + nn-core; DJL = its 8 jars; DL4J = the whole benchmarks lib" >> "$RUN_DIR/meta.txt"
$NICE java -cp "$JAR" dev.nabla.benchmarks.peers.ResultsReport "$RUN_DIR" "$RESULTS" "$STATISTIC"
log "done: $RESULTS (raw JMH output in $RUN_DIR)"
