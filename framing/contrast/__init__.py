"""Lexical contrast between groups of documents (outlets): Fightin' Words, keyness, uncertainty.

Units
    A *unit* is what gets counted.  :func:`unit_spans` turns the tokens of
    :func:`framing.text.tokens` into units, in this order:

    0. tokens inside a web or e-mail address or a handle (:data:`~framing.contrast.units.ADDRESS`:
       "FoxNews.com", "https://…", "letters@usatoday.com", "@FoxNews") are no units: they name
       a channel (often the outlet's own site), not words of the text; nor is the "a.m."/"p.m."
       of a clock time (:data:`~framing.contrast.units.CLOCK_TIME`: "5 p.m.", "5:30pm",
       "12:20 PM", any case, with or without dots, right after an hour with optional minutes),
       which is reporting format ("British PM", with no clock number before it, stays a unit);
    1. dotted acronyms ("U.S.", "E.U.") become one unit of their letters ("us", "eu");
    2. each phrase of ``phrases`` (multi-word or hyphenated lexicon terms such as
       "regime propaganda", "foreign-backed") is matched on the token sequence of a
       sentence, longest phrase first, left to right; a matched phrase is one unit and
       its tokens are not counted again as words;
    3. every other token is a word unit: its ``norm`` (lower case, straight apostrophes)
       with a final possessive ``'s`` or ``'`` removed, so "Lukashenko’s", "Lukashenko's"
       and "Lukashenko" are one type (a contraction such as "it's" also becomes "it");
    4. word units without a letter (numbers such as "2014", "80") are dropped, and so
       are stop words (see :data:`DEFAULT_STOP_WORDS`), except a token written in
       capitals (length ≥ 2) inside a sentence that is not itself all capitals: "US" in
       "US special services" is an acronym, not the pronoun.  A stop word in capitals is
       kept so only when it is at most 3 letters long ("US", "IT", "WHO", "AM") and stands
       apart from other capitals: longer ones ("MORE", "ALSO", "ONLY") are emphasis or a
       page's link labels ("… MORE"), not acronyms.

    No lemmatizer is used ("protest" and "protests" are two types).  Every unit keeps its
    character span into ``documents.text``; every count below is a count of those spans.

Statistics
    :func:`fightin_words` -- log-odds ratio with an informative Dirichlet prior and its
    z-score (Monroe, Colaresi & Quinn 2008, "Fightin' Words", Political Analysis 16(4),
    eqs. 16, 18-22).  :func:`keyness` -- signed chi², likelihood-ratio G² and PMI of a
    target group against a reference, as ``quanteda.textstats::textstat_keyness``
    defines them (Dunning 1993 for G²; Williams 1976 for the G² correction).

Uncertainty
    With one document per group, nothing can be said about the outlets' other articles
    (document-level inference is impossible): z-scores reflect word-level sampling only.
    :func:`bootstrap_log_odds`, :func:`loaded_rate_interval` and :func:`permutation_test`
    resample *sentences* within the documents in that case (a statement about these
    articles only), and *documents* when every compared group has at least two.
    Resampling is vectorized: count matrices over sentences (or documents) times
    multinomial bootstrap weights or permutation indicators.  Every table carries the
    plain-language caveat in ``frame.attrs["note"]``.

Spread
    A group that pools outlets (a lean, a topic) can have a "key" unit that one of its
    outlets writes and the others do not (page furniture, a host's name).
    :func:`source_spread` and :func:`pair_spread` give each unit's spread over the outlets of a
    side, with Gries's deviation of proportions (dp); :func:`concentrated` names the units with
    dp >= :data:`MAX_DP`, which the report's keyness and distinctive-words figures leave out.

Layout
    :mod:`~framing.contrast.units` (stop words, units), :mod:`~framing.contrast.table` (the count
    table built once, :func:`unit_table`; group labels),
    :mod:`~framing.contrast.fightin` (Fightin' Words, keyness),
    :mod:`~framing.contrast.groups` (group labels from any columns; every one-vs-rest or
    pairwise comparison with Benjamini-Hochberg adjusted p-values: ``compare_groups``) and
    :mod:`~framing.contrast.uncertainty` (bootstrap, permutation, design) and
    :mod:`~framing.contrast.spread` (how a unit's uses spread over the outlets of a group), on top of
    :mod:`framing.stats`.  Every public name is importable from ``framing.contrast``.
"""

from framing.contrast.fightin import (
    CORRECTIONS,
    DEFAULT_ALPHA0,
    MEASURES,
    MIN_COUNT,
    WORDFREQ_FLOOR,
    fightin_words,
    keyness,
    keyness_stats,
    log_odds_delta,
    prior_alpha,
    top_distinctive,
)
from framing.contrast.groups import (
    COMPARISON_COLUMNS,
    DESIGNS,
    JOIN,
    MISSING,
    P_ADJUST,
    choose_message,
    compare_groups,
    group_labels,
    group_sizes,
)
from framing.contrast.spread import MAX_DP, SPREAD_COLUMNS, concentrated, pair_spread, side_spread, source_spread
from framing.contrast.table import UnitTable, count_units, unit_table
from framing.contrast.uncertainty import (
    RESAMPLING,
    bootstrap_log_odds,
    group_design,
    loaded_rate_interval,
    permutation_test,
)
from framing.contrast.units import (
    CONTENT_WORDS,
    DEFAULT_STOP_WORDS,
    DOCUMENT_NOTE,
    HONORIFICS,
    NEGATIONS,
    ONE_DOCUMENT_NOTE,
    OUTLET_WORDS,
    REST,
    SENTENCE_NOTE,
    UNIT_SPANS,
    HouseStyle,
    house_style_terms,
    read_stop_words,
    self_name,
    stop_word_list,
    unit_of,
    unit_spans,
)

__all__ = [
    "COMPARISON_COLUMNS", "DESIGNS", "JOIN", "MISSING", "P_ADJUST", "choose_message", "compare_groups",
    "group_labels", "group_sizes",
    "CONTENT_WORDS", "CORRECTIONS", "DEFAULT_ALPHA0", "DEFAULT_STOP_WORDS", "DOCUMENT_NOTE", "MEASURES",
    "NEGATIONS", "ONE_DOCUMENT_NOTE", "RESAMPLING", "REST", "SENTENCE_NOTE", "UNIT_SPANS", "WORDFREQ_FLOOR",
    "bootstrap_log_odds", "count_units", "fightin_words", "group_design", "keyness", "keyness_stats",
    "loaded_rate_interval", "log_odds_delta", "permutation_test", "prior_alpha", "stop_word_list",
    "top_distinctive", "unit_of", "unit_spans",
]
__all__ += ["HONORIFICS", "OUTLET_WORDS", "HouseStyle", "house_style_terms", "read_stop_words", "self_name"]
__all__ += ["MIN_COUNT", "UnitTable", "unit_table"]
__all__ += ["MAX_DP", "SPREAD_COLUMNS", "concentrated", "pair_spread", "side_spread", "source_spread"]
