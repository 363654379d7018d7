"""Bundled data: the seed knowledge base, questionnaire templates and fonts (no code)."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
KB_DIR = RESOURCES_DIR / "kb"
TEMPLATES_DIR = RESOURCES_DIR / "templates"
