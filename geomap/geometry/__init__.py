"""Geometry: area shapes and movement corridors (shapely, pyproj)."""
