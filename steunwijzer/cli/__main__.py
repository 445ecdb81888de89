"""`python -m steunwijzer.cli`."""

from steunwijzer.cli.main import main

raise SystemExit(main())
