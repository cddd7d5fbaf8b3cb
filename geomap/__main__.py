"""`python -m geomap` runs the same CLI as the `geomap` console script."""
from .cli import main

raise SystemExit(main())
