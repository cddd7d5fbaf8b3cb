"""Relations: the areas a text names, the journeys it reports, and their counts."""
