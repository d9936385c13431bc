"""E-mail alerts and the stored record of alerts raised: each alert reaches a local SMTP server
(aiosmtpd on 127.0.0.1) once, also when the server refuses it once and recovers; an alert no
retry delivers is dead-lettered; a restarted sender, on the same store, does not send it again;
the watchlist's filters decide which incidents alert."""
from __future__ import annotations

import socket
import time
from datetime import date
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from estimative.model import ActorRef, Count, Event
from estimative.store import Store
from estimative.store import watch as watch_store
from estimative.web import alerts
from estimative.web.alerts import WebhookSender
from estimative.web.mail import SmtpConfig


class Receiver:
    """An aiosmtpd handler that answers 451 (try later) to the first `fail` messages."""

    def __init__(self, fail: int = 0) -> None:
        self.fail = fail
        self.messages: list[bytes] = []
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.refused < self.fail:
            self.refused += 1
            return "451 4.3.0 try again later"
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp_server():
    started: list[Controller] = []

    def start(fail: int = 0) -> tuple[Receiver, SmtpConfig]:
        receiver = Receiver(fail)
        with socket.socket() as probe:  # a free port on the loopback interface
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        ctl = Controller(receiver, hostname="127.0.0.1", port=port)
        ctl.start()
        started.append(ctl)
        return receiver, SmtpConfig(host="127.0.0.1", port=port, sender="alerts@estimative.test", timeout=5)

    yield start
    for ctl in started:
        ctl.stop()


def _wait(cond, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not cond():
        time.sleep(0.05)


# Our own record of a real incident: rockets struck near Erbil International Airport on
# 15 February 2021, killing a civilian contractor and wounding others
# (Reuters, https://www.reuters.com/article/us-iraq-security-idUSKBN2AF2QK).
def _erbil(killed: int | None = 1, injured: int | None = 6, perpetrator: str | None = None) -> Event:
    perps = [ActorRef(name="Saraya Awliya al-Dam", id=perpetrator, families=["iran_aligned_militia"])] \
        if perpetrator else []
    return Event(source="report", source_id="erbil-2021-02-15#0", date_start=date(2021, 2, 15), lat=36.24,
                 lon=43.96, country="IRQ", location="Erbil", event_type="Explosions/Remote violence",
                 sub_event_type="Shelling/artillery/missile attack", fatalities=Count(best=killed),
                 injuries=Count(best=injured), perpetrators=perps)


def _watch(store: Store, email: str | None = "analyst@example.org", **filters) -> dict:
    f = alerts.validate_filters(email_to=email, **filters)
    return alerts.create(store, alerts.validate("Erbil airport", 36.24, 43.96, 50, None, f))


def test_an_email_alert_arrives_once_after_the_server_refuses_it_once(smtp_server, tmp_path):
    receiver, cfg = smtp_server(fail=1)
    sender = WebhookSender(secret="", smtp=cfg)
    with Store(tmp_path / "m.duckdb") as store:
        w = _watch(store)
        assert sender.notify(store, [_erbil()]) == 1
        assert sender.notify(store, [_erbil()]) == 0  # the same alert again: not raised twice
        _wait(lambda: any(d.get("channel") == "email" for d in sender.recent))
        time.sleep(0.5)
        records = watch_store.alerts_after(store)
        sender.close()
    assert receiver.refused == 1 and len(receiver.messages) == 1
    msg = message_from_bytes(receiver.messages[0])
    assert msg["To"] == "analyst@example.org" and "Erbil airport" in msg["Subject"]
    assert msg["Message-ID"] == f"<{alerts.alert_id(w['watchlist_id'], _erbil())}@estimative>"
    assert [(r.email_status, r.email_attempts) for r in records] == [("delivered", 2)]
    assert not sender.dead_letters


def test_an_email_no_retry_delivers_is_dead_lettered(smtp_server, tmp_path, monkeypatch):
    monkeypatch.setattr(alerts, "EMAIL_BACKOFF_S", (0.05, 0.05))
    receiver, cfg = smtp_server(fail=99)
    sender = WebhookSender(secret="", smtp=cfg)
    with Store(tmp_path / "d.duckdb") as store:
        _watch(store)
        sender.notify(store, [_erbil()])
        _wait(lambda: bool(sender.dead_letters))
        time.sleep(0.2)
        records = watch_store.alerts_after(store)
        sender.close()
    assert not receiver.messages and receiver.refused == 3
    dead = sender.dead_letters[0]
    assert dead["channel"] == "email" and dead["attempts"] == 3 and "451" in dead["error"]
    assert records[0].email_status == "dead"


def test_a_restarted_sender_does_not_send_an_alert_again_but_sends_an_update(smtp_server, tmp_path):
    receiver, cfg = smtp_server()
    path = tmp_path / "r.duckdb"
    with Store(path) as store:
        _watch(store)
        first = WebhookSender(secret="", smtp=cfg)
        assert first.notify(store, [_erbil()]) == 1
        _wait(lambda: len(receiver.messages) == 1)
        first.close()
    with Store(path) as store:  # a new process: the record is in the store
        second = WebhookSender(secret="", smtp=cfg)
        assert second.notify(store, [_erbil()]) == 0
        assert second.notify(store, [_erbil(killed=1, injured=9)]) == 1  # new counts: a new alert
        _wait(lambda: len(receiver.messages) == 2)
        time.sleep(0.3)
        second.close()
        feed = alerts.live_alerts(store)
    assert len(receiver.messages) == 2
    assert [a["event"]["injuries"] for a in feed["alerts"]] == [6, 9] and feed["last"] == 2


@pytest.mark.parametrize("filters, event, alerted", [
    ({}, _erbil(), True),
    ({"countries": "IRQ, SYR"}, _erbil(), True),
    ({"countries": "SYR"}, _erbil(), False),
    ({"event_types": "Shelling/artillery/missile attack"}, _erbil(), True),
    ({"event_types": "battles"}, _erbil(), False),
    ({"actors": "iran_aligned_militia"}, _erbil(perpetrator="saraya_awliya_al_dam"), True),
    ({"actors": "SARAYA_AWLIYA_AL_DAM"}, _erbil(perpetrator="saraya_awliya_al_dam"), True),
    ({"actors": "islamic_state"}, _erbil(perpetrator="saraya_awliya_al_dam"), False),
    ({"actors": "iran_aligned_militia"}, _erbil(), False),  # no perpetrator named: no actor match
    ({"min_severity": 0.5}, _erbil(), True),
    ({"min_severity": 1000}, _erbil(), False),
])
def test_filters_decide_which_incidents_alert(tmp_path, filters, event, alerted):
    sender = WebhookSender(secret="", smtp=None)
    with Store(tmp_path / "f.duckdb") as store:
        _watch(store, email=None, **filters)
        assert sender.notify(store, [event]) == int(alerted)
        assert len(alerts.live_alerts(store)["alerts"]) == int(alerted)
    sender.close()


@pytest.mark.parametrize("field, value, message", [
    ("countries", "Iraq", "ISO 3166-1 alpha-3"),
    ("email_to", "not-an-address", "e-mail"),
    ("min_severity", "-1", "0 or more"),
    ("actors", "<script>", "not a name"),
])
def test_bad_filters_are_refused_with_a_message(field, value, message):
    with pytest.raises(alerts.WatchlistError, match=message):
        alerts.validate_filters(**{field: value})
