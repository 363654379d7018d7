"""Questionnaires: templates, importers, matching and answer composition (no Qt).

- ``questions``: the :class:`Question` every source turns into.
- ``templates``: template questions with their claim mappings; ``list_templates``.
- ``importers``: CSV, XLSX and VSAQ-style JSON files → questions with their locations.
- ``text`` / ``vocabulary`` / ``matching``: folding questionnaire vocabulary, the rules that
  say which claims decide which questions, and the deterministic matcher.
- ``compose``: verdict, text, flags and citations from claims.
- ``autofill``: :class:`ProposedAnswer`, ``iter_autofill`` (progress) and ``autofill``.
- ``review_builder``: ``start_review`` (one transaction) and ``review_answers``.
- ``writeback``: answers into the customer's XLSX/CSV, or the documented JSON.
"""
