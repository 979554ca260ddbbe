"""``python -m peerlib``: the command line (see peerlib.cli)."""

import sys

from peerlib.cli import main

sys.exit(main())
