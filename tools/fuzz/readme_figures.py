#!/usr/bin/env python3
"""Copies the figures of a fuzzing run into README.md.

    tools/fuzz/readme_figures.py [build/fuzz/fuzz-stats.txt]

tools/fuzz/run.sh writes the stats file (key=value lines); this script
replaces the block between <!-- fuzzing-figures --> and
<!-- /fuzzing-figures --> in README.md's "Guarantees" section with them, so
the README's numbers are always those of a real run, never typed by hand.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGETS = [
    ("model_json", "load JSON model files, then use the model"),
    ("model_binary", "load binary model files, then use the model"),
    ("csv", "read_csv, then fit two classes on the frame"),
    ("predict_one", "single-record prediction vs batch, any values"),
    ("signed_model", "verify and load signed model files, re-signed or as mutated"),
    ("runtime_model", "load any model file without its C++ type (DynamicPipeline), then use it"),
    ("spec", "build a pipeline from a JSON spec, write it back, build again"),
]


def main() -> int:
    stats_path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "fuzz" / "fuzz-stats.txt"
    stats = {}
    for line in stats_path.read_text().splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            stats[key.strip()] = value.strip()
    missing = [t for t, _ in TARGETS if f"{t}.executions" not in stats]
    if missing:
        sys.exit(f"{stats_path}: no figures for {', '.join(missing)} (run tools/fuzz/run.sh with every target)")

    def n(key: str) -> str:
        return f"{int(stats[key]):,}"

    lines = [
        "<!-- fuzzing-figures -->",
        f"Last fuzzing campaign: `FUZZ_SECONDS={stats['seconds_per_target']} tools/fuzz/run.sh` on "
        f"{stats['date']}, {stats['host_cores']} cores, {stats['seconds_per_target']} s per target "
        "(libFuzzer with AddressSanitizer and UndefinedBehaviorSanitizer, 512 MB RSS and malloc limits). "
        "Written by `tools/fuzz/readme_figures.py` from the run's figures.",
        "",
        "| target | what it exercises | executions | corpus |",
        "| --- | --- | ---: | ---: |",
    ]
    for target, what in TARGETS:
        lines.append(f"| `{target}` | {what} | {n(target + '.executions')} | {n(target + '.corpus')} |")
    lines.append(f"| total | | {n('total.executions')} | {n('total.corpus')} |")
    lines += [
        "",
        f"Defects found by fuzzing and fixed: {stats['reproducers']}; each reproducer is kept in "
        "[tests/fuzz/regression/](tests/fuzz/regression/) and replayed by the test suite. "
        "CI fuzzes every target again on each run (`tools/ci/stages/60-fuzz.sh`).",
        "<!-- /fuzzing-figures -->",
    ]
    readme = ROOT / "README.md"
    text = readme.read_text()
    pattern = re.compile(r"<!-- fuzzing-figures -->.*?<!-- /fuzzing-figures -->", re.S)
    if not pattern.search(text):
        sys.exit("README.md has no <!-- fuzzing-figures --> block (in its Guarantees section)")
    readme.write_text(pattern.sub(lambda _: "\n".join(lines), text, count=1))
    print(f"README.md: fuzzing figures from {stats_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
