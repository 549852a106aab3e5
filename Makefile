# Two commands set everything up on a fresh machine:
#   make figures   regenerate every report figure from corpus/ into figures/; CORPUS=path writes to
#                  reports/<name>/ (OUT=folder to choose); BY, GROUPS, PAIR_BY, LEXICON, ACTORS, FREQ,
#                  TEXT_COLUMN, ID_COLUMN, ENCODING, METADATA_ENCODING, METADATA_SEP, DATE_FORMAT, ALIASES,
#                  STOP_WORDS, SEED pass the report's flags of those names
#   make test      run the test suite
# Both create .venv on first use (python3 -m venv, then pip install with the pinned
# versions of constraints.txt).  `make lab` opens the notebooks in JupyterLab.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
CORPUS ?= corpus
OUT    ?= $(if $(filter corpus,$(CORPUS)),figures,reports/$(notdir $(abspath $(CORPUS))))
# The report's settings: empty means the default of `framing report` (see `python -m framing report -h`).
REPORT_FLAGS := $(strip $(foreach v,BY GROUPS PAIR_BY LEXICON ACTORS FREQ TEXT_COLUMN ID_COLUMN ENCODING METADATA_ENCODING METADATA_SEP DATE_FORMAT ALIASES STOP_WORDS SEED,\
	$(if $($(v)),--$(subst _,-,$(shell echo $(v) | tr A-Z a-z)) "$($(v))")))

.PHONY: all setup test figures lab clean-venv

all: test

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest

figures: $(STAMP)
	$(PY) -m framing report --corpus "$(CORPUS)" --out "$(OUT)" $(REPORT_FLAGS)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks

clean-venv:
	rm -rf $(VENV)
