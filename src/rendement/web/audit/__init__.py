"""Who did what, when: one row per write, written in the write's own transaction."""
