"""Shared fixtures: the project's own two-article corpus, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

import framing as fr

ROOT = Path(__file__).resolve().parents[1]
FOX = "fox-2020-08-23"
UNNAMED = "unnamed-2020-11"


@pytest.fixture(scope="session")
def corpus() -> fr.Corpus:
    """The two seed articles from corpus/, cleaned."""
    return fr.load_corpus(ROOT / "corpus")


@pytest.fixture(scope="session")
def fox_text(corpus) -> str:
    return corpus.documents.set_index("doc_id").loc[FOX, "text"]


@pytest.fixture(scope="session")
def unnamed_text(corpus) -> str:
    return corpus.documents.set_index("doc_id").loc[UNNAMED, "text"]
