"""The REST API (``/api/v1/``, issue 7): DRF views over the same services and selectors as pages.

Views parse input with an input serializer, call one service or selector, and render with an
output serializer; serializers never write. Errors have one shape (:mod:`.exceptions`).
"""
