"""Organisations (a municipality, a welfare organisation, a consultancy), their people and
roles: owner, editor, viewer."""
