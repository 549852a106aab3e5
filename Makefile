# Two commands set everything up on a fresh machine:
#   make figures   regenerate every report figure from corpus/ (CORPUS=path for another corpus)
#   make test      run the test suite
# Both create .venv on first use (python3 -m venv, then pip install with the pinned
# versions of constraints.txt).  `make lab` opens the notebooks in JupyterLab.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
CORPUS ?= corpus
OUT    ?= $(if $(filter corpus,$(CORPUS)),figures,figures/$(notdir $(abspath $(CORPUS))))

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
	$(PY) -m framing report --corpus "$(CORPUS)" --out "$(OUT)"

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks

clean-venv:
	rm -rf $(VENV)
