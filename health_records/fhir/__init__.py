"""FHIR R4 export: pure functions from model instances to FHIR JSON dicts (no I/O, no queries)."""
