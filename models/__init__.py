"""The knowledge base and review data: SQLModel tables, database set-up and data access.

No Qt here: everything in this package runs headless and is tested against real SQLite files.
"""
