"""What the attribution model learned (weights, standardisation, calibration), kept in the store.

Learning is the expensive part of attribution (minutes on a large region) and changes slowly, so
`assess.models.attribution_model` learns once per store, region and year and keeps the result here;
a new process, or a server after a restart, reads it back and only indexes the record of the day.

The state is JSON (numbers and arrays), never pickle: the store file may come from anyone.
It is keyed by what it was learned from (the region, the date, the number and the latest
`known_from` of the attributed events it read) and carries its format (`state_version`: an
explicit format number and the features the weights belong to, never a digest of source files,
so editing a comment keeps what was learned), so a store that learns of more history, or a model
whose learned state means something else, learns again.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from estimative.analysis.attribution import AttributionModel
from estimative.analysis.attribution_features import FEATURE_NAMES, NOVEL_FEATURES

# Fitted attributes that hold the record itself, not what was learned from it.
_RECORD_ATTRIBUTES = frozenset({"index_", "record_", "_slices_"})


# The format of the kept state. Raise it whenever what `fit` learns changes meaning (a new
# calibration step, a fitted attribute added or read differently); the feature columns the
# weights belong to are part of the version by themselves.
STATE_FORMAT = 1


def state_version() -> str:
    """The version a kept state is written with and must carry to be read back: the format
    number and a digest of the feature names (weights learned over other columns are not reused)."""
    h = hashlib.blake2b(digest_size=6)
    h.update("\x1f".join((*FEATURE_NAMES, "|", *NOVEL_FEATURES)).encode())
    return f"{STATE_FORMAT}.{h.hexdigest()}"


code_version = state_version  # the earlier name, kept for callers


def _encode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return {"ndarray": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot keep {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "ndarray" in value:
            return np.asarray(value["ndarray"], dtype=value["dtype"])
        if "tuple" in value:
            return tuple(_decode(v) for v in value["tuple"])
        return {_decode(k): _decode(v) for k, v in value["dict"]}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def dump(model: AttributionModel) -> str | None:
    """The learned state as JSON, or None when part of it cannot be kept as plain data (an
    isotonic calibration): such a model is learned again rather than kept half."""
    try:
        state = {k: _encode(v) for k, v in vars(model).items() if k not in _RECORD_ATTRIBUTES}
    except TypeError:
        return None
    # the key is "code" as in the stores written before the format number; its value is the version
    return json.dumps({"code": state_version(), "state": state}, separators=(",", ":"))


def load(text: str) -> AttributionModel | None:
    """A model with the learned state and no record yet (call `with_record`), or None when the
    state was learned by other code or cannot be read."""
    try:
        data = json.loads(text)
        if data.get("code") != state_version():
            return None
        state = {k: _decode(v) for k, v in data["state"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    model = AttributionModel.__new__(AttributionModel)
    model.__dict__.update(state)
    model.index_ = None  # type: ignore[assignment]  # learned, not yet reading a record: `with_record` gives it one
    return model
