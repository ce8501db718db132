from hcsdoc.conformance.moby.report import main

raise SystemExit(main())
