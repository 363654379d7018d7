"""Offline checkout of a team review (issue 16, point 4): ``checkout``, ``checkin``, ``marks``."""
