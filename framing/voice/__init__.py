"""Voice layer: quotations, speakers, reported speech and attribution stance.

A loaded term in the outlet's own sentence and the same term inside a quotation are
different facts.  This module finds, in the cleaned text (``documents.text``):

* **quotations** (:func:`quotes`) with a one-pass scanner over the quotation marks of
  each paragraph (straight, curly, low-high ``„…“``, guillemets ``«…»``, nested single
  quotes, mixed straight/curly pairs, news-style multi-paragraph quotations), telling
  apostrophes (``it’s``, ``Belarus’ border``) from quotation marks;
* **speakers** from the attribution patterns news uses (``"…," X said``,
  ``said X``, ``X told Y``, ``according to X``, ``X said: "…"``, ``X dismissed the
  "…"``, ``…, NAME, calling … "…"``), with pronouns and role nouns ("he", "the
  president", "the statement") resolved only when one named candidate fits;
* **reported speech** (:func:`sentence_voice`): sentences whose main clause attributes
  a claim ("Protesters allege …", "X said in a statement.");
* a **voice** for every sentence and for any span table (:func:`label_spans`):
  ``author``, ``quote``, ``fragment`` (a quotation of 1-4 words, often a distancing
  "scare" quote) or ``reported``;
* **attribution stance** (:func:`attribution_stance`, :func:`stance_table`): every
  attribution verb classified endorsing / distancing / neutral;
* **who speaks** (:func:`speakers`, :func:`quoted_share`) and loaded-term rates per voice
  (:func:`voice_rates`).

Everything is rule based and deterministic; no NLTK data or model is used.  Precision
comes before recall: a speaker the text does not make clear stays unknown (``NA``), and a
pronoun, bare determiner or clause fragment is never a speaker (``nonspeakers``).

Modules, in pipeline order: ``marks`` (the quotation-mark scanner), ``verbs`` (reporting
verbs and their forms), ``nonspeakers``, ``attribution`` (one document parsed: quotations, reported
speech, speakers; :class:`Analysis` keeps the parses), ``tables`` (the quotation,
sentence, span, word and speaker tables), ``rates`` (loaded-term rates per voice), ``stance`` (attribution
stance).  No state is
kept between calls: a call parses each document once; to reuse parses over several
calls, pass the tables (``quotes=``, ``sentences=``) or one :class:`Analysis` as
``analysis=``.

Sources.  The attribution grammar follows the quotation-attribution patterns of
Pareti (2015, *Attribution: a computational approach*, PhD thesis, Edinburgh) and the
rule-based quote extractors of Pouliquen, Steinberger & Best (2007, "Automatic detection
of quotations in multilingual news", RANLP) and O'Keefe et al. (2012, "A sequence
labelling approach to quote attribution", EMNLP).  Pronoun resolution to the preceding
salient named subject follows centering theory (Grosz, Joshi & Weinstein 1995,
*Computational Linguistics* 21(2)).  The endorsing / distancing classes of reporting
verbs follow Caldas-Coulthard (1994, "On reporting reporting") and Bergler (1992,
*Evidential analysis of reported speech*, PhD thesis, Brandeis).
"""

from framing.voice.attribution import DOC_NOUNS, FRAGMENT_MAX_WORDS, ROLE_NOUNS, TITLE_WORDS, Analysis
from framing.voice.rates import voice_rates
from framing.voice.stance import STANCE_ROWS, attribution_stance, stance_lexicon, stance_table
from framing.voice.tables import (
    QUOTES,
    SENTENCE_VOICE,
    VOICES,
    label_spans,
    quoted_share,
    quotes,
    sentence_voice,
    speakers,
    word_voices,
)
from framing.voice.verbs import FALLBACK_STANCE, GRAMMAR_LEMMAS, STANCES

__all__ = [
    "Analysis",
    "VOICES",
    "STANCES",
    "QUOTES",
    "quotes",
    "sentence_voice",
    "label_spans",
    "attribution_stance",
    "stance_table",
    "speakers",
    "quoted_share",
    "voice_rates",
    "word_voices",
    "stance_lexicon",
    "QUOTES",
    "SENTENCE_VOICE",
    "STANCE_ROWS",
    "FRAGMENT_MAX_WORDS",
    "FALLBACK_STANCE",
    "GRAMMAR_LEMMAS",
    "ROLE_NOUNS",
    "DOC_NOUNS",
    "TITLE_WORDS",
]
