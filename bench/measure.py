"""Wall time and peak RSS of one command, measured in a fresh child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def measure(args: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of ``args``; the wrapper isolates RUSAGE_CHILDREN."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "took = time.perf_counter() - start\n"
        "if done.returncode:\n"
        "    sys.stderr.write(done.stdout + done.stderr); sys.exit(done.returncode)\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([took, rss]))\n"
    )
    os.sync()  # files the last step wrote are flushed now, not billed to this command
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-c", wrapper, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{out.stderr}")
    seconds, rss = json.loads(out.stdout)
    return float(seconds), float(rss)
