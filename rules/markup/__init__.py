"""Markup rules (WL1xx): what MediaWiki's own linter (Parsoid) and CheckWiki report about HTML
tags, quotes, tables, headings, file links and other wikitext markup."""
