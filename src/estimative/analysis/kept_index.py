"""The attribution record index of one day, kept in the user cache between processes.

Building the index a model reads (the region's ten-year record as of a day: TF-IDF, place tree,
cumulative counts) takes a second or two on a store of a million events; reading it back takes a
few hundredths. It is a pure function of the events read, the code and the windows, so it is
kept under a digest of exactly those: the store's file, the region, the day, the slice's
fingerprint (how many events, latest `known_from`: any ingest that touches the slice changes it),
the derived-values version (its format, the registry, the lexicon), the index format
(`INDEX_FORMAT`, an explicit number, never a digest of source files), the index parameters and
the library versions that pickle it. Only the newest `KEEP` days are kept; a file that cannot be read
back is built again. An in-memory store keeps nothing.
"""
from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import astuple
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import scipy
import sklearn

import estimative
from estimative.analysis.attribution_features import IndexParams, RecordIndex, derived_version
from estimative.user_cache import cache_dir, written_whole

log = logging.getLogger(__name__)

KEEP = 12  # days kept (about 20 MB each on a store of a million events)
# The format of a kept index: raise it whenever `RecordIndex` holds something new or reads the
# record differently (a kept index is a pickle of it, read back as it was written).
INDEX_FORMAT = 1


def folder() -> Path:
    """Where the indexes are kept: their own folder of the user cache."""
    return cache_dir() / "attribution-index"


def index_path(store_path: str, region: tuple[str, ...], day: date, fingerprint: tuple[int, Any],
               params: IndexParams) -> Path | None:
    """Where the index of this store, region and day is kept; None for an in-memory store."""
    if store_path == ":memory:":
        return None
    h = hashlib.blake2b(digest_size=16)
    for part in (f"index-format-{INDEX_FORMAT}", str(Path(store_path).resolve()), ",".join(region), day.isoformat(), repr(tuple(fingerprint)),
                 derived_version(), repr(astuple(params)), estimative.__version__, np.__version__,
                 scipy.__version__, sklearn.__version__):
        h.update(part.encode())
        h.update(b"\x00")
    return folder() / f"{h.hexdigest()}.pickle"


def read(path: Path | None) -> RecordIndex | None:
    """The index kept at `path`, or None when there is none or it cannot be read back."""
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            index = pickle.load(fh)  # noqa: S301 (the user's own cache, written by `keep`)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError,
            IndexError, KeyError) as exc:
        log.info("kept attribution index %s unreadable (%s): building it again", path.name, exc)
        return None
    return index if isinstance(index, RecordIndex) else None


def keep(path: Path | None, index: RecordIndex) -> bool:
    """Keep `index` at `path` (whole or not at all) and drop the oldest beyond KEEP; False when
    nothing could be written (a read-only home)."""
    if path is None:
        return False
    try:
        with written_whole(path) as tmp, tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        kept = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.info("attribution index not kept (%s)", exc)
        return False
    return True
