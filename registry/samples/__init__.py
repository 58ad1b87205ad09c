"""Sample data: the seed article's facts, the synthetic generator, the benchmark's floor view."""
