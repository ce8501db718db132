#!/bin/bash -eu
# Build hcsdoc's fuzz targets for ClusterFuzzLite / OSS-Fuzz (runs inside the base-builder-python image).
#
# Targets: fuzz/bytes_fuzzer.py (raw spec bytes, JSON-aware mutator) and fuzz/structured_fuzzer.py (the
# Hypothesis strategies through fuzz_one_input). The differential harness needs the Go capture executable
# under Wine and is not built here.

# The package and its dependencies (hypothesis, deepdiff, jsonschema). atheris comes with the base image.
pip3 install .

for name in bytes structured; do
  fuzzer="$SRC/hcsdoc/fuzz/${name}_fuzzer.py"
  # compile_python_fuzzer bundles the harness with PyInstaller into $OUT/<basename> plus the wrapper the
  # runner detects. PyInstaller follows static imports only: the converter's modules are imported through
  # pkgutil inside the instrumentation block, so collect them explicitly.
  compile_python_fuzzer "$fuzzer" \
    --collect-submodules reference \
    --collect-submodules conformance \
    --collect-submodules fuzz \
    --collect-data conformance
done

# Seed corpora, generated from the conformance vectors (never committed): <target>_seed_corpus.zip next to
# the binary is what the runner unpacks.
for name in bytes structured; do
  python3 -m hcsdoc fuzz --target "$name" --make-corpus --corpus "$WORK/corpus_$name"
  (cd "$WORK/corpus_$name" && zip -q -r "$OUT/${name}_fuzzer_seed_corpus.zip" .)
done

# The dictionary for the byte-level harness: <target>.dict next to the binary.
cp "$SRC/hcsdoc/fuzz/dictionary/hcsdoc.dict" "$OUT/bytes_fuzzer.dict"

# Findings are libFuzzer artifacts there; the structured harness needs no example database.
printf '[libfuzzer]\nmax_len = 8192\ntimeout = 10\n' > "$OUT/bytes_fuzzer.options"
printf '[libfuzzer]\nmax_len = 8192\ntimeout = 10\n' > "$OUT/structured_fuzzer.options"
