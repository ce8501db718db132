"""hcsshim ``internal/hcsoci``: the container document builder and the parts of the package it calls, one module
per Go file (``create.go``, ``resources.go``, ``resources_wcow.go``, ``devices.go``, ``hcsdoc_wcow.go``)."""
