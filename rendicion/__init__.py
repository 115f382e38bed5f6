"""The public-accountability site generator: results kept as YAML become a
static, searchable transparency site (see README.md).

The data path reads in one direction, one module a step: `load` (reading and
validating `content/` into the typed `model`) → `pages` (the page plan) →
`render` (HTML bodies) → `exports` and `feeds` (open data). `plugin/` is the
thin MkDocs glue; `macros` is what mkdocs-macros loads for hand-written pages.
"""
