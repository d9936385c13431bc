"""Numbers and dates as reports write them."""
from __future__ import annotations

from datetime import date

import pytest

from estimative.extract.dates import find_dates
from estimative.extract.numbers import count_of, word_number


@pytest.mark.parametrize("text,best,lo,hi,qualifier", [
    ("roughly 18", 18, None, None, "approximate"),
    ("two", 2, 2, 2, "exact"),
    ("a dozen", 12, 12, 12, "exact"),
    ("at least a dozen", 12, 12, None, "at_least"),
    ("dozens", 12, 12, None, "at_least"),  # ACLED: "dozens" -> 12
    ("tens", 10, 10, None, "at_least"),  # ACLED: "tens" -> 10
    ("hundreds", 100, 100, None, "at_least"),
    ("twenty-nine", 29, 29, 29, "exact"),
    ("two hundred and sixty", 260, 260, 260, "exact"),
    ("1,200", 1200, 1200, 1200, "exact"),
    ("20 to 30", 20, 20, 30, "approximate"),
    ("between 20 and 30", 20, 20, 30, "approximate"),
    ("up to 40", 40, 0, 40, "at_most"),
])
def test_counts_keep_best_bounds_and_qualifier(text, best, lo, hi, qualifier):
    c = count_of(text)
    assert (c.best, c.min, c.max, c.qualifier) == (best, lo, hi, qualifier)


def test_word_numbers_read_digits_and_words():
    assert word_number("seventeen") == 17
    assert word_number("ninety-nine") == 99
    assert word_number("a hundred") == 100
    assert word_number("banana") is None


PUBLISHED = date(2020, 3, 12)  # a Thursday, the day after the Camp Taji attack


def _dates(text: str, base: date | None = PUBLISHED):
    return [(text[d.start:d.end], d.date, d.precision) for d in find_dates(text, base)]


def test_day_and_month_without_year_take_the_reports_year():
    assert _dates("Rockets hit the base on 11 March.") == [("11 March", date(2020, 3, 11), "day")]


def test_a_date_after_the_report_belongs_to_the_year_before():
    found = _dates("The strike on 28 December killed two.", date(2020, 1, 5))
    assert found == [("28 December", date(2019, 12, 28), "day")]


def test_weekday_is_the_last_such_day_up_to_the_report():
    assert _dates("Late on Wednesday, rockets struck.")[0][1] == date(2020, 3, 11)
    assert _dates("Late on Saturday, rockets struck.")[0][1] == date(2020, 3, 7)


def test_yesterday_is_relative_to_the_report():
    assert _dates("Yesterday a bomb exploded.")[0][1] == date(2020, 3, 11)


def test_early_hours_of_a_day_give_that_day():
    text = "Iran fired missiles in the early hours of 8 January."
    assert _dates(text) == [("8 January", date(2020, 1, 8), "day")]


def test_late_2019_is_coarse_with_month_precision():
    assert _dates("Attacks rose in late 2019.") == [("late 2019", date(2019, 9, 1), "month")]


def test_month_and_year_give_month_precision():
    assert _dates("In March 2020 the militia struck.")[0][1:] == (date(2020, 3, 1), "month")


def test_full_dates_need_no_report_date():
    assert _dates("On December 1, 2009 FARC rebels detonated a bomb.", None)[0][1] == date(2009, 12, 1)


def test_relative_dates_need_a_report_date():
    assert _dates("Yesterday a bomb exploded.", None) == []


@pytest.mark.parametrize("text, expected", [
    ("01/18/2021: Assailants fired mortar shells", date(2021, 1, 18)),   # GTD's summary prefix, month first
    ("on 18/01/2021 gunmen attacked", date(2021, 1, 18)),               # the part over 12 is the day
    ("On 03/04/2021 a bomb exploded", date(2021, 3, 4)),                # both could be the month: month first
])
def test_dates_written_with_slashes_read_the_day(text, expected):
    found = find_dates(text, None)
    assert [(m.date, m.precision, m.explicit_year) for m in found] == [(expected, "day", True)]


def test_slashes_without_a_four_digit_year_are_no_date():
    assert find_dates("the 9/11 attacks and a 3/4 majority", None) == []


def test_a_count_phrase_broken_across_lines_reads_as_on_one_line():
    # wire copy and PDFs break lines anywhere: "hundreds\nof", "at\nleast 5", "a  dozen"
    for phrase, on_one_line in (("hundreds\nof", "hundreds of"), ("at\nleast 5", "at least 5"), ("a  dozen", "a dozen")):
        assert count_of(phrase) == count_of(on_one_line) is not None, phrase
