"""Starting Django is quick: every web worker, monitor and management command pays for it.

The heavy clients load where they are first used, not at start-up: the Bluesky, Mastodon and X
clients (blocking.writers), the YouTube client (platforms.links keeps every platform's web hosts
itself), the linear-programming solver (core.suppression) and the PDF writer
(discipline.letters) add about a second and a half to each start between them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOADED_WHERE_USED = ("atproto", "mastodon", "tweepy", "googleapiclient", "scipy.optimize", "fpdf")


def test_starting_django_loads_no_platform_client_solver_or_pdf_writer(tmp_path: Path) -> None:
    code = (
        "import json, sys, django; django.setup(); "
        f"print(json.dumps([name for name in {LOADED_WHERE_USED!r} if name in sys.modules]))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "upstander.settings",
        "UPSTANDER_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
