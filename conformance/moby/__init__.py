"""Docker Engine's own OCI-to-HCS conversion (moby's ``libcontainerd/local``) as a checkable implementation."""
