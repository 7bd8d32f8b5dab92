"""`python3 -m hooks.metodbanken …` from a checkout; `metodbanken …` or `python3 -m metodbanken …` once installed."""

import sys
from pathlib import Path

if __package__ != "metodbanken":
    # Run from a checkout as hooks.metodbanken: load the modules under the package's one name,
    # metodbanken, as the MkDocs hook, the tests and the installed command do.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metodbanken.cli import main

sys.exit(main())
