"""Entry script of the packaged ``ddq-desk`` executable (PyInstaller runs it as __main__)."""

from desktop.app import main

raise SystemExit(main())
