"""Django's SQLite backend, creating the database file private to this user (0600)."""
