"""The history of sessions: the SQLite store, its writer thread, and the recorder of a run."""
