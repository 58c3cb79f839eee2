"""Built-in rules, one module per rule, grouped by area. Installed as ``wikilint.rules``."""
