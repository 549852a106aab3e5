"""YAML read without aliases: the one loader of lexicons and ``.txt`` front matter.

An alias (``*name``) repeats an anchored node; nested aliases grow exponentially ("billion
laughs": 613 bytes took 3.2 GB and 40 s before failing).  Lexicons and front matter never
need them, so :class:`NoAliasLoader` refuses the first one with :class:`AliasError`.
"""

from __future__ import annotations

import yaml


class AliasError(yaml.YAMLError):
    """A YAML alias (``*name``) where none is allowed; ``problem_mark`` says where."""

    def __init__(self, mark):
        super().__init__()
        self.problem = "aliases (*name) are not allowed: write the value out"
        self.problem_mark = mark

    def __str__(self) -> str:
        where = f" (line {self.problem_mark.line + 1})" if self.problem_mark is not None else ""
        return f"{self.problem}{where}"


class NoAliasLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that raises :class:`AliasError` at the first alias, before expanding it."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise AliasError(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def safe_load(text: str):
    """``yaml.safe_load`` of ``text`` with aliases refused (:class:`AliasError`, a ``yaml.YAMLError``)."""
    loader = NoAliasLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
