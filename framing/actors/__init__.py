"""Actors: a gazetteer of the story's actors, their mentions, names, labels and sentiment.

:mod:`~framing.actors.gazetteer` reads a gazetteer (:func:`load_actors`; the built-in
one, ``framing/data/actors.csv``, is the Belarus seed story's) and uses it: mentions,
surface forms, labels, sentiment, the outlet x actor summary (rules there).
:mod:`~framing.actors.discover` proposes a gazetteer for any corpus
(:func:`discover_actors`).  Every function that uses a gazetteer takes it as ``actors=``.
"""

from framing.actors.discover import ORG_WORDS, PERSON_TITLES, TITLES, discover_actors
from framing.actors.gazetteer import (
    ACTORS,
    FORMS,
    KINDS,
    LABELS,
    MENTIONS,
    NP_BREAKERS,
    SUMMARY,
    ActorsError,
    actor_forms,
    actor_labels,
    actor_sentiment,
    actor_summary,
    load_actors,
    mentions,
)

__all__ = [
    "ACTORS", "MENTIONS", "FORMS", "LABELS", "SUMMARY", "KINDS", "NP_BREAKERS", "ORG_WORDS", "PERSON_TITLES",
    "TITLES", "ActorsError", "load_actors", "mentions", "actor_forms", "actor_labels", "actor_sentiment",
    "actor_summary", "discover_actors",
]
