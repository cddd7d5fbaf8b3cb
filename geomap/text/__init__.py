"""Text: orthographic normalization with an offset map back to the original, and words."""
