"""Where the data lives: the SQLite file, its tables and migrations, locking, backups, files.

Nothing here knows what a claim or a review means; the packages above store their rows here.
"""
