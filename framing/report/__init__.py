"""The report: figure registry, plot functions (Axes in, Axes out), palette, notebook runner.

Everything here reads the analysis tables of the stages below (score, voice, sentiment,
actors, contrast, timeline) and draws them; nothing below imports from here.
"""
