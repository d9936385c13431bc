"""The GeoNames layer kept as an SQLite file in the user cache and read name by name: the same
candidates, in the same order, as the in-memory index it is written from."""
from __future__ import annotations

from estimative.geo.gazetteer import Layer, StoredLayer, _build_geonames_layer, _write_layer


def test_the_stored_layer_answers_as_the_index_it_was_written_from(tmp_path) -> None:
    rows, keys = _build_geonames_layer()
    path = tmp_path / "layer.sqlite"
    _write_layer(path, rows, keys)
    stored, memory = StoredLayer(path), Layer(rows, keys)
    for key in ("baghdad", "tikrit", "springfield", "san jose", "paris", "kirkuk", "mosul"):
        assert key in stored.keys
        assert stored.get(key) == memory.get(key) and stored.get(key)  # same places, best-known first
    assert stored.get("baghdad")[0].country == "IRQ"
    assert "no such town anywhere" not in stored.keys and stored.get("no such town anywhere") == []
    assert not list(tmp_path.glob("*.tmp"))  # written beside and moved into place whole
