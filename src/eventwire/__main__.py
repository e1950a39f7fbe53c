from eventwire.cli import main

raise SystemExit(main())
