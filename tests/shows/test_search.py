"""Searching the catalogue: any script, any case, no accents needed, wildcards literal."""

import pytest

from app.shows.search import normalise, query_words, terms_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café", "cafe"),
        ("MOVE", "move"),
        ("무브", "무브"),
        ("Éclair ÀÉÎÕÜ", "eclair aeiou"),
        ("Straße", "strasse"),
    ],
)
def test_normalise_folds_case_and_accents_and_keeps_hangul(text, expected):
    assert normalise(text) == expected


def test_terms_hold_every_suffix_of_every_word():
    assert terms_for(["Run On"]) == {"run", "un", "n", "on"}


def test_query_words_are_capped_and_deduplicated():
    assert query_words("a b a c d e f g h i j") == ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert query_words("%_") == ["_"]  # '_' is a word character, compared literally


def titles(html: str) -> list[str]:
    import re

    return re.findall(r"<strong>([^<]+)</strong>", html)


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
        ("prodúcers", ["The Producers"]),
        ("PRODUCÉRS", ["The Producers"]),
        ("2521", ["Twenty-Five Twenty-One"]),
        ("sunshine", ["Mr. Sunshine"]),
        ("no such drama", []),
        ("%", []),  # not a wildcard: matches nothing rather than everything
        ("%%", []),
        ("_", []),
        ("m_ve", []),  # '_' is compared as itself, not as "any character"
        ("mov%", ["Move to Heaven"]),  # punctuation is ignored, as in "Mr. Sunshine"
        ("x" * 200, []),
    ],
)
def test_search_matches_titles_in_any_script(client, demo_catalogue, query, expected):
    response = client.get("/shows", query_string={"q": query})
    assert response.status_code == 200
    assert titles(response.text) == expected


def test_empty_query_lists_every_show(client, demo_catalogue):
    html = client.get("/shows", query_string={"q": ""}).text
    assert "20 shows" in html
    assert len(titles(html)) == 20


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
