"""What every route depends on: the Workbench (store, token, templates, webhooks) and how a
request gets it. The routers (api.py, pages.py) import from here and app.py wires them, so no
module imports the app that imports it.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from estimative.brief import band, count_text, long_date, pct
from estimative.store import Store
from estimative.web.alerts import WebhookSender
from estimative.web.incidents import IncidentAnalyses
from estimative.web.security import AnalysisPool


@dataclass
class Workbench:
    """What every route needs: the store, the write token, templates and the webhook sender."""

    store: Store
    token: str | None
    templates: Environment
    webhooks: WebhookSender
    analyses: IncidentAnalyses = field(default_factory=IncidentAnalyses)
    pool: AnalysisPool = field(default_factory=AnalysisPool)  # where report assessments run
    generation: int = 0  # bumped on every write; keys caches of derived views
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wrote(self) -> None:
        with self._lock:
            self.generation += 1

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.templates.get_template(name).render(request=request, token_configured=self.token is not None,
                                                        **context)
        return HTMLResponse(html, status_code=status)


def templates() -> Environment:
    """Jinja2 with autoescape on for every template: user text can never become markup."""
    # the brief's partials (the likely-response section) are shared, not copied: they load after the
    # workbench's own templates, autoescaped like every template here
    env = Environment(loader=ChoiceLoader([PackageLoader("estimative.web", "templates"),
                                           PackageLoader("estimative.brief", "templates")]),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(band=band, pct=pct, count=count_text, longdate=long_date, ticks=code_ticks)
    return env


def code_ticks(text: Any) -> Markup:
    """`name` in API descriptions as <code>name</code>; everything else escaped."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text or ""))))


def workbench(request: Request) -> Workbench:
    bench: Workbench = request.app.state.workbench
    return bench


async def bench_dependency(request: Request) -> Workbench:
    """`workbench` as a dependency; async, so FastAPI does not hand it to a thread."""
    return workbench(request)
