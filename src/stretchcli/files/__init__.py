"""Files on disk: where they live, reading them safely, checking them, the catalog, the config."""
