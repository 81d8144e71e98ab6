# The two commands of the README:
#   make render   set everything up, then render the example data in data/ into output/ (PDF and Word)
#   make test     set everything up, then run the whole test suite
.PHONY: render test setup

setup:
	@bash scripts/setup.sh

render: setup
	.venv/bin/docgen render data/*.yaml -o output --format pdf,docx

test: setup
	.venv/bin/python -m pytest
