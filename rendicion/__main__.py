"""`python -m rendicion`: the same commands as `rendicion`."""

import sys

from .cli import main

sys.exit(main())
