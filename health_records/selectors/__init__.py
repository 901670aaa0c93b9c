"""Reads of children's data, each scoped by the viewer (STYLE.md: selectors)."""
