"""The language server (pygls): a thin face over Document, rules and the fixer."""
