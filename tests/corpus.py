"""Where the shared corpora are (``../shared`` beside the repo, or $WIKILINT_SHARED)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WIKILINT_SHARED", ROOT.parent / "shared"))
PAGES = SHARED / "corpora" / "pages"
SEEDS = SHARED / "seeds"


def corpus_files() -> list[Path]:
    """Every page of the real corpus, sorted; empty when the corpus is absent."""
    if not PAGES.is_dir():
        return []
    return sorted(PAGES.rglob("*.wiki"))


def read_page(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text
