"""Input and output: GeoJSON and GeoDataFrames of reports."""
