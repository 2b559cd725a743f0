"""Searching the catalogue: any script, any case, no accents needed, wildcards literal."""

import pytest

from app.extensions import db
from app.models import AltTitle, SearchTerm, Show
from app.search import (
    escape_like,
    normalise,
    query_words,
    search_key,
    terms_for,
    title_key,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café", "cafe"),
        ("MOVE", "move"),
        ("무브", "무브"),
        ("Éclair ÀÉÎÕÜ", "eclair aeiou"),
        ("Straße", "strasse"),
        ("ＲＵＮ　ＯＮ", "run on"),  # fullwidth letters and the ideographic space
    ],
)
def test_normalise_folds_width_case_and_accents_and_keeps_hangul(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("런 온", "런온"),
        ("나의 아저씨", "나의아저씨"),
        ("Move to Heaven!", "movetoheaven"),
        ("move-to heaven!", "movetoheaven"),
        ("Mr. Sunshine", "mrsunshine"),
        ("쓸쓸하고 찬란하神 – 도깨비", "쓸쓸하고찬란하神도깨비"),
        ("Hometown Cha-Cha-Cha ♥ ★", "hometownchachacha"),
        ("A\u200bB\u00adC", "abc"),  # format characters (Cf) go too
        ("50% _off_ \\ now", "50offnow"),
        ("「사랑」の・不時着", "사랑の不時着"),
        ("% _ !?", ""),
    ],
)
def test_title_key_drops_spaces_punctuation_symbols_and_controls(text, expected):
    assert title_key(text) == expected


def test_search_key_holds_each_distinct_title_key_between_separators():
    assert search_key(["Run On", "런 온", "RUN-ON", "", "!!"]) == "|runon|런온|"
    assert search_key([]) == ""


def test_search_key_keeps_only_whole_keys_within_its_length():
    key = search_key(["a" * 300, "b" * 290, "c" * 50])
    assert key == "|" + "a" * 300 + "|" + "b" * 290 + "|"
    assert len(key) <= 600


def test_terms_hold_every_suffix_of_every_title_key():
    assert terms_for(["Run On"]) == {"runon", "unon", "non", "on", "n"}
    assert max(map(len, terms_for(["x" * 250]))) == 100


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("런온", ["런온"]),
        ("move-to heaven!", ["moveto", "heaven"]),
        ("a b a c d e f g h i j", ["a", "b", "c", "d", "e", "f", "g", "h"]),
        ("%_", []),
        ("% _ !", []),
        ("   ", []),
        ("m_ve", ["mve"]),  # '_' is punctuation: dropped, never a wildcard
    ],
)
def test_query_words_are_keys_of_the_space_separated_words(query, expected):
    assert query_words(query) == expected


def test_escape_like_makes_wildcards_literal():
    assert escape_like("50%_a\\b") == "50\\%\\_a\\\\b"


