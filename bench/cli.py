"""Wall time of the ``luoshi`` command against ``python -c pass``, in the same run.

    .venv/bin/python bench/cli.py [--repeat 7] [--seed PATH]

Each command runs as a fresh process (``python -m luoshi.cli.main …``, what the ``luoshi``
script runs), ``--repeat`` times, interleaved so that a burst of load on a shared machine
hits all of them alike; the median counts. Printed: the wall times, and each as a ratio to
``python -c pass`` (the cost of starting Python at all), which carries from one machine to
another better than seconds do.

``luoshi extract SEED`` is measured twice: once with an empty cache directory (the first
run on a machine, which builds the unit suggester and keeps it) and then warm. Targets
(docs/cli.md): ``luoshi --help`` under 0.5 s and ``luoshi extract SEED`` under 1.5 s.

Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed" / "000_b905f69b6a25458e.txt"
# A Chinese readout of our own: segmenting its directives for the suggester loads jieba's
# dictionary, which an English document never does.
CHINESE = ROOT / "corpus" / "dev" / "zh" / "zh01_xizhou_changweihui_yiyao.txt"


def wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--chinese", type=Path, default=CHINESE)
    args = parser.parse_args()

    luoshi = [sys.executable, "-m", "luoshi.cli.main"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "LUOSHI_CACHE_DIR": cache}
        src = str(ROOT / "src")
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
        cold = wall([*luoshi, "extract", str(args.seed)], env)  # builds the cache
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "luoshi --help": [*luoshi, "--help"],
            f"luoshi extract {args.seed.name}": [*luoshi, "extract", str(args.seed)],
            f"luoshi extract {args.seed.name} --no-suggest": [
                *luoshi, "extract", str(args.seed), "--no-suggest"],
            f"luoshi extract {args.chinese.name}": [*luoshi, "extract", str(args.chinese)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, argv in commands.items():
                times[name].append(wall(argv, env))
    base = statistics.median(times["python -c pass"])
    print(f"{'command':56} {'median s':>9} {'min s':>7} {'× pass':>7}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:56} {median:9.3f} {min(values):7.3f} {median / base:7.1f}")
    print(f"{'luoshi extract ' + args.seed.name + ' (empty cache)':56} {cold:9.3f} "
          f"{'':7} {cold / base:7.1f}")
    print(f"({args.repeat} runs each, interleaved; os.cpu_count()={os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
