"""Data tables: word lists and reference data the analysis reads."""
