"""Needles: a line rule is tried only on lines holding a string every match of its pattern contains."""

from __future__ import annotations

import re
import string
from collections import Counter

import pytest

import framing as fr
from framing.clean import Rule, _rules_per_line, find_boilerplate, load_rules, rule_needles


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        (
            r"(?i).{0,200}\b(?:manage newsletters|(?:delivered|sent)\b.{0,40}\bto your inbox)\b.*",
            ("manage newsletters", "to your inbox"),
        ),
        (r"(?i)(?:newsletter )?sign[ -]?up\b.{0,120}\bnewsletters?\b.*", ("newsletter",)),
        (r"(?:hide caption \d+ of \d+|replay more videos)", ("hide caption ", "replay more videos")),
        (r"(?:ab)?cde", ("cde",)),  # an optional part is not required
        (r"a{0}bcd|x+bcdef", ("bcd",)),  # a repeat of at least one is; 'bcdef' holds 'bcd'
        (r"(abc)\1", ("abc",)),
        (r"(?i)abc|ABC", ("ABC",)),  # the same needle once
        (r"abc(?:def|)", ("abc",)),  # an empty alternative requires nothing
        (r"[A-Z]+ [0-9]+", None),  # no literal
        (r"ad|advertisement", None),  # shortest needle under 3 characters: tried on every line
        (r"(?=abc)x.*", None),  # a lookahead is not used
        ("\u0130stanbul", ("stanbul",)),  # İ lower-cases to two characters: not in a needle
    ],
)
def test_rule_needles(pattern, needles):
    assert rule_needles(re.compile(pattern)) == needles


def test_builtin_rule_needles():
    got = {r.name: rule_needles(r.pattern) for r in load_rules() if r.scope != "start"}
    assert got == {
        "promo": (" app", "click", "tap"),
        "agency_credit": ("contributed to this ",),
        "photo_caption": ("image", "photo", "picture", "video"),
        "related_headline": None,
        "copyright_notice": None,
        "newsletter_signup": (" not a robot", "by signing up", "in your inbox every ", "newsletter", "to your inbox"),
        "media_widget": ("caption", "enlarge this image", "image c", "just watched", "photos:",
                         "playback is unsupported", "replay more videos"),
        "reading_marker": None,
    }


def _rule(name, pattern, scope="line"):
    return Rule(name, scope, re.compile(pattern))


TEXT = "Lede line.\n\nSign up for the NEWSLETTER today\n\nwe sign up daily\n\nTHE END OF IT ALL\n\nlast"


def test_rules_per_line_skips_lines_without_a_needle():
    rules = [_rule("news", r"(?i)sign up\b.*\bnewsletter\b.*"), _rule("caps", "[A-Z ]+", "body_line")]
    needles = tuple(rule_needles(r.pattern) for r in rules)
    assert needles == (("newsletter",), None)
    # the line at 12 holds 'newsletter': both rules; 'we sign up daily' only the rule without needles
    assert _rules_per_line(TEXT, needles) == ({12: (0, 1)}, (1,))
    found = [(TEXT[s:e].strip(), n) for s, e, n in find_boilerplate(TEXT, rules)]
    assert found == [("Sign up for the NEWSLETTER today", "news"), ("THE END OF IT ALL", "caps")]


def test_a_rule_with_common_needles_is_tried_on_every_line():
    text = "\n".join(["the cat"] * 20 + ["read the news"])  # 20 line ends: at most 20 // 8 + 8 lines
    assert _rules_per_line(text, (("the",), ("news",))) == ({160: (0, 1)}, (0,))
    assert _rules_per_line(text, (("news",),)) == ({160: (0,)}, ())
    assert _rules_per_line("the cat\n" * 9, (("the",),)) == ({8 * i: (0,) for i in range(9)}, ())


@pytest.mark.parametrize("odd", ["\u017f", "\u0131", "\u0130", "\u212a"])  # long s, dotless i, İ, Kelvin sign
def test_characters_re_folds_unlike_str_lower_are_still_found(odd):
    rules = [_rule("news", r"(?i).{0,20}\bsign up for the newsletter kit\b.*")]
    plain = {"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"}[odd]
    line = "Sign up for the newsletter kit".replace(plain, odd)
    text = f"Lede.\n\n{line}\n\nBody."
    assert rules[0].pattern.fullmatch(line)
    assert [(text[s:e].strip(), n) for s, e, n in find_boilerplate(text, rules)] == [(line, "news")]


def test_ignorecase_classes_and_literals_fold_alike():
    """The unsafe-character list is read with a character class; re folds a literal the same way."""
    everything = "".join(map(chr, range(0x110000)))
    for ch in string.ascii_lowercase + "\u00e9\u03c3\u00b5":
        assert re.findall(f"[{ch}]", everything, re.IGNORECASE) == re.findall(ch, everything, re.IGNORECASE)
    assert [c for c in map(chr, range(0x110000)) if len(c.lower()) != 1] == ["\u0130"]


