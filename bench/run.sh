#!/usr/bin/env bash
# Runs every Daybit benchmark of a data profile and writes bench/results/latest.json and latest.md,
# and the table into bench/README.md. Usage: bench/run.sh quick|full [extra JVM options]
#   quick: 50,000 accounts x 365 days, a few minutes
#   full:  1,000,000 accounts x 730 days, about half an hour, needs ~12 GB of heap
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-quick}"
shift || true
case "$profile" in
  tiny)  heap=1g;  duck=1GB ;;
  quick) heap=3g;  duck=2GB ;;
  full)  heap=14g; duck=6GB ;;
  *) echo "usage: bench/run.sh quick|full [JVM options]" >&2; exit 2 ;;
esac
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -pl bench -am package -DskipTests
fi
flags="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED \
--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"
# shellcheck disable=SC2086
exec java -Xms"$heap" -Xmx"$heap" -Ddaybit.duckdb.memory="$duck" $flags "$@" \
  -cp bench/target/daybit-bench.jar io.daybit.bench.BenchMain "$profile" bench/results bench/README.md
