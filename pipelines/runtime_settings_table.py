"""Turns three Google Benchmark JSON files of scorefield_bench_micro (the engine's CPU runtime
settings, OpenBLAS's own threads back on, glibc's default malloc) into the runtime-settings
section of docs/benchmarks.md. Run by pipelines/measure_runtime_settings.sh:

  /usr/bin/python3 pipelines/runtime_settings_table.py OUT_DIR THREADS docs/benchmarks.md"""
import json
import sys

from doc_section import replace_section


def load(out, name):
    with open("%s/%s.json" % (out, name)) as f:
        return {b["name"]: b["real_time"] for b in json.load(f)["benchmarks"]}


def main():
    out, threads, doc = sys.argv[1], sys.argv[2], sys.argv[3]
    engine, blas, malloc = (load(out, name) for name in ("engine", "blas-threads", "system-malloc"))
    rows = ["Measured by `bash pipelines/measure_runtime_settings.sh %s`: `scorefield_bench_micro` three" % threads,
            "times in a row, with the engine's settings, with `OPENBLAS_NUM_THREADS=%s` (OpenBLAS's own" % threads,
            "threads back) and with `SCOREFIELD_SYSTEM_MALLOC=1` (glibc's default handling of large blocks).",
            "",
            "| benchmark (batch 4, %s threads) | engine settings, ms | OpenBLAS threads on, ms | ratio "
            "| glibc default malloc, ms | ratio |" % threads,
            "|---|---|---|---|---|---|"]
    for name, t in engine.items():
        rows.append("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |"
                    % (name, t, blas[name], blas[name] / t, malloc[name], malloc[name] / t))
    print(replace_section(doc, "runtime-settings", rows))


if __name__ == "__main__":
    main()
