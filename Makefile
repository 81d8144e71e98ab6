# The two commands of the README:
#   make render   set everything up, then render the example data in data/ into output/ (PDF and Word)
#   make test     set everything up, then run the whole test suite
#   make serve    set everything up, then start the web form on SQLite with the example loaded
.PHONY: render test setup serve

setup:
	@bash scripts/setup.sh

render: setup
	.venv/bin/docgen render data/*.yaml -o output --format pdf,docx

test: setup
	.venv/bin/python -m pytest

serve: setup
	.venv/bin/docgen serve --datenbank sqlite:///docgen-web.sqlite3 --beispiel data/landkreis-maerkische-heide.yaml
