"""Lexicon readers, validation, extension and selection."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.lexicon import LEXICON, STANCE_CATEGORIES, Lexicon, LexiconError, load_lexicon, loaded_mask

FIX = Path(__file__).parent / "fixtures" / "lexicons"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# built-in ------------------------------------------------------------------------------


def test_builtin_lexicon_shape_and_selection():
    lex = load_lexicon()
    assert list(lex.table.columns) == list(LEXICON)
    assert len(lex) == 686  # 620 before issue 26: two categories (attack_reporting, evaluative) added
    assert int(lex.table["pattern"].sum()) == 10
    assert set(STANCE_CATEGORIES) <= set(lex.categories)
    loaded, stance = lex.loaded(), lex.stance()
    assert len(loaded) + len(stance) == len(lex)
    assert not set(loaded.categories) & set(STANCE_CATEGORIES)
    assert stance.categories == sorted(STANCE_CATEGORIES)
    row = lex.table.set_index("term").loc["foreign-backed"]
    assert (row["category"], row["technique"], row["polarity"]) == (
        "delegitimizing_attribution",
        "Name_Calling,Labeling",
        -1,
    )
    assert row["source"] == "framing/data/lexicon.csv:2"


def test_select_categories_and_errors():
    lex = load_lexicon()
    two = lex.select(categories=["dismissal", "extremist_label"])
    assert two.categories == ["dismissal", "extremist_label"]
    assert len(two) == 57 + 44
    assert lex.select(exclude="pejorative").categories == [c for c in lex.categories if c != "pejorative"]
    with pytest.raises(ValueError, match="categories: unknown categor.*nonsense"):
        lex.select(categories=["nonsense"])


# readers -------------------------------------------------------------------------------


def test_read_csv_fixture():
    lex = load_lexicon(FIX / "mine.csv")
    t = lex.table
    assert len(t) == 12
    assert t["term"].tolist()[:4] == ["foreign-backed", "U.S.-backed", "(sic)", "C++"]
    assert t["pattern"].tolist() == [False] * 11 + [True]
    assert t["technique"].iloc[0] == "Name_Calling,Labeling"
    assert t["polarity"].tolist()[:3] == [-1, -1, 0]
    assert t["source"].iloc[2].endswith("mine.csv:4")
    assert lex.name == "mine.csv"


def test_read_tsv_fixture():
    t = load_lexicon(FIX / "mine.tsv").table
    assert t[["term", "category", "polarity", "note"]].values.tolist() == [
        ["baseless", "dismissal", 0, "tab separated"],
        ["sham vote", "illegitimacy", 0, "phrase"],
    ]


def test_read_yaml_records_fixture():
    t = load_lexicon(FIX / "mine.yaml").table
    assert t[["term", "category", "technique", "polarity"]].values.tolist() == [
        ["baseless", "dismissal", "", -1],
        ["puppet*", "puppetry", "Name_Calling,Labeling", 0],
    ]
    assert t["source"].str.endswith(("mine.yaml:entry 1", "mine.yaml:entry 2")).all()


def test_read_quanteda_yaml_nested_keys_become_categories():
    t = load_lexicon(FIX / "quanteda.yml").table
    assert t[["term", "category"]].values.tolist() == [
        ["rigged", "loaded.fraud"],
        ["sham election", "loaded.fraud"],
        ["foreign-backed", "loaded.foreign"],
        ["baseless", "dismissal"],
    ]
    assert t["source"].iloc[1].endswith("quanteda.yml:loaded.fraud[2]")


def test_read_liwc_dic_multi_category_line():
    t = load_lexicon(FIX / "liwc.dic").table
    assert t[["term", "category"]].values.tolist() == [
        ["rigged", "fraud"],
        ["furious*", "anger"],
        ["scandal", "fraud"],
        ["scandal", "anger"],
    ]
    assert t["source"].iloc[3].endswith("liwc.dic:7")


# extend / replace ----------------------------------------------------------------------


def test_extend_builtin_conflict_error_and_policies():
    with pytest.raises(
        LexiconError, match=r"mine\.csv:2: term 'foreign-backed' is already in built-in .*6 term\(s\) in both"
    ):
        load_lexicon(FIX / "mine.csv", extend=True)
    replaced = load_lexicon(FIX / "mine.csv", extend=True, on_conflict="replace")
    t = replaced.table.set_index("term")
    assert t.loc["foreign-backed", "category"] == "puppetry"
    assert t.loc["regime", "category"] == "illegitimacy"
    kept = load_lexicon(FIX / "mine.csv", extend=True, on_conflict="keep").table.set_index("term")
    assert kept.loc["foreign-backed", "category"] == "delegitimizing_attribution"
    assert kept.loc["C++", "category"] == "editorial"
    # foreign-backed, destabiliz*, regime, fake news, fake and neo-nazi are built-in rows too
    assert len(replaced) == 686 + 12 - 6
    assert len(kept) == len(replaced)


def test_extend_rejects_non_lexicon_and_bad_policy():
    lex = load_lexicon(FIX / "mine.tsv")
    with pytest.raises(TypeError, match="other must be a Lexicon"):
        lex.extend(pd.DataFrame())
    with pytest.raises(ValueError, match="on_conflict must be"):
        lex.extend(lex, on_conflict="merge")


def test_from_table():
    lex = Lexicon.from_table(pd.DataFrame({"term": ["Sham", "rigged"], "category": ["fraud", "fraud"]}), name="df")
    assert lex.table["source"].tolist() == ["df:1", "df:2"]
    assert lex.table["pattern"].tolist() == [False, False]
    with pytest.raises(LexiconError, match="df: unknown column"):
        Lexicon.from_table(pd.DataFrame({"term": ["a"], "category": ["b"], "weight": [1]}), name="df")


# bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.csv", b"term,category\nsham,fraud\nr\xe9gime,fraud\n", r"bad\.csv:3: not UTF-8 \(byte 0xe9"),
        ("cols.csv", "term,category,weight\nsham,fraud,1\n", r"cols\.csv:1: unknown column\(s\) 'weight'"),
        ("miss.csv", "term,note\nsham,x\n", r"miss\.csv:1: missing column\(s\) category"),
        ("empty.csv", "term,category\nsham,fraud\n  ,fraud\n", r"empty\.csv:3: empty term"),
        ("nocat.csv", "term,category\nsham,\n", r"nocat\.csv:2: empty category for term 'sham'"),
        (
            "conflict.csv",
            "term,category\nsham,fraud\nrigged,fraud\nSham,dismissal\n",
            r"conflict\.csv:4: term 'Sham' \(category dismissal\) conflicts with .*conflict\.csv:2",
        ),
        (
            "variant.csv",
            "term,category\nneo-nazi,extremist\nneonazi,hate\n",
            r"variant\.csv:3: term 'neonazi' \(category hate\) conflicts with .*variant\.csv:2",
        ),
        ("dup.csv", "term,category\nsham,fraud\nsham,fraud\n", r"dup\.csv:3: term 'sham' duplicates .*dup\.csv:2"),
        (
            "pat.csv",
            "term,category,pattern\nsham,fraud,false\nfoo(bar,fraud,true\n",
            r"pat\.csv:3: pattern 'foo\(bar' does not compile",
        ),
        ("cap.csv", "term,category,pattern\n(foo|bar),x,true\n", r"cap\.csv:2: pattern .* has a capturing group"),
        ("emptypat.csv", "term,category,pattern\na*,x,true\n", r"emptypat\.csv:2: pattern 'a\*' matches the empty"),
        ("flag.csv", "term,category,pattern\nsham,x,maybe\n", r"flag\.csv:2: pattern must be true or false"),
        ("pol.csv", "term,category,polarity\nsham,x,2\n", r"pol\.csv:2: polarity must be -1, 0 or 1"),
        ("fields.csv", "term,category\nsham,x,extra\n", r"fields\.csv:2: 3 fields where the header has 2"),
        ("star.csv", "term,category\n*,x\n", r"star\.csv:2: term '\*' has nothing to match"),
        ("list.yaml", "- term: sham\n  category: fraud\n- term: ''\n  category: fraud\n", r"list\.yaml:entry 2: empty"),
        ("key.yaml", "- term: sham\n  category: fraud\n  weight: 2\n", r"key\.yaml:entry 1: unknown key\(s\) 'weight'"),
        ("broken.yaml", "a: [b\n", r"broken\.yaml:2: not valid YAML"),
        ("q.yml", "fraud:\n  - sham\n  - ''\n", r"q\.yml:fraud\[2\]: empty term"),
        ("nohead.dic", "rigged\t1\n", r"nohead\.dic:1: a \.dic file starts with a line holding only %"),
        ("open.dic", "%\n1\tfraud\n", r"open\.dic: the category header is not closed"),
        ("num.dic", "%\n1\tfraud\n%\nrigged\t1\nsham\t3\n", r"num\.dic:5: category number '3' is not in the header"),
        ("nonum.dic", "%\n1\tfraud\n%\nrigged\n", r"nonum\.dic:4: term 'rigged' has no category number"),
        ("mine.json", "{}", r"mine\.json: unknown lexicon format '\.json'"),
    ],
)
def test_bad_files_name_file_and_row(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(LexiconError, match=message):
        load_lexicon(path)


def test_missing_file():
    with pytest.raises(LexiconError, match="does not exist"):
        load_lexicon("no/such/lexicon.csv")


def test_a_compiled_lexicon_pickles_without_its_matchers_and_matches_the_same():
    import pickle

    from framing.score import hits

    lex = load_lexicon()
    docs = [("a", "A foreign-backed, so-called regime; baseless claims.")]
    before = hits(docs, lex, sentences=False)  # compiles the matchers
    assert lex._compiled
    copy = pickle.loads(pickle.dumps(lex))
    assert copy._compiled == {} and copy.name == lex.name and copy.table.equals(lex.table)
    after = hits(docs, copy, sentences=False)
    pd.testing.assert_frame_equal(before, after)
    assert before["term"].tolist() == ["foreign-backed", "so-called", "regime", "baseless", "claims"]


def test_loaded_mask_is_the_one_stance_filter():
    cats = pd.Series(["b", "stance_neutral", "a", "stance_mine", None], index=[5, 4, 3, 2, 1])
    assert loaded_mask(cats).tolist() == [True, False, True, False, True]
    assert loaded_mask(cats).index.tolist() == [5, 4, 3, 2, 1]
    assert loaded_mask(cats, "a").tolist() == [False, False, True, False, False]
    assert loaded_mask(cats, ["stance_mine", "b"]).tolist() == [True, False, False, True, False]
    assert loaded_mask(pd.Series([], dtype=object)).dtype == bool
    assert loaded_mask(cats.astype("category")).tolist() == [True, False, True, False, True]
