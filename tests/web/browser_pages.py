"""What every browser test checks of a page: it fetched nothing from elsewhere and logged no error."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def guarded_page(browser: Any, base_url: str, **context: Any) -> Iterator[Any]:
    """A page that may fetch from `base_url` only and whose console must stay free of errors."""
    ctx = browser.new_context(**context)
    pg = ctx.new_page()
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()
    outside = [u for u in requested if not u.startswith(base_url) and not u.startswith("data:")]
    assert not outside, f"the page fetched from elsewhere: {outside[:3]}"
    assert not errors, f"errors in the browser console: {errors[:3]}"
