"""`stretch report`: the history summed up for a physiotherapist (model, formats, HTML)."""

# Here, so that the CLI can name them without importing the report.
FORMATS = ("html", "md", "csv", "json")
DEFAULT_SINCE = "6w"  # chosen: about the time between two physiotherapy appointments
