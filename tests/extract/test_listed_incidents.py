"""Issue #22, probe 6: an HTML report that lists many incidents paragraph by paragraph under a 2006
dateline is read as that many incidents, each dated 2006. The paragraphs are RAND's own 2006
descriptions, read from ../shared/data at test time."""
from __future__ import annotations

import csv
import html

from estimative.extract import extract
from estimative.extract.document import read_document

_ROWS = 200


def _page(descriptions: list[str]) -> str:
    paras = "\n".join(f"<p>{html.escape(d)}</p>" for d in descriptions)
    return ("<html><head><title>Incident digest</title></head><body><h1>Incidents reported in 2006</h1>"
            f"<p>BAGHDAD, Dec 31, 2006 (Reuters) - Attacks reported this year:</p>\n{paras}</body></html>")


def test_every_listed_incident_is_read_and_dated_by_the_dateline(data_dir):
    with open(data_dir / "rand_rdwti" / "rand_rdwti_1968_2009.csv", encoding="utf-8", newline="") as f:
        rows = [r["Description"] for r in csv.DictReader(f)
                if r["Date"].startswith("2006") and len(r["Description"].split()) >= 8][:_ROWS]
    doc = read_document(_page(rows))
    incidents = extract(doc.text, published=doc.published)
    assert len(incidents) >= 0.98 * len(rows)
    assert len(incidents) <= len(rows) + 5  # a paragraph that tells two attacks may give two
    assert {i.date.year for i in incidents} == {2006}
    assert all(i.date_source in ("published", "text") for i in incidents)


def test_a_news_story_in_paragraphs_stays_one_incident():
    # The 24 August 2020 Jolo bombings: two blasts about an hour apart, told as a story, not a list
    # (https://www.thejakartapost.com/seasia/2020/08/25/is-militants-claim-responsibility-for-sulu-blasts.html).
    text = ("JOLO, Philippines, Aug 24, 2020 - A bomb attached to a motorcycle exploded near two army trucks in "
            "Jolo on Monday, killing several soldiers and civilians.\n\n"
            "The blast went off in front of a grocery store at midday.\n\n"
            "Police said the bomb had been left on a parked motorcycle.")
    assert len(extract(text)) == 1
