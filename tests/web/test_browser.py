"""The workbench in a real browser: Debian's chromium driven by Playwright against a real uvicorn
server on a loopback port and a real store (the curated record of 172 sourced incidents).

Set ESTIMATIVE_SCREENSHOTS=DIR to keep a screenshot of each page the tests visit.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def server(fresh_db: Any, token: str, serve: Any) -> Iterator[Any]:
    from estimative.web.app import create_app

    with serve(create_app(fresh_db("browser", curated=True), token=token)) as s:
        yield s


@pytest.fixture()
def page(guarded_page: Any, server: Any) -> Iterator[Any]:
    with guarded_page(server.url, viewport={"width": 1360, "height": 900}, accept_downloads=True) as pg:
        yield pg


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("ESTIMATIVE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_dashboard_shows_markers_and_filters_them(page: Any, server: Any, curated_events: list[Any]) -> None:
    page.goto(server.url + "/")
    markers = page.locator("svg.est-map .marker-stored")
    assert markers.count() == sum(1 for e in curated_events if e.lat is not None) > 100
    assert "incidents from" in page.locator(".summary").inner_text()
    assert page.locator("svg.est-histogram rect.bin").count() > 50  # months from October 2019 to 2024
    shot(page, "dashboard")
    page.select_option("select[name=country]", "JOR")  # app.js submits on change
    page.wait_for_url(re.compile(r"country=JOR"))
    assert page.locator("svg.est-map .marker-stored").count() == 1
    assert page.locator("table.events tbody tr").count() == 1
    page.locator("svg.est-map a").first.click()
    page.wait_for_url(re.compile(r"/incidents/curated"))
    assert page.locator("h1").inner_text().strip()
    assert "Jordan" in page.content() or "JOR" in page.content()
    shot(page, "incident")


def test_submit_a_report_see_its_assessment_and_download_the_brief(page: Any, server: Any, token: str) -> None:
    from estimative.demo import example_report

    page.goto(server.url + "/reports/new")
    page.fill("textarea[name=text]", example_report())
    page.click("#preview")
    page.wait_for_selector("#assessment")
    assert "nothing has been stored" in page.locator(".preview-note").inner_text()
    assert "Camp Taji" in page.locator("#assessment").inner_text()
    assert page.locator("#assessment table.attribution tbody tr").count() >= 1
    shot(page, "report-preview")
    page.fill("input[name=token]", token)
    page.click("#save")
    page.wait_for_url(re.compile(r"/reports/rpt-"))
    assert page.locator("#assessment").count() == 1
    stored = page.locator("a[href^='/incidents/report']")
    assert stored.count() >= 1
    shot(page, "report-saved")
    with page.expect_download() as dl:
        page.click("a[href$='/brief.pdf']")
    pdf = Path(dl.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    with page.expect_download() as dl:
        page.click("a[href$='/brief.md']")
    md = Path(dl.value.path()).read_text(encoding="utf-8")
    assert "Camp Taji" in md


def test_create_a_watchlist_and_see_its_alert(page: Any, server: Any, token: str) -> None:
    page.goto(server.url + "/watchlists")
    page.fill("input[name=name]", "Ain al-Asad air base")
    page.fill("input[name=lat]", "33.80")
    page.fill("input[name=lon]", "42.44")
    page.fill("input[name=radius_km]", "15")
    page.fill("#watchlist-form input[name=token]", token)
    page.click("#watchlist-form button[type=submit]")
    page.wait_for_url(re.compile(r"/watchlists#wl-"))
    section = page.locator("section.watchlist", has_text="Ain al-Asad air base")
    rows = section.locator("table.alerts-table tbody tr")
    assert rows.count() >= 5  # Ain al-Asad is among the most attacked bases in the curated record
    assert "Ain al-Asad" in rows.first.inner_text()
    assert page.locator("svg.est-map .marker-asset").count() >= 1
    shot(page, "watchlists")
    page.goto(server.url + "/")
    alerts = page.locator("ul.alerts li", has_text="Ain al-Asad air base")
    assert alerts.count() >= 1
    alerts.first.locator("a").click()
    page.wait_for_url(re.compile(r"/incidents/"))
