"""One parsed article: claims, attribution, quantities, times, entity mentions and roles."""
