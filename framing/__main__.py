"""``python -m framing``: the command line (:func:`framing.cli.main`)."""

from framing.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
