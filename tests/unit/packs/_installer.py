"""usage: _installer.py DATA RESOURCES BUNDLED PACK...  — installs the packs in turn, rolls them all
back, and again, until killed (tests/unit/packs/test_kill.py kills it with SIGKILL at random)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.guide import load_guide  # noqa: E402
from app.packs import PackRefused  # noqa: E402
from app.packs.active import active_guide_dir  # noqa: E402
from app.packs.layers import prepare, rollback  # noqa: E402
from app.packs.trust import TrustStore  # noqa: E402

data, resources, bundled = (Path(a) for a in sys.argv[1:4])
packs = [Path(p) for p in sys.argv[4:]]
root = data / "content-layers"
trust = TrustStore(data, resources)
while True:
    for pack in packs:
        try:
            prepare(pack, trust, root, load_guide(active_guide_dir(root, bundled))).commit()
        except PackRefused:
            pass
        print("installed", pack.name, flush=True)
    for _ in packs:
        try:
            rollback(root, "2026.1")
        except PackRefused:
            break
        print("rolled back", flush=True)
