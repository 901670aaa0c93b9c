"""API views, one module per area; :mod:`.base` holds the shared list/detail/create shapes."""