def titles(html: str) -> list[str]:
    """The titles of the show cards on a page, in order."""
    import re

    return re.findall(r'<a class="card-link"[^>]*><strong>([^<]+)</strong>', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("무브", ["Move to Heaven"]),
        ("헤븐", ["Move to Heaven"]),
        ("move", ["Move to Heaven"]),
        ("MOVE heav", ["Move to Heaven"]),
        ("유품정리사", ["Move to Heaven"]),
        ("Mubeu", ["Move to Heaven"]),
        ("dokkaebi", ["Guardian: The Lonely and Great God"]),
        ("도깨비", ["Guardian: The Lonely and Great God"]),
        ("secret forest", ["Stranger"]),
        ("런 온", ["Run On"]),
        ("런온", ["Run On"]),  # the examples: spaces in the title, none typed
        ("나의아저씨", ["My Mister"]),
        ("나의 아저씨", ["My Mister"]),
        ("move-to heaven!", ["Move to Heaven"]),
        ("MoveToHeaven", ["Move to Heaven"]),
        ("ＲＵＮ ＯＮ", ["Run On"]),
        ("naui ajeossi", ["My Mister"]),  # a romanisation
        ("naui-ajeossi", ["My Mister"]),
        ("my ahjussi", ["My Mister"]),  # an alternative title
        ("비밀의숲", ["Stranger"]),
        ("trauma cleaner", ["Move to Heaven"]),
        ("mrsunshine", ["Mr. Sunshine"]),
        ("chachacha", ["Hometown Cha-Cha-Cha"]),
        ("prodúcers", ["The Producers"]),
        ("PRODUCÉRS", ["The Producers"]),
        ("2521", ["Twenty-Five Twenty-One"]),
        ("sunshine", ["Mr. Sunshine"]),
        ("no such drama", []),
        ("%", []),  # not a wildcard: matches nothing rather than everything
        ("%%", []),
        ("_", []),
        ("m_ve", []),  # '_' is dropped as punctuation, never "any character"
        ("m%ve", []),
        ("_ove", ["Move to Heaven"]),
        ("mov%", ["Move to Heaven"]),  # punctuation is ignored, as in "Mr. Sunshine"
        ("x" * 200, []),
    ],
)
def test_search_matches_titles_in_any_script(client, demo_catalogue, query, expected):
    response = client.get("/shows", query_string={"q": query})
    assert response.status_code == 200
    assert titles(response.text) == expected


@pytest.mark.parametrize("query", ["", "   ", "\t \u3000 "])
def test_empty_or_blank_query_lists_every_show(client, demo_catalogue, query):
    html = client.get("/shows", query_string={"q": query}).text
    assert "20 shows" in html
    assert len(titles(html)) == 20


@pytest.mark.parametrize("query", ["%", "!!!", "- _ -", "★"])
def test_punctuation_only_query_matches_nothing_and_says_why(client, demo_catalogue, query):
    response = client.get("/shows", query_string={"q": query})
    assert response.status_code == 200
    assert titles(response.text) == []
    assert "No shows match" in response.text
    assert "Browse all shows" in response.text


def test_no_results_suggests_the_next_step(client, demo_catalogue):
    response = client.get("/shows", query_string={"q": "Kestrel Zzyzx", "genre": "Sports"})
    assert response.status_code == 200
    html = response.text
    assert titles(html) == []
    assert "No shows match “Kestrel Zzyzx”" in html
    assert "Check the spelling" in html
    assert "native (Korean) title" in html
    assert 'href="/shows?q=Kestrel+Zzyzx"' in html  # the same words, filters cleared
    assert 'href="/shows"' in html  # browse everything
    # control: a query that matches shows its results, not the suggestions
    assert "Check the spelling" not in client.get("/shows", query_string={"q": "run"}).text


def test_no_results_fragment_for_htmx_holds_the_suggestions(client, demo_catalogue):
    response = client.get("/shows?q=zzqx", headers={"HX-Request": "true"})
    assert response.text.startswith('<section id="show-results"')
    assert "Check the spelling" in response.text


def test_ranking_puts_exact_then_prefix_then_other_matches(client, make_show):
    make_show("A Zebra Story", slug="contains")
    make_show("Zebra Crossing", slug="prefix")
    make_show("Yak Days", slug="exact", alt_titles=["Zebra"])
    make_show("Unrelated Drama", slug="unrelated")
    html = client.get("/shows", query_string={"q": "zebra"}).text
    assert titles(html) == ["Yak Days", "Zebra Crossing", "A Zebra Story"]
    # without a query, the sort alone orders them: titles alphabetically
    assert titles(client.get("/shows").text) == [
        "A Zebra Story",
        "Unrelated Drama",
        "Yak Days",
        "Zebra Crossing",
    ]


def test_ranking_groups_keep_the_chosen_sort_inside(client, make_show):
    make_show("Heaven Sent", slug="p-old", year=2001)
    make_show("Heaven's Gate", slug="p-new", year=2020)
    make_show("Seventh Heaven", slug="c-new", year=2022)
    make_show("Heaven", slug="exact", year=1999)
    html = client.get("/shows", query_string={"q": "heaven", "sort": "year"}).text
    assert titles(html) == ["Heaven", "Heaven&#39;s Gate", "Heaven Sent", "Seventh Heaven"]


