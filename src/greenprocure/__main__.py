"""``python -m greenprocure`` runs the command line."""

import sys

from greenprocure.cli import main

sys.exit(main())
