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


def test_names_are_found_with_or_without_their_spaces_but_not_short_ones() -> None:
    from estimative.geo import gazetteer

    gaz = gazetteer()
    assert not gaz.has_key("balad ruz") and not gaz.has_key("mehtarlam")  # as reports write them
    assert {(e.name, e.country) for e in gaz.compact_candidates("balad ruz")} >= {("Baladrūz", "IRQ")}
    assert any(e.country == "AFG" for e in gaz.compact_candidates("mehtarlam"))  # GeoNames: Mehtar Lām
    assert gaz.compact_candidates("al ma") == []  # too short to trust without its space
    assert gaz.candidates("Balad Ruz") == []  # the scorer's lookup by name is unchanged
