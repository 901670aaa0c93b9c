"""Every write, as ``<entity>_<verb>`` functions: keyword-only, atomic, ``full_clean()`` first."""
