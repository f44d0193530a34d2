"""Content packs: the size of a whole-guide pack and what installing, rolling back and `changes` cost.

    python benchmarks/packs.py [--runs 5] [--json]

Everything happens in a temporary folder with a freshly generated Ed25519 key, trusted there as
the project's key (the project's real private key is never needed, or in the repository). The
pack is the whole bundled guide, at a newer content_version, with one section changed so the
update has something to say.

1. Pack size (KB) of the whole guide, and the time `pack build` takes (strict check + sign).
2. Verify + install (median of --runs, each into a new data folder): open the zip, check the
   signature and every file's sha256 while unpacking into staging, run check-content, load the
   new content and work out what it changes (`prepare`), then rename the layer into place and
   write the pointer (`commit`). This is what the window does in its worker before it swaps to
   the new content. Goal ≤ 3 s. Also `wt-reader update FILE --yes` as a new process (Python's
   start, imports and loading the guide in use included).
3. After install, as the window does in the background: the new content's guide loaded and
   rendered (the guide cache misses: a new content fingerprint) and its search index built.
4. Roll back (median of --runs): the pointer switched back, and the previous content loaded
   again for the window (from its guide cache, as a start would).
5. `changes`: the diff of old and new guide (computed once at install) and `wt-reader changes`'
   read of the stored result.

The machine may be shared: timings vary from run to run, hence medians.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import paths  # noqa: E402
from app.guide import load_guide  # noqa: E402
from app.guide.cache import load_guide_cached  # noqa: E402
from app.packs import keys  # noqa: E402
from app.packs.active import active_guide_dir, read_state  # noqa: E402
from app.packs.build import build_pack  # noqa: E402
from app.packs.changes import diff  # noqa: E402
from app.packs.layers import prepare, rollback  # noqa: E402
from app.packs.trust import TrustStore  # noqa: E402
from app.search import IndexManager  # noqa: E402

INSTALL_GOAL_S = 3.0

# `wt-reader update FILE --yes` in a fresh process, with the benchmark's key shipped as the project's.
CLI_CHILD = r"""
import sys, time
started = time.perf_counter()
from pathlib import Path
from app import paths
paths.resources_dir = lambda: Path(sys.argv[1])
from app.cli import main
code = main(["--data-dir", sys.argv[2], "update", sys.argv[3], "--yes"])
print("SECONDS", time.perf_counter() - started, flush=True)
sys.exit(code)
"""


def _bump(version: str) -> str:
    return f"{version}.1" if version else "9999.1"


def make_pack(tmp: Path, bundled: Path) -> tuple[Path, Path, Path, str]:
    """A key trusted as the project's, and a pack of the whole guide one version on."""
    resources = tmp / "resources"
    (resources / "keys").mkdir(parents=True)
    key = tmp / "bench.key"
    public = keys.generate(key)
    (resources / "keys" / "project.pub").write_text(keys.public_text(public) + "\n", encoding="ascii")
    content = tmp / "content"
    shutil.copytree(bundled, content)
    guide_yaml = content / "guide.yaml"
    old = load_guide(bundled).content_version
    new = _bump(old)
    text = guide_yaml.read_text(encoding="utf-8")
    guide_yaml.write_text(re.sub(r"(?m)^content_version:.*$", f'content_version: "{new}"', text, count=1),
                          encoding="utf-8")
    page = sorted(content.glob("*/*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n\nA paragraph added by the benchmark.\n", encoding="utf-8")
    (content / "pack.yaml").write_text(f"note: Benchmark update {new}.\n", encoding="utf-8")
    pack = tmp / f"guide-{new}.wtpack"
    return resources, key, pack, new


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def run(runs: int) -> dict:
    bundled = paths.content_dir()
    current = load_guide(bundled)
    out: dict = {"guide": {"content_version": current.content_version, "sections": len(current.sections),
                           "files": sum(1 for p in bundled.rglob("*") if p.is_file())}}
    with tempfile.TemporaryDirectory(prefix="wt-packs-bench-") as tmp_name:
        tmp = Path(tmp_name)
        resources, key, pack, new_version = make_pack(tmp, bundled)
        build_s, manifest = timed(lambda: build_pack(tmp / "content", key, pack))
        out["pack"] = {"content_version": new_version, "files": len(manifest["files"]),
                       "unpacked_kb": sum(f["size"] for f in manifest["files"].values()) / 1024,
                       "size_kb": pack.stat().st_size / 1024, "build_s": build_s}

        installs, prepares, commits, rollbacks, reloads = [], [], [], [], []
        for n in range(runs):
            data = tmp / f"data-{n}"
            data.mkdir()
            trust = TrustStore(data, resources)
            root = data / "content-layers"
            started = time.perf_counter()
            prepared = prepare(pack, trust, root, current)
            ready = time.perf_counter()
            prepared.commit()
            done = time.perf_counter()
            prepares.append(ready - started)
            commits.append(done - ready)
            installs.append(done - started)
            assert active_guide_dir(root, bundled) != bundled, "the pack did not become the active content"
            if n == 0:
                changes = prepared.changes
                # 3. what the window does next, in the background
                cache = data / "cache" / "guide.pickle"
                load_s, new_guide = timed(lambda: load_guide_cached(active_guide_dir(root, bundled), cache))
                manager = IndexManager(new_guide, data / "index")
                index_s, _ = timed(manager.ensure)
                manager.close()
                out["after_install"] = {"guide_load_s": load_s, "index_build_s": index_s}
                # the bundled guide's cache, as a user's earlier starts left it
                load_guide_cached(bundled, data / "cache" / "bundled.pickle")
            # 4. roll back: the pointer, then the previous content for the window
            back_s, state = timed(lambda: rollback(root, current.content_version))
            assert active_guide_dir(root, bundled) == bundled and state.changes["rolled_back"]
            rollbacks.append(back_s)
            reload_s, _ = timed(lambda: load_guide_cached(bundled, tmp / "data-0" / "cache" / "bundled.pickle"))
            reloads.append(reload_s)

        cli = []
        script = tmp / "cli_update.py"
        script.write_text(CLI_CHILD, encoding="utf-8")
        for n in range(runs):
            data = tmp / f"cli-data-{n}"
            started = time.perf_counter()
            proc = subprocess.run([sys.executable, str(script), str(resources), str(data), str(pack)],
                                  capture_output=True, text=True, cwd=ROOT, timeout=120,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
            wall = time.perf_counter() - started
            if proc.returncode != 0:
                raise RuntimeError(f"wt-reader update failed: {proc.stderr.strip()[-500:]}")
            cli.append(wall)
        out["install"] = {"cli_median_s": statistics.median(cli), "runs": runs, "median_s": statistics.median(installs), "min_s": min(installs),
                          "max_s": max(installs), "prepare_median_s": statistics.median(prepares),
                          "commit_median_s": statistics.median(commits), "goal_s": INSTALL_GOAL_S}
        out["rollback"] = {"median_s": statistics.median(rollbacks),
                           "with_guide_reload_median_s": statistics.median(r + g for r, g in zip(rollbacks, reloads))}
        new_guide = load_guide(tmp / "content")
        diffs = [timed(lambda: diff(current, new_guide, note="bench"))[0] for _ in range(runs)]
        root0 = tmp / "data-0" / "content-layers"
        reads = [timed(lambda: read_state(root0).changes)[0] for _ in range(runs)]
        out["changes"] = {"diff_median_s": statistics.median(diffs), "read_median_s": statistics.median(reads),
                          "changed": len(changes["changed"]), "added": len(changes["added"]),
                          "removed": len(changes["removed"])}
    return out


def print_table(r: dict) -> None:
    g, p, i = r["guide"], r["pack"], r["install"]
    print(f"whole guide {g['content_version']} → {p['content_version']}: {g['sections']} sections, {p['files']} files "
          f"({p['unpacked_kb']:.0f} KB unpacked)\n")
    rows = [
        ("pack size", f"{p['size_kb']:.0f} KB", ""),
        ("pack build (check + sign)", f"{p['build_s']:.2f} s", ""),
        (f"verify + install (median of {i['runs']})", f"{i['median_s']:.2f} s",
         f"goal ≤ {i['goal_s']:.0f} s: {'met' if i['median_s'] <= i['goal_s'] else 'NOT met'}"),
        ("  range over runs", f"{i['min_s']:.2f}–{i['max_s']:.2f} s", ""),
        ("  of which verify, unpack, check, diff", f"{i['prepare_median_s']:.2f} s", ""),
        ("  of which rename + pointer", f"{i['commit_median_s'] * 1000:.0f} ms", ""),
        ("wt-reader update FILE --yes (new process)", f"{i['cli_median_s']:.2f} s", "median; start-up included"),
        ("background: new guide loaded (cache miss)", f"{r['after_install']['guide_load_s']:.2f} s", ""),
        ("background: search index rebuilt", f"{r['after_install']['index_build_s']:.2f} s", ""),
        ("roll back (pointer)", f"{r['rollback']['median_s'] * 1000:.1f} ms", ""),
        ("roll back + previous guide loaded", f"{r['rollback']['with_guide_reload_median_s'] * 1000:.0f} ms", ""),
        ("changes: diff of the two guides", f"{r['changes']['diff_median_s'] * 1000:.1f} ms",
         f"{r['changes']['changed']} changed, {r['changes']['added']} added, {r['changes']['removed']} removed"),
        ("changes: read the stored result", f"{r['changes']['read_median_s'] * 1000:.2f} ms", ""),
    ]
    width = max(len(a) for a, _, _ in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}".rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="installs and rollbacks timed (median reported)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    result = run(max(1, args.runs))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 0 if result["install"]["median_s"] <= INSTALL_GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
