#!/usr/bin/env bash
# Builds the engine benchmarks and runs them: JMH (check, list-objects, write, store load, jCasbin comparison)
# and the retained-heap measurement. Bounded: about 8 minutes on 2 cores. Results go to
# docs/benchmarks/ as JMH JSON and text.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests -pl service/benchmarks -am package
jar=service/benchmarks/target/benchmarks.jar
out=docs/benchmarks
mkdir -p "$out"
java -jar "$jar" -f 1 -wi 5 -w 3s -i 5 -r 3s -rf json -rff "$out/engine-jmh.json" "${@:-.*}" | tee "$out/engine-jmh.txt"
java -Xms4g -Xmx4g -cp "$jar" io.castellan.benchmarks.HeapFootprint | tee "$out/heap.txt"
java -Xms4g -Xmx4g -cp "$jar" io.castellan.benchmarks.LookupsPerCheck | tee "$out/lookups-per-check.txt"
java -Xms4g -Xmx4g -cp "$jar" io.castellan.benchmarks.TrieComparisonBenchmark | tee -a "$out/trie-comparison.txt"
