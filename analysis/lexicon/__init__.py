"""Word lists and small tables analysis reads: data only, each list once, with its source."""
