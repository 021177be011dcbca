"""`python -m bot`: the same as the `tanya` command."""

from bot.cli import main

raise SystemExit(main())
