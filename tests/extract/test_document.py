"""Reading reports: plain text, HTML pages (text, title and date), hostile markup."""
from __future__ import annotations

from datetime import date

from estimative.extract import read_document

PAGE = """<!doctype html><html><head><title>Rockets hit Iraqi base - Example News</title>
<meta property="og:title" content="Rockets hit Iraqi base hosting US troops">
<meta property="article:published_time" content="2020-03-12T08:15:00Z">
<script>document.write('killing 99 people in Paris');</script>
<style>.x { content: "bomb" }</style></head>
<body><nav>Home | World | Killing fields (film review)</nav>
<article><h1>Rockets hit Iraqi base hosting US troops</h1>
<p>Roughly 18 Katyusha rockets struck Camp Taji on Wednesday, killing two US personnel and a UK soldier.</p>
<p>No group claimed the attack &amp; officials blamed Kata&#39;ib Hizballah.</p>
<p>More paragraphs to make the article long enough to be chosen as the page's main text, as news pages do.</p>
</article><footer>Copyright</footer></body></html>"""


def test_html_gives_the_article_text_without_scripts_styles_or_navigation():
    doc = read_document(PAGE)
    assert doc.is_html and "Katyusha rockets struck Camp Taji" in doc.text
    assert "Paris" not in doc.text and "content:" not in doc.text and "Killing fields" not in doc.text
    assert "officials blamed Kata'ib Hizballah" in doc.text  # entities decoded


def test_html_gives_title_and_publication_date():
    doc = read_document(PAGE)
    assert doc.title == "Rockets hit Iraqi base hosting US troops"
    assert doc.published == date(2020, 3, 12)


def test_time_element_and_json_ld_give_the_date():
    html = ('<html><body><article><time datetime="2019-12-27">Friday</time><p>' + "A rocket attack on K-1. " * 20
            + "</p></article></body></html>")
    assert read_document(html).published == date(2019, 12, 27)
    ld = ('<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-01-08"}'
          '</script></head><body><p>Missiles struck Ain al-Asad.</p><p>More.</p></body></html>')
    assert read_document(ld).published == date(2020, 1, 8)


def test_plain_text_stays_as_it_is():
    doc = read_document("A bomb exploded in Kirkuk.\nTwo were hurt.")
    assert not doc.is_html and doc.text == "A bomb exploded in Kirkuk.\nTwo were hurt." and doc.published is None


def test_a_file_path_is_read_and_decoded(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("Rockets hit Ta\xefji, caf\xe9 damaged.".encode("cp1252"))
    assert read_document(path).text == "Rockets hit Taïji, café damaged."


def test_published_argument_overrides_the_page(tmp_path):
    assert read_document(PAGE, published="2020-03-13").published == date(2020, 3, 13)


def test_hostile_markup_gives_text_not_an_error():
    nasty = ("<html><body>" + "<div>" * 5000 + "<script>alert(1)</script><p onload='x()'>A bomb exploded "
             "in <b>Kirkuk</b></p><!-- <p>hidden</p> --><svg><script>evil()</script></svg>"
             "<iframe src='javascript:alert(1)'></iframe><p>unclosed <i>tags" + "</span>" * 100)
    doc = read_document(nasty)
    assert "A bomb exploded in Kirkuk" in doc.text
    assert "alert" not in doc.text and "evil" not in doc.text and "hidden" not in doc.text
