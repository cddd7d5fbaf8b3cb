"""Maps: reports drawn as one folium map — layers, evidence popups, legend, base map, PNG."""
