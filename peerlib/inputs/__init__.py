"""Reading and validating ``data/``: every loader, and the errors that name file, row and column. No analysis."""
