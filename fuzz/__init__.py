"""hcsdoc fuzz: atheris harnesses for the reference converter."""
