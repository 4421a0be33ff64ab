"""Background work (achtergrondwerk): reports and large uncertainty runs, out of the request."""
