"""``python -m peerlib``: the command line (see peerlib.apps.cli)."""

import sys

from peerlib.apps.cli import main

sys.exit(main())
