//go:build windows

package main

// entry.go for Docker Engine v23: libcontainerd/local's client has Create (which calls createWindows).

import (
	"context"

	"github.com/docker/docker/libcontainerd/local"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func createContainer(id string, spec *specs.Spec) error {
	ctx := context.Background()
	c, err := local.NewClient(ctx, nil, "", "", nil)
	if err != nil {
		return err
	}
	return c.Create(ctx, id, spec, "", nil)
}
