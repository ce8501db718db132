module hcsdoc.test/gooracle

go 1.26

require github.com/opencontainers/runtime-spec v1.0.3-0.20210326190908-1c3f411f0417
