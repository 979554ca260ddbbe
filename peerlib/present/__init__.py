"""What a reader sees: labels, units and formats, figures, prose and the rows of reports/results.csv."""
