import sys

from stretchcli.cli import main

sys.exit(main())
