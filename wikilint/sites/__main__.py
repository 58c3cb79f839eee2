"""``python -m wikilint.sites``: rewrite ``_profiles.json``, the bundled profiles parsed (run it
after editing a bundled ``*.toml``; until then the edited profile is parsed at run time)."""

from __future__ import annotations

import json
from pathlib import Path

from . import PARSED_FILE, build_parsed_index

out = Path(__file__).with_name(PARSED_FILE)
out.write_text(json.dumps(build_parsed_index(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
print(f"wrote {out}")
