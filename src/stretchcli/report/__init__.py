"""`stretch report`: the history summed up for a physiotherapist (model, formats, HTML)."""

FORMATS = ("html", "md", "csv", "json")  # here, so that the CLI can name them cheaply
