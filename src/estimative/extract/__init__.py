"""Extraction: report text (or an HTML page) in, incidents out, each field with its evidence spans.

    from estimative.extract import extract, read_document
    doc = read_document(path_or_text)                        # text, title, published
    incidents = extract(doc.text, published=doc.published)   # main incident first

How it reads a report (one module per job):
  text.py       working copy (same offsets), spaCy blank English tokenizer + sentencizer
  dates.py      date phrases; absolute ones read directly, relative ones via dateparser
  numbers.py    counts in digits and words, with ACLED's rule for "tens"/"dozens"/"hundreds"
  casualties.py killed / wounded counts, subsets ("including"), restatements, groups by nationality
  weapons.py    knowledge/weapons.yaml through a PhraseMatcher, plus verbs ("opened fire")
  actors.py     registry aliases by the registry's own key, confirmed with `registry().resolve`;
                roles: claimant, denier, blamed/perpetrator, target
  places.py     gazetteer (geo/) with country context, sites, relative places, unlisted names
  targets.py    target type and affiliation ("the base, which hosts US and UK forces")
  events.py     ACLED event and sub-event type
  segment.py    which sentences make which incident; background clauses become references
  pipeline.py   puts the fields together with their evidence
  document.py   plain text and HTML reading; cli.py the `estimative extract` command

Documented behaviours:
- No attack, weapon or casualty wording: no incident ([]).
- Date: the first date of the incident's own sentences ("on ..." preferred, a day before a
  coarser date, never the start of a period nor a coarse date a month or more before the
  report); else the report's `published` date (`date_source` "published"); else the `as_of`
  date the text is read at (`date_source` "as_of"); else the day of extraction with precision
  "year" (`date_source` "none"). A wire dateline ("BAGHDAD, March 12 (Reuters) -") dates the
  report, not the incident.
- Place: the best-supported place in the incident's sentences, named as the text writes it
  (`location.mention` too). Without one: the centroid of the country the report is about
  (method "country centroid", precision = the country's radius); without a country either:
  name "unknown", country "XXX", 0,0, precision 20,015 km (anywhere), method "unknown". A name
  the text gives as a place but the gazetteer lacks is kept by name and placed by its anchor
  ("a town south of Baquba": "relative offset"), else at its country's centroid ("country
  centroid (name not in gazetteer)"), else nowhere (method "unknown", country "XXX").
  Whatever the name, method "unknown" means the coordinates say nothing.
- Counts: `best` is the figure to use; "several", "some", "many" give only a lower bound.
  Everyone killed in the attack counts, as RAND codes it: attackers shot by those they attacked
  ("security guards returned fire, killing three of the rebels"), and a suicide bomber, whom the
  text's count includes ("including the bomber") or, when it counts only his victims by kind
  ("killing five civilians"), is added to it. A bare "N people killed" is taken as written.
- Actors: only names the registry resolves; a claim (`claim`) is kept apart from who was
  blamed or said to have done it (`stated_perpetrator`, `blamed_by`).
"""
from estimative.extract.cli import run_extract_cli
from estimative.extract.document import Document, read_document
from estimative.extract.incident import Incident, Reference
from estimative.extract.pipeline import extract

__all__ = ["Document", "Incident", "Reference", "extract", "read_document", "run_extract_cli"]
