"""Demo data steps called by ``manage.py seed_demo``, one module per area, each idempotent."""