def test_ranking_of_a_query_with_wildcard_characters(client, make_show):
    make_show("Love 100%", slug="exact", year=1990)
    make_show("Love 1000 Times", slug="prefix", year=2020)
    make_show("Love_Song", slug="other", year=2021)
    html = client.get("/shows", query_string={"q": "love 100%", "sort": "year"}).text
    # '%' is dropped, never a wildcard: "love100" is one title exactly, the start of another
    assert titles(html) == ["Love 100%", "Love 1000 Times"]


def test_search_key_follows_every_way_a_show_is_written(app, make_show):
    show = make_show("Kestrel Nights", native_title="케스트렐 나이트")
    assert show.search_key == "|kestrelnights|케스트렐나이트|"
    show.alt_titles.append(AltTitle(title="Night of the Kestrel"))
    db.session.commit()
    assert show.search_key == "|kestrelnights|케스트렐나이트|nightofthekestrel|"
    show.alt_titles[0].title = "Falcon Evenings"
    show.native_title = None
    db.session.commit()
    assert show.search_key == "|kestrelnights|falconevenings|"
    db.session.delete(show.alt_titles[0])
    db.session.commit()
    db.session.expire_all()
    assert show.search_key == "|kestrelnights|"
    terms = db.session.scalars(
        db.select(SearchTerm.term).where(SearchTerm.show_id == show.id)
    ).all()
    assert sorted(terms) == sorted(terms_for(["Kestrel Nights"]))


def test_a_show_added_through_the_orm_alone_is_found(client, app):
    show = Show(slug="plain-orm", title="Plain Orm Drama", episode_count=3)
    show.alt_titles.append(AltTitle(title="평범한 드라마"))
    db.session.add(show)
    db.session.commit()
    assert titles(client.get("/shows", query_string={"q": "평범한드라마"}).text) == [
        "Plain Orm Drama"
    ]


def test_search_over_200_characters_is_cut_not_refused(client, demo_catalogue):
    response = client.get("/shows", query_string={"q": "move " + "y" * 500})
    assert response.status_code == 200


def test_htmx_search_answers_the_results_fragment(client, demo_catalogue):
    response = client.get("/shows?q=run", headers={"HX-Request": "true"})
    assert response.text.startswith('<section id="show-results"')
    assert "<html" not in response.text
    assert titles(response.text) == ["Run On", "Run Toward Tomorrow"]
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"genre": "Sports"}, ["Run On", "Run Toward Tomorrow", "Twenty-Five Twenty-One"]),
        ({"year": "2015", "network": "KBS2"}, ["The Producers"]),
        ({"year": "2015", "sort": "title"}, ["Reply 1988", "Run Toward Tomorrow", "The Producers"]),
        ({"q": "run", "sort": "year"}, ["Run On", "Run Toward Tomorrow"]),
        ({"q": "run", "sort": "year_asc"}, ["Run Toward Tomorrow", "Run On"]),
        ({"year": "not-a-year", "q": "run", "sort": "bogus"}, ["Run On", "Run Toward Tomorrow"]),
    ],
)
def test_filters_and_sorts(client, demo_catalogue, args, expected):
    assert titles(client.get("/shows", query_string=args).text) == expected


def test_status_filter_uses_my_progress(client, demo_catalogue, make_show):
    client.submit(
        "/shows/run-on/progress",
        {"episodes_watched": "16", "status": "watching"},
        page="/shows/run-on",
    )
    html = client.get("/shows", query_string={"status": "completed"}).text
    assert titles(html) == ["Run On"]


def test_pagination_keeps_the_query(client, make_show):
    for n in range(30):
        make_show(f"Paged Drama {n:02d}")
    first = client.get("/shows?q=paged").text
    assert "Page 1 of 2" in first
    assert 'href="/shows?q=paged&amp;page=2"' in first
    second = client.get("/shows?q=paged&page=2").text
    assert titles(second)[0] == "Paged Drama 24"
    assert client.get("/shows?page=999").status_code == 200
