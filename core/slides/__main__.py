"""``python -m core.slides``: the deck command line (core.slides.cli)."""

import sys

from core.slides.cli import main

sys.exit(main())
