"""Plot functions and figure builders (placeholder; being written)."""
