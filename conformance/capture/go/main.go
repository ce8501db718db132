//go:build windows

// Command hcsdoc-capture runs hcsshim's createWindowsContainerDocument on hcsdoc cases: the adapter protocol of
// docs/case-format.md section 3 on stdin/stdout. Added to a throw-away copy of hcsshim by the hcsdoc capture build.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/sirupsen/logrus"

	"github.com/Microsoft/hcsshim/internal/hcsoci"
)

func main() {
	// hcsshim logs through logrus; the log never changes a result and stdout carries the protocol.
	logrus.SetOutput(io.Discard)
	logrus.SetLevel(logrus.PanicLevel)
	if err := hcsoci.HcsdocServe(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hcsdoc-capture:", err)
		os.Exit(1)
	}
}
