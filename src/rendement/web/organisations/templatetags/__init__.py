"""Template tags of the organisations app."""
