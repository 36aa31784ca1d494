"""The history of sessions and reminders in SQLite, and its writer thread (what a run
records as it goes is the session's: `session/recorder.py`)."""
