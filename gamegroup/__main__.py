"""``python -m gamegroup`` runs the ``gamegroup`` command."""

import sys

from gamegroup.experiments.cli import main

sys.exit(main())
