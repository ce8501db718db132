import sys

from hcsdoc.cli import main

sys.exit(main())
