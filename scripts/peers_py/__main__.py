"""`python -m peers_py`: the peers runner's command line (see cli.py)."""
import sys

from .cli import main

sys.exit(main(sys.argv[1:]))
