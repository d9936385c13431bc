"""The user cache folder, for tables built from installed packages that are slow to build and never
change for one installed version (the GeoNames gazetteer, the country table). Each file's name
carries the versions it was built from; a file is written beside its place and moved in whole, so a
reader never sees half of one. $ESTIMATIVE_CACHE_DIR, else $XDG_CACHE_HOME/estimative, else
~/.cache/estimative."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def cache_dir() -> Path:
    if os.environ.get("ESTIMATIVE_CACHE_DIR"):
        return Path(os.environ["ESTIMATIVE_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "estimative"


@contextlib.contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; moved onto `path` only when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
