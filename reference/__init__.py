"""hcsdoc reference: hcsshim v0.11.8 ``createWindowsContainerDocument`` in pure Python (stdlib only)."""
