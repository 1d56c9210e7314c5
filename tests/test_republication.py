"""Republication: by metadata or shared text; the copy points at its original, never the reverse."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import Document, PartialDate, load_documents
from factcheck.republication import SHINGLE_WORDS, find_republications, shingles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STORY = ("The county board voted on Tuesday to close three libraries after a budget shortfall of "
         "$4.2 million, officials said, and the closures will take effect in the spring. Residents "
         "packed the meeting to oppose the plan, which the board had debated for two months. ")


def doc(id_: str, text: str, **meta) -> Document:
    if "published" in meta:
        meta["published"] = PartialDate.model_validate(meta["published"])
    return Document(id=id_, text=text, **meta)


def originals(docs):
    return {d.id: d.original for d in find_republications(docs)}


def test_seed_repost_points_at_reuters():
    docs = load_documents([str(SEEDS)]).documents
    assert originals(docs) == {
        "npr-2021-dea-mexico": None, "reuters-2021-cartel-standoff": None,
        "brookings-2023-mexico-cooperation": None,
        "borderlandbeat-2021-reuters-repost": "reuters-2021-cartel-standoff",
        "mexicodailypost-2021-bloomberg": None,
    }


def test_later_copy_with_comments_is_the_republication():
    wire = doc("wire", STORY, source="AP", published="2024-05-01")
    blog = doc("blog", "Reposted. " + STORY + "Comment: this is outrageous, cut the budget elsewhere!",
               published="2024-05-03")
    assert originals([blog, wire]) == {"blog": "wire", "wire": None}


def test_declared_republication_wins_over_dates():
    wire = doc("wire", STORY, source="Reuters", published="2024-05-03")
    site = doc("site", STORY, republishes="Reuters", published="2024-05-01")
    assert originals([wire, site]) == {"wire": None, "site": "wire"}


def test_different_stories_on_the_same_topic_are_independent():
    a = doc("a", STORY, published="2024-05-01")
    b = doc("b", "The county board met on Tuesday and heard from residents who want the libraries kept "
                 "open; the vote on the $4.2 million shortfall was postponed to June, a spokesperson said.",
            published="2024-05-02")
    assert originals([a, b]) == {"a": None, "b": None}


def test_short_quote_shared_is_not_a_republication():
    quote = "“We will not close a single library while I am in office,” the mayor said."
    a = doc("a", STORY + quote, published="2024-05-01")
    b = doc("b", "At a rally, the mayor repeated her pledge. " + quote + " Critics were unconvinced by it.",
            published="2024-05-02")
    assert originals([a, b]) == {"a": None, "b": None}


def test_a_short_item_whose_sentence_another_story_quotes_is_no_ones_original():
    """Sampled shingles make a short text's share noisy: one shared sample must not make a copy."""
    brief = doc("brief", "Sacramento received 2.9 inches of rain on May 10, the National Weather Service said.",
                published="2021-05-12")
    story = doc("story", STORY + "Heavy rain fell on May 10, the National Weather Service said, and the river rose "
                "two feet overnight.", published="2021-05-13")
    assert originals([brief, story]) == {"brief": None, "story": None}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("the a board vote budget million said county of in to library 42 2021".split()),
                min_size=0, max_size=80),
       st.lists(st.sampled_from("river flood mayor rain storm".split()), max_size=20),
       st.lists(st.sampled_from("river flood mayor rain storm".split()), max_size=20))
def test_a_text_keeps_the_samples_of_every_passage_it_contains(words, before, after):
    """Sampling depends on a window's words alone: a text quoted whole inside another keeps its samples there,
    and every sample is one of the text's 8-word windows."""
    text = " ".join(words)
    inner = shingles(text)
    assert inner <= shingles(" ".join([*before, text, *after]))
    windows = {hash(tuple(words[i:i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}
    assert inner <= windows
