"""Reminders: the schedule and the due check, the system schedulers, notifications."""
