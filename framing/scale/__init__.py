"""Scale: who runs the batches (processes for archives, Dask partitions); nothing of its own.

Both call the per-batch scoring of :mod:`framing.score` and the sums of
:mod:`framing.timeline`, so their results equal the in-memory ones.
"""
