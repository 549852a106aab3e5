"""Colours shared by the figures and the HTML display (no matplotlib needed here)."""

from __future__ import annotations

from collections.abc import Iterable

#: Okabe & Ito (2008) colour-blind-safe palette, "Color Universal Design"; outlets take
#: these in sorted order, so the same outlet has the same colour in every figure.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")

#: Colours for lexicon categories (tab10 minus its red/green pair, which clash for
#: deuteranopes, then greys), in sorted category order.
CATEGORY_COLORS = ("#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79")


#: The one hue every group takes when there are more groups than Okabe-Ito colours.
ONE_HUE = "#0072B2"


def fits_palette(n: int) -> bool:
    """True when ``n`` groups each get their own Okabe-Ito colour (a legend can name them)."""
    return n <= len(OKABE_ITO)


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """Colour of each outlet: Okabe–Ito colours in sorted outlet order.

    Colours never recycle: with more outlets than :data:`OKABE_ITO` every outlet gets
    :data:`ONE_HUE`, and figures name the outlets by direct labels instead of a legend.
    """
    names = sorted(set(outlets))
    if not fits_palette(len(names)):
        return dict.fromkeys(names, ONE_HUE)
    return {name: OKABE_ITO[i] for i, name in enumerate(names)}


def category_colors(categories: Iterable[str]) -> dict[str, str]:
    """Colour of each category, in sorted category order."""
    names = sorted(set(categories))
    return {name: CATEGORY_COLORS[i % len(CATEGORY_COLORS)] for i, name in enumerate(names)}
