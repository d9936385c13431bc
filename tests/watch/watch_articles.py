"""Articles for the watch tests: our own sentences about real, sourced incidents."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Story:
    slug: str
    outlet: str
    title: str
    published: str  # RFC 822, as RSS gives it
    body: str


# Erbil airport rocket attack, 15 February 2021: first reports gave one contractor killed and
# six people hurt; later ones, nine wounded (eight contractors and a US service member) and a claim.
# https://www.upi.com/Top_News/World-News/2021/02/15/One-contractor-dead-six-others-injured-in-Iraq-rocket-attack/8041613436145/
# https://www.euroweeklynews.com/2021/02/16/iraq-rocket-attack-kills-contractor-wounds-us-serviceman/
ERBIL_FIRST = Story(
    "erbil-first", "Northern Wire", "Rockets hit coalition base at Erbil airport",
    "Tue, 16 Feb 2021 06:00:00 GMT",
    "Rockets struck the coalition base at Erbil International Airport in northern Iraq on 15 February 2021, "
    "killing one civilian contractor and wounding six people, officials said. Nobody claimed the attack at once.")
ERBIL_LATER = Story(
    "erbil-later", "Gulf Daily", "Group claims Erbil rocket attack; wounded rise to nine",
    "Wed, 17 Feb 2021 09:00:00 GMT",
    "The rocket attack on the coalition base at Erbil International Airport in Iraq on 15 February 2021 killed "
    "one civilian contractor and wounded nine people, among them a US service member, officials said. "
    "A little-known group, Saraya Awliya al-Dam, claimed the attack.")
# Baghdad, 15 September 2020: two different events in one city on one day.
# https://www.thenationalnews.com/world/mena/british-embassy-convoy-in-iraq-targeted-by-roadside-bomb-1.1078168
# https://rudaw.net/english/middleeast/iraq/150920202
BAGHDAD_IED = Story(
    "baghdad-ied", "Northern Wire", "Roadside bomb hits British embassy vehicle in Baghdad",
    "Tue, 15 Sep 2020 12:00:00 GMT",
    "A roadside bomb struck a British embassy vehicle near the Umm al-Tabool mosque in Baghdad on "
    "15 September 2020. No one was hurt, officials said.")
# https://www.urdupoint.com/en/world/two-katyusha-rockets-fall-in-baghdads-green-1030015.html
BAGHDAD_ROCKETS = Story(
    "baghdad-rockets", "Gulf Daily", "Katyusha rockets fired at Baghdad's Green Zone",
    "Tue, 15 Sep 2020 14:00:00 GMT",
    "Two Katyusha rockets were fired at the Green Zone in Baghdad, home to the US embassy, on "
    "15 September 2020. The embassy's air defences shot them down and no one was hurt, officials said.")

STORIES = (ERBIL_FIRST, ERBIL_LATER, BAGHDAD_IED, BAGHDAD_ROCKETS)


def article_html(story: Story) -> str:
    return (f"<!doctype html><html><head><title>{escape(story.title)}</title></head><body>"
            f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{escape(story.title)}</h1><p>{escape(story.body)}</p></article>"
            f"<footer>Copyright {escape(story.outlet)}</footer></body></html>")


def rss_item(base: str, story: Story, guid: str | None = None, link: str | None = None) -> str:
    return (f"<item><title>{escape(story.title)}</title><link>{link or f'{base}/news/{story.slug}.html'}</link>"
            f"<guid>{guid or f'{base}/news/{story.slug}.html'}</guid><pubDate>{story.published}</pubDate>"
            f"<source url='{base}/{story.outlet.replace(' ', '').lower()}.xml'>{escape(story.outlet)}</source></item>")


def rss(title: str, items: list[str]) -> str:
    return (f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>{escape(title)}</title>"
            f"<link>http://127.0.0.1/</link><description>test feed</description>{''.join(items)}</channel></rss>")
