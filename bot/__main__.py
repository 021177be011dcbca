"""`python -m bot`: the same as the `tanya` command."""

from bot.entry import main

raise SystemExit(main())
