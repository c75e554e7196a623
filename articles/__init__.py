"""The bundled sample corpus: articles seeded into a new library on first run."""
