"""Places: spot gazetteer names in text, judge which are places, resolve each to one entry."""
