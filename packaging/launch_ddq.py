"""Entry script of the packaged ``ddq`` executable (PyInstaller runs it as __main__)."""

from desktop.cli import run

run()
