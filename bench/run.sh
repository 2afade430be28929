#!/usr/bin/env bash
# Runs every Daybit benchmark of a data profile and writes bench/results/latest.json and latest.md,
# and the table into bench/README.md. Usage: bench/run.sh quick|full [extra JVM options]
#   quick: 50,000 accounts x 365 days, a few minutes
#   full:  1,000,000 accounts x 730 days, 30-45 minutes, 10 GB of heap + 4 GB for DuckDB
# or the soak run, which writes bench/results/soak.json and soak.md and exits 1 when it fails:
#   bench/run.sh soak [minutes] [--data-dir DIR] [--rate EVENTS_PER_S]   (default 30 minutes, 3,000 events/s)
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-quick}"
shift || true
flags="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED \
--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"
if [ "$profile" = soak ]; then
  if [ -z "${BENCH_NO_BUILD:-}" ]; then
    mvn -B -q -pl bench -am package -DskipTests
  fi
  # shellcheck disable=SC2086
  exec java -Xmx2g $flags -cp bench/target/daybit-bench.jar io.daybit.bench.soak.SoakMain "$@"
fi
case "$profile" in
  tiny)  heap=1g;  duck=1GB ;;
  quick) heap=3g;  duck=2GB ;;
  full)  heap=10g; duck=4GB ;;
  *) echo "usage: bench/run.sh quick|full [JVM options] | soak [minutes] [--data-dir DIR]" >&2; exit 2 ;;
esac
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -pl bench -am package -DskipTests
fi
# shellcheck disable=SC2086
exec java -Xmx"$heap" -Ddaybit.duckdb.memory="$duck" $flags "$@" \
  -cp bench/target/daybit-bench.jar io.daybit.bench.BenchMain "$profile" bench/results bench/README.md
