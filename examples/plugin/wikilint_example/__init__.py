"""An example wikilint plugin."""
