"""hcsdoc command line."""
