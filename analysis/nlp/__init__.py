"""The spaCy model: loading it once, claimdiff's pipeline components, analysing a batch."""
