"""Client cases in the web app: a cohort per upload, visible only to the members of its
organisation who may see client data (never called ``case``: that is the business case)."""
