"""Search speed: the bundled guide and a synthetic corpus 20 times its size, against a linear scan.

    python benchmarks/search.py [--content-dir DIR] [--scale 20] [--repeat 3]

Measures, in one run: index build time (first run, empty cache), p50/p95 latency of a full
search (query expansion, scoring, snippets, did-you-mean) over 100+ queries, and the same
queries answered by two linear scans over the same texts: "scan" does the same job without an
index (same query preparation and expansions, stem-aware regular expressions, weighted counts,
snippets for the top 20) and is what the index has to beat; "floor" only counts lowercase
substrings (no stemming, abbreviations or snippets), the least work any search can do.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.guide import Guide, load_guide  # noqa: E402
from app.guide.text import plain_text  # noqa: E402
from app.search import IndexManager, Searcher  # noqa: E402
from app.search.query import STOP_WORDS, prepare  # noqa: E402
from app.search.snippets import snippet, stem  # noqa: E402

QUERIES = [
    "s47", "section 47", "icpc", "icpc timescale", "initial child protection conference", "rcpc",
    "review conference", "lado", "allegations against staff", "strategy meeting", "strategy discussion who attends",
    "strategy meeting police", "core group", "core group timescale", "child protection plan", "cp plan",
    "ending a child protection plan", "child in need", "cin", "section 17", "assessment 45 working days",
    "assessment framework", "referral", "one working day", "making a referral", "early help", "family help",
    "eha", "lead practitioner", "safegaurding partners", "safeguarding partners", "lead safeguarding partner",
    "delegated safeguarding partner", "lsp", "dsp", "icb", "integrated care board", "police", "education",
    "schools", "dsl", "designated safeguarding lead", "kcsie", "early years", "health visitor", "gp",
    "independent scrutiny", "threshold document", "relevant agencies", "yearly report", "annual report",
    "funding", "information sharing", "consent", "gdpr", "data protection", "anti-racist practice",
    "discrimination", "escalation", "professional disagreement", "cse", "cce", "county lines",
    "child sexual exploitation", "criminal exploitation", "exploit*", "trafficking", "modern slavery", "nrm",
    "radicalisation", "prevent", "channel", "online harm", "serious violence", "knife crime", "domestic abuse",
    "coercive control", "child sexual abuse", "csa", "fgm", "honour based abuse", "unborn baby", "infants",
    "pre-birth", "disabled children", "young carers", "missing children", "missing education",
    "private fostering", "looked after children", "cla", "lac", "care proceedings", "children returning home",
    "family group conference", "fgdm", "emergency protection order", "police protection", "serious incident",
    "notify the panel", "five working days", "rapid review", "lcspr", "local child safeguarding practice review",
    "national review", "cspr", "child death review", "cdop", "joint agency response", "sudi",
    "working together 2018", "working together 2023", "what changed in 2026", "munro review", "laming",
    "climbie", "peter connelly", "wood review", "children act 2004", "children and social work act",
    "macalister", "stable homes built on love", "multi-agency child protection teams", "macpt",
    '"child protection plan"', '"significant harm"', "significant harm", "who is a child", "voice of the child",
    "working with parents", "section 11", "probation", "youth justice", "housing", "cafcass", "armed forces",
    "secure estate", "immigration", "safer recruitment", "dbs", "whistleblowing", "zzqx nonsense",
]


def scaled_guide(guide: Guide, scale: int) -> Guide:
    """`scale` copies of every section, each with a new id and its words lightly shuffled."""
    rng = random.Random(7)
    sections = {}
    parts = []
    for part in guide.parts:
        ids = []
        for copy in range(scale):
            for sid in part.section_ids:
                s = guide.sections[sid]
                paragraphs = s.body.split("\n\n")
                rng.shuffle(paragraphs)
                new_id = f"{sid}-{copy}" if copy else sid
                sections[new_id] = s._replace(id=new_id, body="\n\n".join(paragraphs))
                ids.append(new_id)
        parts.append(part._replace(section_ids=tuple(ids)))
    return guide.replace(sections=sections, parts=parts, fingerprint=f"{guide.fingerprint}-x{scale}")


class SubstringScan:
    """The floor: every query reads every text, counting lowercase substrings. No stemming, no
    abbreviations, no phrases, no snippets: not the same answer, only the least work possible."""

    def __init__(self, guide: Guide) -> None:
        self.docs = [(s.id, (s.title + " " + " ".join(s.keywords) + " " + plain_text(s.body)).lower())
                     for s in guide.sections.values()]

    def search(self, query: str, limit: int = 20):
        words = [w for w in query.lower().replace('"', " ").replace("*", "").split() if w]
        scored = []
        for sid, text in self.docs:
            score = sum(text.count(w) for w in words)
            if score:
                scored.append((score, sid))
        scored.sort(reverse=True)
        return scored[:limit]


class LinearScan:
    """The same job without an index: the query prepared the same way (glossary expansions,
    phrases, prefixes, little words left out), each word or name found in every text with a
    regular expression on its stem (so "enquiry" finds "enquiries"), ranked by weighted counts
    (title 4, keywords 3, text 1), and snippets cut for the top results."""

    def __init__(self, guide: Guide) -> None:
        from app.search.synonyms import SynonymTable

        self.synonyms = SynonymTable(guide)
        self.docs = [(s.id, s.title.lower(), " ".join(s.keywords).lower(),
                      f"{s.summary}\n{plain_text(s.body)}") for s in guide.sections.values()]

    @staticmethod
    def _pattern(name: str) -> str:
        parts = [re.escape(stem(w.lower())) + r"\w*" for w in re.findall(r"\w+", name)]
        return r"\b" + r"\W+".join(parts) if parts else ""

    def search(self, query: str, limit: int = 20):
        prepared = prepare(query, self.synonyms)
        groups: list[list[str]] = []
        covered: set[int] = set()
        for e in prepared.expansions:
            groups.append([e.typed, *e.alternatives])
            covered.update(range(e.start, e.start + e.length))
        for i, w in enumerate(prepared.words):
            if i not in covered and w not in STOP_WORDS:
                groups.append([w])
        groups.extend([p] for p in prepared.phrases)
        patterns = [re.compile("|".join(p for p in map(self._pattern, g) if p), re.IGNORECASE)
                    for g in groups if any(map(self._pattern, g))]
        if not patterns:
            return []
        scored = []
        for sid, title, keywords, text in self.docs:
            score = 0
            for rx in patterns:
                score += 4 * len(rx.findall(title)) + 3 * len(rx.findall(keywords)) + len(rx.findall(text))
            if score:
                scored.append((score, sid, text))
        scored.sort(key=lambda r: -r[0])
        out = []
        for score, sid, text in scored[:limit]:
            found = {m.group().lower() for rx in patterns for m in rx.finditer(text)}
            out.append((score, sid, snippet(text, {w for f in found for w in f.split()})))
        return out


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def measure(guide: Guide, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        manager = IndexManager(guide, Path(tmp) / "index")
        started = time.perf_counter()
        manager.ensure()
        build = time.perf_counter() - started
        searcher = Searcher(guide, manager)
        for q in QUERIES[:10]:  # warm caches (first-query costs are start-up, not search)
            searcher.search(q)
        times = []
        for _ in range(repeat):
            for q in QUERIES:
                t = time.perf_counter()
                searcher.search(q, limit=20)
                times.append((time.perf_counter() - t) * 1000)
        baselines = {}
        for name, scan in (("scan", LinearScan(guide)), ("floor", SubstringScan(guide))):
            scan_times = []
            for _ in range(repeat):
                for q in QUERIES:
                    t = time.perf_counter()
                    scan.search(q)
                    scan_times.append((time.perf_counter() - t) * 1000)
            baselines[name] = scan_times
        manager.close()
    return {"docs": len(guide.sections), "build": build, "p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
            "scan_p50": percentile(baselines["scan"], 0.5), "scan_p95": percentile(baselines["scan"], 0.95),
            "floor_p50": percentile(baselines["floor"], 0.5), "floor_p95": percentile(baselines["floor"], 0.95)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content-dir", default=str(ROOT / "content"))
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    guide = load_guide(args.content_dir)
    words = sum(len(s.body.split()) for s in guide.sections.values())
    print(f"{len(QUERIES)} queries × {args.repeat}; guide: {len(guide.sections)} sections, {words} words, "
          f"{len(guide.glossary)} glossary terms")
    rows = [("guide", measure(guide, args.repeat)),
            (f"{args.scale}× synthetic", measure(scaled_guide(guide, args.scale), args.repeat))]
    print(f"{'corpus':<16}{'sections':>9}{'build s':>9}{'p50 ms':>8}{'p95 ms':>8}{'scan p50':>10}{'scan p95':>10}"
          f"{'floor p50':>11}{'floor p95':>11}")
    for name, r in rows:
        print(f"{name:<16}{r['docs']:>9}{r['build']:>9.2f}{r['p50']:>8.1f}{r['p95']:>8.1f}"
              f"{r['scan_p50']:>10.1f}{r['scan_p95']:>10.1f}{r['floor_p50']:>11.1f}{r['floor_p95']:>11.1f}")
    print("search: Whoosh index, full answer (expansions, ranking, snippets, did-you-mean), limit 20")
    print("scan: the same job by a linear regex scan; floor: substring counts only (not the same answer)")
    print("goals: guide p95 ≤ 20 ms, 20× p95 ≤ 150 ms and faster than the scan, guide build ≤ 2 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
