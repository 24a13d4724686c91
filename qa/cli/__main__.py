"""``python -m qa.cli``: the same as the ``qa`` script."""

import sys

from qa.cli.main import main

sys.exit(main())
