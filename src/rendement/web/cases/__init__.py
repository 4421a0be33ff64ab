"""Business cases and their versions: each version is the YAML document the CLI reads."""
