"""The cache every server process shares (a table in the app's database); this app only
makes that table, by a migration, so ``migrate`` alone prepares a database."""