def test_user_rule_without_new_fields_keeps_working(tmp_path):
    (tmp_path / "a.txt").write_text("Lede.\n\nPlease SUBSCRIBE NOW to us\n\nsubscribe later\n\nBody.", encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rule]]\nname = "subscribe"\nscope = "line"\npattern = ".{0,50}\\\\bSUBSCRIBE NOW\\\\b.*"\n', encoding="utf-8"
    )
    (rule,) = load_rules(rules)
    assert rule_needles(rule.pattern) == ("SUBSCRIBE NOW",)
    c = fr.load_corpus(tmp_path, rules=rules, builtin_rules=False)
    assert c.documents["text"].tolist() == ["Lede.\n\nsubscribe later\n\nBody."]
    removed = c.removed[["start", "end", "rule", "text"]].values.tolist()
    assert removed == [[7, 35, "subscribe", "Please SUBSCRIBE NOW to us\n\n"]]


def test_a_pattern_of_another_engine_is_tried_on_every_line():
    regex = pytest.importorskip("regex")
    rule = Rule("posix", "line", regex.compile(r"[[:upper:]]+ NOW"))
    assert rule_needles(rule.pattern) is None
    text = "Lede.\n\nSUBSCRIBE NOW\n\nBody."
    assert find_boilerplate(text, [rule]) == [(7, 22, "posix")]


def _every_line(text, rules):
    """find_boilerplate as it was before needles: every rule on every content line."""
    found, taken_until = [], 0
    for rule in rules:
        if rule.scope == "start" and (m := rule.pattern.match(text)) and m.end() > 0:
            found.append((0, m.end(), rule.name))
            taken_until = m.end()
            break
    lines = [m for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    for i, m in enumerate(lines):
        if m.start() < taken_until:
            continue
        line = m.group()
        stripped = line.strip()
        for rule in rules:
            spared = rule.scope == "start" or (rule.scope == "body_line" and i == 0)
            if not spared and rule.pattern.fullmatch(stripped):
                s = m.start() + len(line) - len(line.lstrip())
                after = len(text) - s - len(stripped) - len(text[s + len(stripped):].lstrip())
                if s + len(stripped) + after < len(text):
                    found.append((s, s + len(stripped) + after, rule.name))
                else:
                    before = len(text[:s]) - len(text[:s].rstrip())
                    found.append((s - before, len(text), rule.name))
                break
    return sorted(found)


def test_needles_change_nothing_on_random_texts():
    import random

    rng = random.Random(22)
    words = ["Sign", "up", "newsletter", "NEWSLETTERS", "to", "your", "inbox", "delivered", "Enlarge", "this",
             "image", "toggle", "caption", "Hide", "Caption", "1", "of", "9", "AP", "contributed", "report.",
             "(Photo", "Credit:", "x)", "Copyright", "©", "2019", "Advertisement", "Read", "More", "THE", "U.S.",
             "click", "here", "get", "the", "app", "the", "cat", "sat", "on", "mat", "and", "said", "so", "\t",
             "date", "2020-08-23", "caf\u00e9", "\u2019s"]
    odd = ["\u017fign", "\u0131nbox", "\u0130MAGE", "\u212aIT", "\u03a3", "\u00b5"]  # folded unlike str.lower
    examples = [r.example for r in load_rules()] + [
        "Sign up for our newsletter", "Get the news delivered right to your inbox", "Hide Caption 3 of 9",
        "JUST WATCHED Talks Replay More Videos", "Media playback is unsupported on your device", "Ad",
        "Reuters contributed to this story", "(c) 2020 Example", "we sign up daily", "the cat sat here",
    ]
    user = [_rule("u1", r"(?i).{0,30}\bcat sat\b.*"), _rule("u2", r"(?:mat|inbox)+ .*", "body_line")]
    rules = load_rules() + user
    needles = tuple(rule_needles(r.pattern) for r in rules[1:])
    removed, with_needles = Counter(), 0
    for _ in range(400):
        vocabulary = words + odd if rng.random() < 0.25 else words
        lines = [
            rng.choice([str.upper, str.lower, str.swapcase, str.strip])(rng.choice(examples))
            if rng.random() < 0.3
            else " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 9)))
            for _ in range(rng.randint(1, 12))
        ]
        text = rng.choice(["", " date 2020-01-02 "]) + rng.choice(["\n", "\n\n", "\n \n"]).join(lines)
        found = find_boilerplate(text, rules)
        assert found == _every_line(text, rules), text
        removed.update(name for *_, name in found)
        with_needles += _rules_per_line(text, needles)[1] != tuple(range(len(needles)))
        for rule in rules[3:]:
            assert find_boilerplate(text, [rule]) == _every_line(text, [rule]), (rule.name, text)
    assert (with_needles, dict(sorted(removed.items()))) == (342, {
        "agency_credit": 76, "copyright_notice": 67, "date_marker": 208, "media_widget": 125, "newsletter_signup": 66,
        "photo_caption": 40, "promo": 39, "reading_marker": 91, "related_headline": 118, "u1": 21, "u2": 43,
    })
