"""Files: datasets and CSV files, parameters as JSON, and every read and write (bounded, atomic)."""
