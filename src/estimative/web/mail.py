"""E-mail alerts over SMTP (stdlib smtplib), configured by environment variables.

ESTIMATIVE_SMTP_HOST (no host: no e-mail), ESTIMATIVE_SMTP_PORT (default 25),
ESTIMATIVE_SMTP_FROM (the sender address), ESTIMATIVE_SMTP_STARTTLS (1 to upgrade the
connection with STARTTLS), ESTIMATIVE_SMTP_USER and ESTIMATIVE_SMTP_PASSWORD (optional login,
sent only after STARTTLS unless ESTIMATIVE_SMTP_STARTTLS is 0 on purpose).
"""
from __future__ import annotations

import json
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

SMTP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 25
    sender: str = "estimative@localhost"
    starttls: bool = False
    user: str | None = None
    password: str | None = None
    timeout: float = SMTP_TIMEOUT_S

    @classmethod
    def from_env(cls) -> SmtpConfig | None:
        """The configuration the environment gives, or None when no host is set."""
        host = os.environ.get("ESTIMATIVE_SMTP_HOST", "").strip()
        if not host:
            return None
        port = os.environ.get("ESTIMATIVE_SMTP_PORT", "25").strip()
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"ESTIMATIVE_SMTP_PORT must be a port number, not {port!r}")
        return cls(host=host, port=int(port),
                   sender=os.environ.get("ESTIMATIVE_SMTP_FROM", "").strip() or cls.sender,
                   starttls=os.environ.get("ESTIMATIVE_SMTP_STARTTLS", "0").strip().lower() in ("1", "true", "yes"),
                   user=os.environ.get("ESTIMATIVE_SMTP_USER") or None,
                   password=os.environ.get("ESTIMATIVE_SMTP_PASSWORD") or None)


def alert_message(cfg: SmtpConfig, to: str, alert_id: str, payload: dict[str, Any]) -> EmailMessage:
    """A plain-text e-mail for one alert; its Message-ID is the alert's, so a receiver can drop a copy."""
    e, w = payload["event"], payload["watchlist"]
    what = e.get("sub_event_type") or e.get("event_type") or "incident"
    msg = EmailMessage()
    msg["From"], msg["To"] = cfg.sender, to
    msg["Subject"] = f"[estimative] {w['name']}: {what} at {e.get('location') or 'unknown place'} on {e['date']}"
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{alert_id}@estimative>"
    lines = [f"Watchlist: {w['name']} ({payload['distance_km']} km from its centre)",
             f"Incident: {e['id']}", f"Date: {e['date']}", f"Place: {e.get('location')}, {e.get('country')}",
             f"Type: {what}", f"Killed: {e.get('fatalities')}", f"Injured: {e.get('injuries')}", "",
             json.dumps(payload, sort_keys=True, indent=2)]
    msg.set_content("\n".join(lines))
    return msg


def send(cfg: SmtpConfig, msg: EmailMessage) -> None:
    """Deliver one message; raises smtplib.SMTPException or OSError on failure."""
    with smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout) as smtp:
        if cfg.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if cfg.user:
            smtp.login(cfg.user, cfg.password or "")
        smtp.send_message(msg)


def retryable(exc: Exception) -> bool:
    """A refused connection, a dropped one or a 4xx reply is worth another try; a 5xx reply is not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, OSError)  # smtplib's other errors are OSErrors too
