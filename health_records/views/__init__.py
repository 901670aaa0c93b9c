"""Server-rendered pages. A view parses, calls one selector or service, renders (~15 lines)."""
