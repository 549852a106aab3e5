"""framing.actors: gazetteer, mentions, surface forms, labels and sentiment per actor."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import FOX, UNNAMED

from framing.actors import (
    ACTORS,
    FORMS,
    LABELS,
    MENTIONS,
    SUMMARY,
    ActorsError,
    actor_forms,
    actor_labels,
    actor_sentiment,
    actor_summary,
    load_actors,
    mentions,
)
from framing.sentiment import sentiment

FOX_OUTLET = "Fox News"
UNNAMED_OUTLET = "Unnamed pro-Kremlin outlet"


def _docs(*texts, outlet="O"):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": outlet, "text": list(texts)})


def _hit(doc_id, text, surface, category="delegitimizing_attribution", polarity=-1, sent_id=0, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return (doc_id, sent_id, start, start + len(surface), surface, surface.lower(), category, "", polarity, False)


def _hits(rows):
    cols = ["doc_id", "sent_id", "start", "end", "surface", "term", "category", "technique", "polarity", "negated"]
    return pd.DataFrame(rows, columns=cols)


@pytest.fixture(scope="module")
def ments(corpus):
    return mentions(corpus)


# --------------------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------------------


def test_builtin_gazetteer():
    g = load_actors()
    assert tuple(g.columns) == ACTORS
    assert sorted(g["actor"].unique()) == [
        "EU", "Lithuania", "Lukashenko", "NATO", "Poland", "Russia", "Tsikhanouskaya", "United States",
        "protesters", "security forces",
    ]
    tsikh = set(g.loc[g["actor"] == "Tsikhanouskaya", "alias"])
    assert {"Tsikhanouskaya", "Tikhanovskaya", "Tsikhanovskaya", "Svetlana Tikhanovskaya"} <= tsikh
    assert {"protesters", "demonstrators", "opposition"} <= set(g.loc[g["actor"] == "protesters", "alias"])
    assert {"US", "United States", "Americans"} <= set(g.loc[g["actor"] == "United States", "alias"])
    assert set(g["kind"]) == {"person", "org", "country", "group"}


def test_gazetteer_errors_and_extension(tmp_path):
    dup = tmp_path / "dup.csv"
    dup.write_text("actor,alias\nA,Foo Bar\nB,Foo  Bar\n", encoding="utf-8")
    with pytest.raises(ActorsError, match=r"row 3: alias 'Foo  Bar' \(actor 'B'\) repeats row 2"):
        load_actors(dup)
    with pytest.raises(ActorsError, match="kind 'city' is not one of"):
        load_actors(pd.DataFrame({"actor": ["Minsk"], "alias": ["Minsk"], "kind": ["city"]}))
    with pytest.raises(ActorsError, match="has an empty alias"):
        load_actors(pd.DataFrame({"actor": ["X"], "alias": [" "]}))
    with pytest.raises(ActorsError, match="missing column"):
        load_actors(pd.DataFrame({"name": ["X"]}))
    with pytest.raises(ActorsError, match="does not exist"):
        load_actors(tmp_path / "none.csv")
    with pytest.raises(ActorsError, match="repeats row"):
        load_actors(pd.DataFrame({"actor": ["Luka"], "alias": ["Lukashenko"]}), extend=True)
    ext = load_actors(pd.DataFrame({"actor": ["Ukraine"], "alias": ["Ukraine"], "kind": ["country"]}), extend=True)
    assert len(ext) == len(load_actors()) + 1 and ext.iloc[-1].tolist() == ["Ukraine", "Ukraine", "country", ""]


# --------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------


def test_mention_rules_on_a_tiny_text():
    text = (
        "Lukashenko’s men met US officials; tell us more. PLEA TO AMERICA.\n\n"
        "NATO-backed groups and the Protesters saw Alexander\nLukashenko and Belarus’ police. Nato and Lukashenkos."
    )
    m = mentions(_docs(text))
    assert tuple(m.columns) == MENTIONS
    got = list(zip(m["surface"], m["actor"], m["sent_id"], m["possessive"], strict=True))
    assert got == [
        ("Lukashenko", "Lukashenko", 0, True),
        ("US", "United States", 0, False),
        ("AMERICA", "United States", 1, False),
        ("NATO", "NATO", 2, False),
        ("Protesters", "protesters", 2, False),
        ("Alexander\nLukashenko", "Lukashenko", 2, False),
        ("police", "security forces", 2, False),
        ("Nato", "NATO", 3, False),
    ]
    assert all(text[r.start : r.end] == r.surface for r in m.itertuples())
    assert m["alias"].tolist()[5] == "Alexander Lukashenko"


def test_mentions_on_articles(corpus, ments):
    texts = corpus.documents.set_index("doc_id")["text"]
    assert all(texts[r.doc_id][r.start : r.end] == r.surface for r in ments.itertuples())
    assert ments.groupby("doc_id").size().to_dict() == {FOX: 37, UNNAMED: 34}
    assert ments.groupby("actor").size()["NATO"] == 11
    assert "us" not in set(ments["surface"])


def test_tsikhanouskaya_transliteration_split(corpus, ments):
    forms = actor_forms(ments, corpus)
    assert tuple(forms.columns) == FORMS
    t = forms[forms["actor"] == "Tsikhanouskaya"]
    assert list(zip(t["outlet"], t["surface"], t["count"], strict=True)) == [
        (FOX_OUTLET, "Sviatlana Tsikhanouskaya", 1),
        (FOX_OUTLET, "Tsikhanouskaya", 1),
        (UNNAMED_OUTLET, "Svetlana Tikhanovskaya", 1),
    ]
    us = forms[(forms["actor"] == "United States") & (forms["outlet"] == UNNAMED_OUTLET)]
    assert us["surface"].tolist() == ["US", "Americans", "United States"]
    assert us["share"].tolist() == pytest.approx([0.6, 0.2, 0.2])


def test_bad_input_mentions():
    docs = _docs("", "x", "Лукашенко выступил в Минске.")
    m = mentions(docs)
    assert len(m) == 0 and tuple(m.columns) == MENTIONS
    assert len(actor_forms(m, docs)) == 0
    assert len(actor_labels(m, _hits([]), docs)) == 0


# --------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------


def test_labels_by_hand():
    texts = [
        "Even the foreign-backed ex-Belarusian presidential candidate Svetlana Tikhanovskaya spoke.",
        "Three months on, the foreign-backed protests continue.",
        "Police found a flag of the Neo-Nazi NATO-backed opposition.",
        "He accused the protesters of lying.",
        "It was foreign-backed, said the opposition.",
    ]
    docs = _docs(*texts)
    hits = _hits(
        [
            _hit("d0", texts[0], "foreign-backed"),
            _hit("d1", texts[1], "foreign-backed"),
            _hit("d2", texts[2], "Neo-Nazi", category="extremist_label"),
            _hit("d2", texts[2], "NATO-backed"),
            _hit("d3", texts[3], "accused", category="threat_aggression"),
            _hit("d4", texts[4], "foreign-backed"),
        ]
    )
    m = mentions(docs)
    labels = actor_labels(m, hits, docs)
    assert tuple(labels.columns) == LABELS
    got = list(zip(labels["doc_id"], labels["actor"], labels["surface"], labels["label"], labels["words_between"],
                   strict=True))
    assert got == [
        ("d0", "Tsikhanouskaya", "Svetlana Tikhanovskaya", "foreign-backed", 3),
        ("d1", "protesters", "protests", "foreign-backed", 0),
        ("d2", "protesters", "opposition", "Neo-Nazi", 1),
        ("d2", "protesters", "opposition", "NATO-backed", 0),
    ]  # NATO inside "NATO-backed" is no head; "the" blocks d3; the comma blocks d4
    assert labels["outlet"].tolist() == ["O"] * 4
    assert actor_labels(m, hits, docs, window=2)["doc_id"].tolist() == ["d1", "d2", "d2"]
    stance = hits.assign(category="stance_distancing")
    assert len(actor_labels(m, stance, docs)) == 0
    assert len(actor_labels(m, stance, docs, categories=["stance_distancing"])) == 4


def test_labels_on_articles_with_score_hits(corpus, ments):
    from framing.score import hits

    labels = actor_labels(ments, hits(corpus), corpus)
    fb = labels[labels["label"] == "foreign-backed"]
    assert list(zip(fb["outlet"], fb["actor"], fb["surface"], strict=True)) == [
        (UNNAMED_OUTLET, "protesters", "protests"),
        (UNNAMED_OUTLET, "Tsikhanouskaya", "Svetlana Tikhanovskaya"),
    ]
    assert set(labels["outlet"]) == {UNNAMED_OUTLET}  # Fox labels no actor
    opp = labels[(labels["actor"] == "protesters") & (labels["surface"] == "opposition")]
    assert opp["label"].tolist() == ["Neo-Nazi", "NATO-backed", "Orchestrated"]


def test_label_argument_errors(corpus, ments):
    with pytest.raises(ValueError, match="window must be a non-negative int"):
        actor_labels(ments, _hits([]), corpus, window=-1)
    with pytest.raises(ValueError, match="hits is not a hits table"):
        actor_labels(ments, pd.DataFrame({"doc_id": []}), corpus)


# --------------------------------------------------------------------------------------
# Sentiment and summary
# --------------------------------------------------------------------------------------


def test_actor_sentiment(corpus, ments):
    sent = sentiment(corpus)
    out = actor_sentiment(ments, sent, corpus)
    nato = out[(out["actor"] == "NATO") & (out["outlet"] == FOX_OUTLET)].iloc[0]
    ids = sorted(set(ments.loc[(ments["actor"] == "NATO") & (ments["doc_id"] == FOX), "sent_id"]))
    assert ids == [0, 2, 5, 6, 8, 9, 10]
    expected = sent[(sent["doc_id"] == FOX) & sent["sent_id"].isin(ids)]["compound"]
    assert nato["n_sentences"] == 7 and nato["mean_compound"] == pytest.approx(expected.mean(), abs=1e-12)
    eu_fox = out[(out["actor"] == "EU") & (out["outlet"] == FOX_OUTLET)].iloc[0]
    assert eu_fox["n_sentences"] == 0 and pd.isna(eu_fox["mean_compound"])


def test_actor_summary_shows_the_framing(corpus, ments):
    from framing.score import hits

    summary = actor_summary(ments, corpus, hits=hits(corpus), sent=sentiment(corpus))
    assert tuple(summary.columns) == SUMMARY
    assert len(summary) == 20  # 10 actors x 2 outlets
    rows = summary.set_index(["actor", "outlet"])
    assert rows.loc[("Tsikhanouskaya", FOX_OUTLET), "forms"] == "Sviatlana Tsikhanouskaya (1); Tsikhanouskaya (1)"
    assert rows.loc[("Tsikhanouskaya", UNNAMED_OUTLET), "forms"] == "Svetlana Tikhanovskaya (1)"
    assert rows.loc[("Tsikhanouskaya", UNNAMED_OUTLET), "labels"] == "foreign-backed (1)"
    assert rows.loc[("protesters", UNNAMED_OUTLET), "labels"] == (
        "NATO-backed (1); Neo-Nazi (1); Orchestrated (1); foreign-backed (1); massive (1)"
    )
    assert rows.loc[("protesters", UNNAMED_OUTLET), "n_labels"] == 5  # "Orchestrated" labels two mentions, once
    assert rows.loc[("protesters", FOX_OUTLET), ["n_mentions", "n_labels", "labels"]].tolist() == [6, 0, ""]
    assert rows.loc[("EU", FOX_OUTLET), "n_mentions"] == 0
    assert rows.loc[("Tsikhanouskaya", UNNAMED_OUTLET), "mean_compound"] == 0.4767
    # one article per outlet: a mentioned actor is in 1 document (the interval resampled its sentences), the EU in
    # Fox News in none
    assert rows.loc[("protesters", FOX_OUTLET), ["n_sentences", "n_documents"]].tolist() == [6, 1]
    assert rows.loc[("EU", FOX_OUTLET), ["n_sentences", "n_documents"]].tolist() == [0, 0]
    assert set(summary["n_documents"]) == {0, 1}
    bare = actor_summary(ments, corpus)
    assert bare["n_sentences"].tolist() == summary["n_sentences"].tolist()
    assert bare["n_documents"].tolist() == summary["n_documents"].tolist()
    assert bare["mean_compound"].isna().all() and (bare["labels"] == "").all()


# -- a gazetteer for any story ------------------------------------------------------------

DISCOVER_TEXTS = [
    "Officials met on Monday. Later, President Donald Trump spoke to reporters. Critics said Trump was wrong. "
    "The senator, Sen. Elizabeth Warren, disagreed with Trump\u2019s plan. Yesterday Mr. Trump left for the FBI "
    "meeting.",
    "TRUMP SLAMS FBI\n\nReporters asked whether Donald Trump would attend. Warren disagreed. Trump declined. "
    "On Tuesday the FBI said nothing. In a statement, Elizabeth Warren replied. \u201cThe plan is dead,\u201d "
    "she said.",
]


def _discover_docs():
    return pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": DISCOVER_TEXTS})


def test_discover_actors_groups_surnames_strips_titles_and_skips_sentence_starts(tmp_path):
    from framing.actors import discover_actors

    found = discover_actors(_discover_docs(), min_mentions=2, min_documents=2)
    assert tuple(found.columns) == ACTORS
    # "Trump": "said Trump", "with Trump's", "Yesterday Mr. Trump" (doc a); "Trump declined" and the
    # capitals headline are not counted; "Warren disagreed" opens a sentence; Monday/Tuesday are skipped
    assert found.values.tolist() == [
        ["Donald Trump", "Donald Trump", "person", "discovered: 2 mentions in 2 documents"],
        ["Donald Trump", "Trump", "person", "discovered: 3 mentions in 1 document"],
        ["Elizabeth Warren", "Elizabeth Warren", "person", "discovered: 2 mentions in 2 documents"],
        ["FBI", "FBI", "org", "discovered: 2 mentions in 2 documents"],
    ]
    assert discover_actors(_discover_docs(), min_mentions=3)["actor"].unique().tolist() == ["Donald Trump"]
    assert discover_actors(_discover_docs(), min_mentions=1, min_documents=1).equals(
        discover_actors(_discover_docs(), min_mentions=1, min_documents=1))
    # the table is a gazetteer: it loads back, from a frame and from a file, and finds the mentions
    assert load_actors(found).equals(found)
    path = tmp_path / "found.csv"
    found.to_csv(path, index=False)
    assert load_actors(path).equals(found)
    m = mentions(_discover_docs(), found)
    assert m.groupby("actor").size().to_dict() == {"Donald Trump": 7, "Elizabeth Warren": 2, "FBI": 3}


def test_discover_actors_uses_given_sentence_starts_and_checks_arguments():
    from framing.actors import discover_actors
    from framing.text import sentences as text_sentences

    d = _discover_docs()
    assert discover_actors(d, sentences=text_sentences(d), min_mentions=2).equals(discover_actors(d, min_mentions=2))
    with pytest.raises(ValueError, match="min_mentions"):
        discover_actors(d, min_mentions=0)


def test_discover_actors_keeps_organisation_names_with_for_and_of_whole():
    from framing.actors import discover_actors

    docs = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "outlet": ["A", "A", "B"], "text": [
        "Officials at the Centers for Disease Control said on Monday that cases rose. A spokesman for the Centers "
        "for Disease Control declined to comment. The Department of Justice said little. Officials said Control "
        "had the data.",
        "Data from the Centers for Disease Control show a decline. Officials said the Department of Justice would "
        "act. He asked the Internal Revenue Service for Trump's tax returns.",
        "He asked the Internal Revenue Service for documents. Then the Internal Revenue Service said no. Officials "
        "said Control had the data."]})
    # before: "Centers" (unknown) and "Disease Control", a person by its one-word alias "Control"; "Department of
    # Justice" unknown. "for" after an organisation word ("Centers") joins the name; an organisation word first,
    # then "of" / "for", makes it an org; "for Trump's tax returns" is no part of a name
    assert discover_actors(docs, min_mentions=2, min_documents=2).values.tolist() == [
        ["Centers for Disease Control", "Centers for Disease Control", "org", "discovered: 3 mentions in 2 documents"],
        ["Centers for Disease Control", "Control", "org", "discovered: 2 mentions in 2 documents"],
        ["Internal Revenue Service", "Internal Revenue Service", "org", "discovered: 3 mentions in 2 documents"],
        ["Department of Justice", "Department of Justice", "org", "discovered: 2 mentions in 2 documents"],
    ]


def test_discover_actors_starts_no_name_inside_an_abbreviation():
    from framing.actors import discover_actors

    docs = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"], "text": [
        "The U.S. Centers for Disease Control said cases rose. The U.S. Supreme Court ruled.",
        "Data from the U.S. Centers for Disease Control show a fall. The U.S. Supreme Court heard it."]})
    # before: "S. Centers for Disease Control" (unknown) and "S. Supreme Court", the "S." of "U.S." taken as an initial
    assert discover_actors(docs, min_mentions=2, min_documents=2).values.tolist() == [
        ["Centers for Disease Control", "Centers for Disease Control", "org", "discovered: 2 mentions in 2 documents"],
        ["Supreme Court", "Supreme Court", "org", "discovered: 2 mentions in 2 documents"],
    ]


def test_discover_actors_keeps_organisations_with_the_same_first_and_last_word_apart():
    from framing.actors import discover_actors

    text = ("The Senate Judiciary Committee met. The Senate Intelligence Committee met. The National Rifle "
            "Association spoke. The National Education Association spoke. The Federal Election Commission ruled. "
            "The Federal Trade Commission ruled.")
    docs = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"],
                         "text": [text, text.replace("Election", "Elections")]})
    # before: one actor "National Education Association" with the Rifle Association as an alias, and one committee
    # (AllSides: 37 House committees were aliases of "House Intelligence Committee")
    got = discover_actors(docs, min_mentions=2, min_documents=2)
    # one spelling with a plural -s ("Federal Elections Commission") is the same organisation; the FTC is not
    assert got[["actor", "alias", "kind"]].values.tolist() == [
        ["Federal Election Commission", "Federal Election Commission", "org"],
        ["Federal Election Commission", "Federal Elections Commission", "org"],
        ["Federal Trade Commission", "Federal Trade Commission", "org"],
        ["National Education Association", "National Education Association", "org"],
        ["National Rifle Association", "National Rifle Association", "org"],
        ["Senate Intelligence Committee", "Senate Intelligence Committee", "org"],
        ["Senate Judiciary Committee", "Senate Judiciary Committee", "org"],
    ]


def test_actors_file_malformed_or_missing_names_the_file(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('actor,alias\nTrump,"Donald Trump\n', encoding="utf-8")
    with pytest.raises(ActorsError, match=r"actors file .*bad\.csv cannot be read as a UTF-8 CSV"):
        load_actors(bad)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("actor,alias\nJos\xe9,Jos\xe9\n".encode("latin-1"))
    with pytest.raises(ActorsError, match=r"latin\.csv cannot be read"):
        load_actors(latin)
    with pytest.raises(ActorsError, match=r"actors file .*missing\.csv does not exist"):
        load_actors(tmp_path / "missing.csv")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,alias\nA,B\n", encoding="utf-8")
    with pytest.raises(ActorsError, match=r"wrong\.csv: missing column\(s\) actor"):
        load_actors(wrong)


# -- by: any documents column (framing.groups) ---------------------------------------------

LEAN_TEXTS = [
    "Tsikhanouskaya met NATO. Tsikhanouskaya left.",
    "Svetlana Tikhanovskaya met NATO. The foreign-backed protesters cheered.",
    "NATO met Lukashenko. Lukashenko smiled.",
    "Lukashenko spoke.",
]


def _lean_docs():
    """Outlets A and B share the lean "left"; D has no lean."""
    return pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["A", "B", "C", "D"],
                         "lean": ["left", "left", "right", None], "text": LEAN_TEXTS})


def test_actor_forms_by_lean_sums_the_outlets():
    docs = _lean_docs()
    m = mentions(docs)
    by_outlet = actor_forms(m, docs)
    assert tuple(by_outlet.columns) == FORMS and "missing" not in by_outlet.attrs
    forms = actor_forms(m, docs, by="lean")
    assert list(forms.columns) == ["lean", "actor", "surface", "count", "share"]
    assert forms[["lean", "actor", "surface", "count"]].values.tolist() == [
        ["(missing)", "Lukashenko", "Lukashenko", 1],
        ["left", "NATO", "NATO", 2],
        ["left", "Tsikhanouskaya", "Tsikhanouskaya", 2],
        ["left", "Tsikhanouskaya", "Svetlana Tikhanovskaya", 1],
        ["left", "protesters", "protesters", 1],
        ["right", "Lukashenko", "Lukashenko", 2],
        ["right", "NATO", "NATO", 1],
    ]
    assert forms["share"].tolist() == pytest.approx([1, 1, 2 / 3, 1 / 3, 1, 1, 1])
    assert forms.attrs["missing"] == {"lean": 1}
    lean_of = {"A": "left", "B": "left", "C": "right", "D": "(missing)"}
    keyed = by_outlet.assign(lean=by_outlet["outlet"].map(lean_of))
    summed = keyed.groupby(["lean", "actor", "surface"])["count"].sum()
    assert forms.set_index(["lean", "actor", "surface"])["count"].sort_index().equals(summed.sort_index())
    both = actor_forms(m, docs, by=["lean", "outlet"])
    assert list(both.columns[:2]) == ["lean", "outlet"] and len(both) == len(by_outlet)


def test_actor_labels_sentiment_and_summary_by_lean():
    docs = _lean_docs()
    m = mentions(docs)
    hits = _hits([_hit("b", LEAN_TEXTS[1], "foreign-backed", sent_id=1)])
    labels = actor_labels(m, hits, docs, by="lean")
    assert list(labels.columns) == [c if c != "outlet" else "lean" for c in LABELS]
    got = labels[["doc_id", "lean", "actor", "label"]].values.tolist()
    assert got == [["b", "left", "protesters", "foreign-backed"]]
    sent = sentiment(docs)
    senti = actor_sentiment(m, sent, docs, by="lean", n_boot=50)
    assert list(senti.columns[:2]) == ["lean", "actor"] and senti.attrs["missing"] == {"lean": 1}
    row = senti.set_index(["lean", "actor"]).loc[("right", "Lukashenko")]
    assert row["n_sentences"] == 2 and row["mean_compound"] == pytest.approx(sent.loc[4:5, "compound"].mean())
    summary = actor_summary(m, docs, hits=hits, sent=sent, by="lean", n_boot=50)
    assert list(summary.columns) == [c if c != "outlet" else "lean" for c in SUMMARY]
    assert len(summary) == 12  # 4 actors x 3 leans, "(missing)" included
    rows = summary.set_index(["actor", "lean"])
    assert rows.loc[("Tsikhanouskaya", "left"), "forms"] == "Tsikhanouskaya (2); Svetlana Tikhanovskaya (1)"
    got = rows.loc[("protesters", "left"), ["n_mentions", "n_labels", "labels"]].tolist()
    assert got == [1, 1, "foreign-backed (1)"]
    assert rows.loc[("Lukashenko", "(missing)"), ["n_mentions", "n_sentences"]].tolist() == [1, 1]
    # the documents the interval resampled: Tsikhanouskaya in a (2 sentences) and b (1) of the left
    assert rows.loc[("Tsikhanouskaya", "left"), ["n_sentences", "n_documents"]].tolist() == [3, 2]
    assert rows.loc[("Lukashenko", "right"), ["n_sentences", "n_documents"]].tolist() == [2, 1]
    assert rows.loc[("Tsikhanouskaya", "right"), ["n_sentences", "n_documents"]].tolist() == [0, 0]
    assert actor_summary(m, docs, by="lean")["n_documents"].tolist() == summary["n_documents"].tolist()
    by_outlet = actor_summary(m, docs)
    lean_of = {"A": "left", "B": "left", "C": "right", "D": "(missing)"}
    summed = by_outlet.assign(lean=by_outlet["outlet"].map(lean_of)).groupby(["actor", "lean"])[
        ["n_mentions", "n_sentences"]].sum()
    assert rows[["n_mentions", "n_sentences"]].sort_index().equals(summed.sort_index())


def test_actor_by_unknown_or_computed_column_is_the_groups_error():
    docs = _lean_docs()
    m = mentions(docs)
    with pytest.raises(ValueError, match="by: no column 'leaning' in the documents; the columns there are: doc_id"):
        actor_forms(m, docs, by="leaning")
    for call in (lambda: actor_labels(m, _hits([]), docs, by=["lean", "topic"]),
                 lambda: actor_summary(m, docs, by="topic"),
                 lambda: actor_sentiment(m, sentiment(docs), docs, by="topic")):
        with pytest.raises(ValueError, match="by: no column 'topic'"):
            call()
    with pytest.raises(ValueError, match="is computed by the library"):
        actor_forms(m, docs, by="n_tokens")
    with pytest.raises(ValueError, match="'actor' is already a column"):
        actor_summary(m, docs, by="actor")


def test_discover_actors_skips_adjectives_compounds_and_crossings_and_checks_surnames(monkeypatch):
    import framing.actors.discover as discover

    texts = [
        "Officials said Russian hackers struck. Experts blamed Russian trolls and the GOP-led Senate. "
        "Then came Obama-era rules in Iraq. The Iraqi army left on Sept. 3. He cited Judge Gonzalo Curiel's "
        "Mexican heritage. Voters in Mexico said no. Yesterday Dr. Florida said no.",
        "Critics said Russian spies lied, and Russian media agreed. Reports from Mexico were late. Voters in "
        "Florida and in Iraq. Later, Gonzalo Curiel spoke. Voters in New Mexico said yes.",
        "Voters in New Mexico said yes. Some went to Florida. Others in Florida stayed. He met a Russian in Minsk.",
        "Trade with Mexico is up.",
    ]
    docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": list("WXYZ"), "text": texts})
    found = discover.discover_actors(docs, min_mentions=2, min_documents=2)
    # "Russian": 4 of its 5 mentions before a content word (hackers, trolls, spies, media): an adjective.
    # "Iraq" ends at its sentence's period ("The Iraqi army" opens a sentence); "Curiel's Mexican" ends at
    # the possessive; "Obama-era" and "GOP-led" are no names; "Sept." is a month; "Mexico" is not New
    # Mexico's surname (1 of its 3 documents names New Mexico); "Dr. Florida": 1 of 4 mentions after a title
    assert found.values.tolist() == [
        ["Florida", "Florida", "person", "discovered: 4 mentions in 3 documents"],
        ["Mexico", "Mexico", "unknown", "discovered: 3 mentions in 3 documents"],
        ["Gonzalo Curiel", "Gonzalo Curiel", "person", "discovered: 2 mentions in 2 documents"],
        ["Iraq", "Iraq", "unknown", "discovered: 2 mentions in 2 documents"],
        ["New Mexico", "New Mexico", "unknown", "discovered: 2 mentions in 2 documents"],
    ]
    monkeypatch.setattr(discover, "MIN_TITLED_SHARE", 0.3)  # 1 of 4 after a title is now too few
    assert discover.discover_actors(docs, min_mentions=2, min_documents=2)["kind"].tolist()[0] == "unknown"


PLACE_TEXTS = [
    "Reporters said Sen. Jack Kingston spoke in New York on Monday. Aides said Kingston was late. Tourists in "
    "North Korea were detained, and Korea experts said little. Critics said Rush Limbaugh mocked them.",
    "On Tuesday Rep. Jack Kingston disagreed. Roads in Kingston were closed, and shops near Kingston were shut. "
    "Many residents of New York said Rush Limbaugh was wrong, and Limbaugh said nothing. Fans met at the Limbaugh "
    "show in Limbaugh's studio.",
    "Storms hit Kingston again. Roads in Kingston were flooded. Flights from New York to North Korea resumed. "
    "Officials in North Korea said Korea would talk. Later, Limbaugh said so. Few had faith in Limbaugh at all. "
    "In New York, crowds cheered.",
]


def test_discover_actors_does_not_make_places_persons_by_their_last_word(monkeypatch):
    import framing.actors.discover as discover

    docs = pd.DataFrame({"doc_id": list("abc"), "outlet": list("XYZ"), "text": PLACE_TEXTS})
    found = discover.discover_actors(docs, min_mentions=2, min_documents=2)
    # "Kingston": 3 of its 5 mentions after "in"/"near" and none after a title: a place, not the surname of
    # Sen. Jack Kingston (its own actor).  "Korea" is North Korea's last word but North Korea is used as a
    # place (2 of 5 mentions after "in"): unknown, not a person by its surname.  "Limbaugh": one mention after
    # "in" of 7 ("the Limbaugh show" and "in Limbaugh's studio" are no place uses): a person by his surname.
    # "In New York, crowds cheered": the sentence's first word counts too
    assert found.values.tolist() == [
        ["Rush Limbaugh", "Rush Limbaugh", "person", "discovered: 2 mentions in 2 documents"],
        ["Rush Limbaugh", "Limbaugh", "person", "discovered: 5 mentions in 2 documents"],
        ["Kingston", "Kingston", "unknown", "discovered: 5 mentions in 3 documents"],
        ["North Korea", "North Korea", "unknown", "discovered: 3 mentions in 2 documents"],
        ["North Korea", "Korea", "unknown", "discovered: 2 mentions in 2 documents"],
        ["New York", "New York", "unknown", "discovered: 4 mentions in 3 documents"],
        ["Jack Kingston", "Jack Kingston", "person", "discovered: 2 mentions in 2 documents"],
    ]
    # (form, after a title, modifier, after an article or a preposition of place): "The Hill" at a sentence's
    # end is the paper's article; "the Mueller report" the report's
    text = "In New York, crowds cheered. Aides told The Hill. Aides read the Mueller report."
    assert discover._sequences(text, [0, 29, 50]) == [
        ("New York", False, False, True), ("Hill", False, False, True), ("Mueller", False, False, False)]
    monkeypatch.setattr(discover, "MIN_CUED_SHARE", 0.5)  # 2 of 5 after "in" is now too few for a place
    kinds = discover.discover_actors(docs, min_mentions=2, min_documents=2).drop_duplicates("actor")
    assert dict(zip(kinds["actor"], kinds["kind"], strict=True)) == {
        "Rush Limbaugh": "person", "Kingston": "unknown", "North Korea": "person", "New York": "unknown",
        "Jack Kingston": "person"}


def test_discover_actors_a_titled_surname_used_as_a_place_stays_an_alias(monkeypatch):
    import framing.actors.discover as discover

    texts = ["Aides said Sen. Tom Shelby voted no. Later, Sen. Shelby said no again. A trial in Shelby was delayed.",
             "Critics said Tom Shelby was wrong. Voters in Shelby said so, and Shelby was angry."]
    docs = pd.DataFrame({"doc_id": ["x", "y"], "outlet": ["X", "Y"], "text": texts})
    # "Shelby": 2 of 4 mentions after "in", but 1 of 4 after "Sen.": the surname (titles outweigh places)
    assert discover.discover_actors(docs, min_mentions=2, min_documents=2).values.tolist() == [
        ["Tom Shelby", "Tom Shelby", "person", "discovered: 2 mentions in 2 documents"],
        ["Tom Shelby", "Shelby", "person", "discovered: 4 mentions in 2 documents"],
    ]
    monkeypatch.setattr(discover, "MIN_TITLED_SHARE", 0.5)  # 1 of 4 after a title is now too few
    assert discover.discover_actors(docs, min_mentions=2, min_documents=2).values.tolist() == [
        ["Shelby", "Shelby", "unknown", "discovered: 4 mentions in 2 documents"],
        ["Tom Shelby", "Tom Shelby", "person", "discovered: 2 mentions in 2 documents"],
    ]
