"""Sharing one case: with another organisation or one person (read-only or as editor), and
as a public read-only link to one version's results and report."""
