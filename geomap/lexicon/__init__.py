"""Hand-kept word lists of Arabic news usage (non-place names, directions, nisba adjectives)."""
