"""Staff tools: the admin of people and cases, edit locking, CSV import and export, roles."""
