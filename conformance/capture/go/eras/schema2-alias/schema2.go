//go:build windows

// Package hcsschema is added by the hcsdoc capture build to hcsshim releases before v0.8.17, whose HCS schema 2
// package is internal/schema2 (it moved to internal/hcs/schema2 in v0.8.17): the names our entry point uses, as
// aliases of the real types, so that the same entry point compiles against both layouts.
package hcsschema

import real "github.com/Microsoft/hcsshim/internal/schema2"

type (
	Version                       = real.Version
	ContainerCredentialGuardState = real.ContainerCredentialGuardState
	MappedDirectory               = real.MappedDirectory
)
