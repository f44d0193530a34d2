"""wt-reader timescales --from STEP --date DD/MM/YYYY [--json] | --list"""
from __future__ import annotations

import argparse
import datetime as dt
import json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("timescales", help="work out the due dates of a case's statutory timescales")
    p.add_argument("--from", dest="start", metavar="STEP_ID", help="the step the plan starts from")
    p.add_argument("--date", metavar="DATE", help="when that step happened, day first: DD/MM/YYYY "
                   "(or YYYY-MM-DD); default: today")
    p.add_argument("--list", action="store_true", help="list the step ids")
    p.add_argument("--json", action="store_true", help="print JSON (stable shape, for scripts)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app.cli import CliError, load_guide_or_fail
    from app.guide.timescales import TimescaleError, parse_date, plan, starting_points

    from app import paths
    from app.packs.local import active_overrides, apply_overrides

    national = load_guide_or_fail(args)
    local = active_overrides(paths.content_layers_dir())  # a partnership's figures win, shown beside
    guide = apply_overrides(national, local)
    if args.list or not args.start:
        starts = {s.id for s in starting_points(guide)}
        rows = [{"id": s.id, "name": s.name, "starting_point": s.id in starts,
                 "after": s.after, "amount": s.amount, "unit": s.unit} for s in guide.timescales.values()]
        if args.json:
            print(json.dumps({"steps": rows}, indent=2))
        else:
            print("Starting points (use with --from):")
            for row in rows:
                if row["starting_point"]:
                    print(f"  {row['id']:<28} {row['name']}")
            print("Other steps:")
            for row in rows:
                if not row["starting_point"]:
                    print(f"  {row['id']:<28} {row['name']}")
        return 0
    try:
        start_date = parse_date(args.date) if args.date else dt.date.today()
        result = plan(guide, args.start, start_date)
    except TimescaleError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print(json.dumps({
            "version": 1,
            "content_version": guide.content_version,
            "from": {"id": result.start.id, "name": result.start.name, "date": start_date.isoformat()},
            "steps": [{
                "id": p.step.id, "name": p.step.name, "date": p.date.isoformat(),
                "counted_from": p.counted_from.id if p.counted_from else None,
                "amount": p.step.amount, "unit": p.step.unit, "basis": p.step.basis,
                "edition": p.step.edition, "section": p.step.section, "note": p.step.note,
                "bank_holidays_skipped": [{"date": d.isoformat(), "name": n} for d, n in p.holidays_skipped],
                **_national_and_local(national, local, p.step.id),
            } for p in result.steps[1:]],
            "warnings": list(result.warnings),
        }, indent=2))
    else:
        print(result.as_text(guide), end="")
    return 0


def _national_and_local(national, local: dict, step_id: str) -> dict:
    """A step the local pack overrides: the national figures in amount/unit, the local ones beside."""
    override = local.get(step_id)
    step = national.timescales.get(step_id)
    if override is None or step is None or step.after is None:
        return {}
    return {"amount": step.amount, "unit": step.unit, "basis": step.basis, "local": override.as_json()}
