"""What a watch's reports ask of the attribution model (assess.models): a slice with nothing to
learn from is remembered and not read again for the next report, until a dataset is ingested;
a stored report alone does not make the model read its slice again.

The event: the rocket attack on Erbil airport, 15 February 2021 (sources in watch_articles.py)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from estimative.analysis.attribution import AttributionError
from estimative.assess import models
from estimative.model import Count, Event
from estimative.store.database import Store

AS_OF = datetime(2021, 2, 16)


def _erbil(source: str, source_id: str) -> Event:
    """The attack with no perpetrator known (none was, at first): nothing to learn attribution from."""
    return Event(source=source, source_id=source_id, date_start=date(2021, 2, 15), country="IRQ",
                 location="Erbil", lat=36.24, lon=43.96, event_type="Explosions/Remote violence",
                 fatalities=Count.exact(1),
                 known_from=datetime(2021, 2, 15, 23))


@pytest.fixture
def reads(monkeypatch):
    """How many times a slice's fingerprint is read (each a look at the store's events)."""
    count = [0]
    real = Store.fingerprint

    def counted(self, *args, **kwargs):
        count[0] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "fingerprint", counted)
    return count


def test_an_empty_slice_is_remembered_until_a_dataset_is_ingested(tmp_path, reads):
    with Store(tmp_path / "m.duckdb") as store:
        with pytest.raises(AttributionError):
            models.attribution_model(store, AS_OF, "IRQ")
        assert reads[0] > 0
        tried = reads[0]
        with pytest.raises(AttributionError):
            models.attribution_model(store, AS_OF, "IRQ")
        assert reads[0] == tried  # remembered: the slice is not read again
        store.ingest([_erbil("csv", "erbil-1")], source="csv", path="erbil.csv")
        with pytest.raises(AttributionError):  # no perpetrator known: still nothing to learn from
            models.attribution_model(store, AS_OF, "IRQ")
        assert reads[0] > tried  # a dataset was ingested: the slice is read again


def test_a_stored_report_does_not_make_the_model_read_again(tmp_path, reads):
    with Store(tmp_path / "m.duckdb") as store:
        store.ingest([_erbil("csv", "erbil-1")], source="csv", path="erbil.csv")
        with pytest.raises(AttributionError):
            models.attribution_model(store, AS_OF, "IRQ")
        tried = reads[0]
        for i in range(models.REPORTS_PER_REFRESH - 1):
            store.ingest([_erbil("report", f"rpt-{i}#0")], source="report", path=f"report:rpt-{i}")
        with pytest.raises(AttributionError):
            models.attribution_model(store, AS_OF, "IRQ")
        assert reads[0] == tried
        store.ingest([_erbil("report", "rpt-last#0")], source="report", path="report:rpt-last")
        with pytest.raises(AttributionError):
            models.attribution_model(store, AS_OF, "IRQ")
        assert reads[0] > tried  # every REPORTS_PER_REFRESH reports, the slice is read again
