"""The names of the reminders' small files in the state folder (this module imports nothing:
`stretch due` reads it on every prompt)."""

CACHE = "due.cache"  # `stretch due`'s kept answer
HERE = "here"  # its time is the last prompt drawn: the person was at the keyboard
PRESENCE = "presence"  # what each reminder check saw (remind/presence_log.py)
CHECK_LOCK = "remind-check.lock"  # held while a check decides and records a reminder
FAILED = "remind-failed"  # the time of the last reminder this machine could not show
MANIFEST = "remind-installed.json"  # what `remind on` installed, and the zone it gave the check
