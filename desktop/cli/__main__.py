"""``python -m desktop.cli`` runs the ``ddq`` command line."""

from desktop.cli import run

run()
