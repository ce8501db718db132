//go:build windows

// Package hcsdocseam answers hcsshim's questions about the machine from the hcsdoc case being run.
//
// The hcsdoc capture build (conformance/capture/build.py) copies this file into a throw-away copy of the
// hcsshim module as package hcsdocseam (at the module root, not under internal/, because the patched vendored
// go-winio imports it too) and rewires the few functions that touch the machine to the functions
// below (docs/case-format.md section 1.4). Under Wine the real answers would be Wine's, not Windows': that is
// why every error carries Windows' English text (Errno) instead of what FormatMessage says on this machine.
//
// A case that cannot be answered (a GUID that does not parse, an unknown file kind) is the case's fault, not
// hcsshim's: the seam panics with a Fault, which the entry point reports as "errored".
package hcsdocseam

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"
	"unicode/utf16"
	"unsafe"

	"github.com/Microsoft/go-winio/pkg/guid"
)

// Win32 error codes the seams use by name.
const (
	errorInvalidFunction = 1
	errorFileNotFound    = 2
	errorPathNotFound    = 3
	errorBadNetpath      = 53
)

// FileEntry is one value of host.files.
type FileEntry struct {
	Kind          string  `json:"kind"`
	Content       *string `json:"content"`
	ContentBase64 *string `json:"contentBase64"`
	ReadErrno     *uint32 `json:"readErrno"`
	Errno         *uint32 `json:"errno"`
}

// Host is the case's "host" object: one field per seam.
type Host struct {
	ProcessorCount int32                      `json:"processorCount"`
	OSBuild        uint16                     `json:"osBuild"`
	LayerIDs       map[string]json.RawMessage `json:"layerIds"`
	ResolvedPaths  map[string]json.RawMessage `json:"resolvedPaths"`
	Files          map[string]FileEntry       `json:"files"`
}

// NotApplicable is the panic value of a seam that this hcsshim release calls but the case format has no answer
// for (the entry point reports the case as skipped, with the reason).
type NotApplicable struct{ Reason string }

// Fault is the panic value of a seam that cannot answer because the case is malformed.
type Fault struct{ Msg string }

func (f Fault) Error() string { return "hcsdoc seam: " + f.Msg }

var current *Host

// SetHost makes h the host that answers until the next call (the capture process runs one case at a time).
func SetHost(h *Host) { current = h }

func host() *Host {
	if current == nil {
		panic(Fault{"no current case"})
	}
	return current
}

// Errno is a Win32 error whose text is Windows' English system message (table generated from
// reference/winerror.py), never the message of the machine running the capture.
//
// hcsshim inspects error codes with errors.As(err, &windows.Errno) (hcserror.Win32FromError): As answers that
// with the code. os.IsNotExist does not look through As, so the one call site that uses it is patched to call
// IsNotExist below.
type Errno uint32

func (e Errno) Error() string {
	// Go invents errno values from APPLICATION_ERROR on for POSIX names (EINVAL is one). syscall.Errno prints
	// those from Go's own table without asking Windows, so the real method is exact for them. Any other code
	// (an HRESULT such as 0x80070005, say) would go to FormatMessage, i.e. to Wine's texts: it takes the table.
	if uint32(e) >= 1<<29 && uint32(e) < 1<<29+goInventedErrnoCount {
		return syscall.Errno(e).Error()
	}
	if text, ok := windowsErrorTexts[uint32(e)]; ok {
		return text
	}
	// What syscall.Errno prints when FormatMessage has no text for the code.
	return fmt.Sprintf("winapi error #%d", uint32(e))
}

// As lets errors.As(err, *syscall.Errno) (i.e. *windows.Errno) see the Win32 code.
func (e Errno) As(target interface{}) bool {
	if p, ok := target.(*syscall.Errno); ok {
		*p = syscall.Errno(e)
		return true
	}
	return false
}

// Is mirrors syscall.Errno.Is (fs.ErrNotExist and friends by code).
func (e Errno) Is(target error) bool { return syscall.Errno(e).Is(target) }

// IsNotExist is os.IsNotExist for errors that may carry an Errno: true exactly for ERROR_FILE_NOT_FOUND,
// ERROR_PATH_NOT_FOUND and ERROR_BAD_NETPATH, as os.IsNotExist is for a real syscall.Errno on Windows.
func IsNotExist(err error) bool {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if e, ok := err.(Errno); ok {
		switch e {
		case errorFileNotFound, errorPathNotFound, errorBadNetpath:
			return true
		}
		return false
	}
	return os.IsNotExist(err)
}

func errnoOf(raw json.RawMessage, what string) Errno {
	var obj struct {
		Errno *uint32 `json:"errno"`
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&obj); err != nil || obj.Errno == nil {
		panic(Fault{fmt.Sprintf("%s: expected a string or {\"errno\": N}, got %s", what, raw)})
	}
	return Errno(*obj.Errno)
}

// EvalSymlinks replaces filepath.EvalSymlinks, with which releases v0.8.15 to v0.9.x resolve the source of a
// process-isolated mount (v0.10 uses go-winio's fs.ResolvePath, host.resolvedPaths). The case format records no
// answer for it, and Wine's would not be Windows': such a case is not applicable to these releases.
func EvalSymlinks(path string) (string, error) {
	panic(NotApplicable{"this release resolves mount sources with filepath.EvalSymlinks, which the case format " +
		"does not model (host.resolvedPaths answers go-winio's fs.ResolvePath, v0.10 on)"})
}

// AsErrno is the type assertion err.(syscall.Errno) of releases before v0.10 (hcserror.Win32FromError), for
// errors that may carry an Errno: the seams return Errno (Windows' English text), which a type assertion to
// syscall.Errno would not see.
func AsErrno(err error) (syscall.Errno, bool) {
	if e, ok := err.(Errno); ok {
		return syscall.Errno(e), true
	}
	code, ok := err.(syscall.Errno)
	return code, ok
}

// ProcessorCount replaces processorinfo.ProcessorCount (GetActiveProcessorCount).
func ProcessorCount() int32 { return host().ProcessorCount }

// NumCPU replaces runtime.NumCPU where hcsshim releases before v0.8.10 asked it for the host's processor count
// (processorinfo.ProcessorCount came later); it answers host.processorCount too.
func NumCPU() int { return int(host().ProcessorCount) }

// OSBuild replaces osversion.Build (the build number of GetVersion / RtlGetVersion).
func OSBuild() uint16 { return host().OSBuild }

// NameToGuid replaces the vmcompute.dll NameToGuid call. hcsshim has already converted the name to UTF-16
// (a NUL fails there, before this), and wraps what this returns in hcserror.
func NameToGuid(name *uint16, id *guid.GUID) error {
	key := utf16PtrToString(name)
	raw, ok := host().LayerIDs[key]
	if !ok {
		return Errno(errorFileNotFound)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		g, err := guid.FromString(s)
		if err != nil {
			panic(Fault{fmt.Sprintf("host.layerIds[%q]: %v", key, err)})
		}
		*id = g
		return nil
	}
	return errnoOf(raw, fmt.Sprintf("host.layerIds[%q]", key))
}

// utf16PtrToString reads the NUL-terminated UTF-16 string at p (x/sys/windows.UTF16PtrToString, which the
// golang.org/x/sys that older hcsshim releases vendor does not have).
func utf16PtrToString(p *uint16) string {
	if p == nil {
		return ""
	}
	var s []uint16
	for ptr := unsafe.Pointer(p); *(*uint16)(ptr) != 0; ptr = unsafe.Pointer(uintptr(ptr) + 2) {
		s = append(s, *(*uint16)(ptr))
	}
	return string(utf16.Decode(s))
}

// ResolvePath replaces go-winio's fs.ResolvePath. go-winio opens the path first (CreateFile, whose UTF-16
// conversion fails on a NUL) and wraps every failure to open in an *os.PathError with Op "CreateFile"; the
// GetFinalPathNameByHandle answer (with go-winio's \\?\UNC\ rewrite applied) is the recorded string.
func ResolvePath(path string) (string, error) {
	if _, err := syscall.UTF16PtrFromString(path); err != nil {
		return "", &os.PathError{Op: "CreateFile", Path: path, Err: err}
	}
	raw, ok := host().ResolvedPaths[path]
	if !ok {
		code := Errno(errorFileNotFound)
		if path == "" {
			code = errorPathNotFound
		}
		return "", &os.PathError{Op: "CreateFile", Path: path, Err: code}
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	return "", &os.PathError{Op: "CreateFile", Path: path, Err: errnoOf(raw, fmt.Sprintf("host.resolvedPaths[%q]", path))}
}

// Stat replaces os.Stat at the call sites that hcsdoc models; it mirrors the error shapes of Go 1.26's
// os.Stat on Windows (stat_windows.go): Op "Stat" before any system call, "GetFileAttributesEx" for the
// not-exist codes, "CreateFile" for the rest (GetFileAttributesEx failed otherwise, and the CreateFile that
// follows fails the same way).
func Stat(name string) (os.FileInfo, error) {
	if name == "" {
		return nil, &os.PathError{Op: "Stat", Path: name, Err: Errno(errorPathNotFound)}
	}
	if _, err := syscall.UTF16PtrFromString(name); err != nil {
		return nil, &os.PathError{Op: "Stat", Path: name, Err: err}
	}
	entry, ok := host().Files[name]
	if !ok {
		return nil, &os.PathError{Op: "GetFileAttributesEx", Path: name, Err: Errno(errorFileNotFound)}
	}
	if entry.Errno != nil {
		code := Errno(*entry.Errno)
		switch code {
		case errorFileNotFound, errorPathNotFound, errorBadNetpath:
			return nil, &os.PathError{Op: "GetFileAttributesEx", Path: name, Err: code}
		}
		return nil, &os.PathError{Op: "CreateFile", Path: name, Err: code}
	}
	switch entry.Kind {
	case "dir":
		return fileInfo{name: name, dir: true}, nil
	case "file":
		data := entry.contents(name)
		return fileInfo{name: name, size: int64(len(data))}, nil
	}
	panic(Fault{fmt.Sprintf("host.files[%q].kind: expected \"dir\" or \"file\", got %q", name, entry.Kind)})
}

// ReadFile replaces os.ReadFile at the device-extension call site (reached only after Stat succeeded).
func ReadFile(name string) ([]byte, error) {
	entry, ok := host().Files[name]
	if !ok {
		return nil, &os.PathError{Op: "open", Path: name, Err: Errno(errorFileNotFound)}
	}
	if entry.Errno != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: Errno(*entry.Errno)}
	}
	if entry.Kind == "dir" {
		// Windows opens a directory, and the first read of it fails with ERROR_INVALID_FUNCTION.
		return nil, &os.PathError{Op: "read", Path: name, Err: Errno(errorInvalidFunction)}
	}
	if entry.ReadErrno != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: Errno(*entry.ReadErrno)}
	}
	return entry.contents(name), nil
}

func (e FileEntry) contents(name string) []byte {
	if e.ContentBase64 != nil {
		b, err := base64.StdEncoding.DecodeString(*e.ContentBase64)
		if err != nil {
			panic(Fault{fmt.Sprintf("host.files[%q].contentBase64: %v", name, err)})
		}
		return b
	}
	if e.Content != nil {
		return []byte(*e.Content)
	}
	return nil
}

type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (fi fileInfo) Name() string { return fi.name }
func (fi fileInfo) Size() int64  { return fi.size }
func (fi fileInfo) Mode() os.FileMode {
	if fi.dir {
		return os.ModeDir | 0o777
	}
	return 0o666
}
func (fi fileInfo) ModTime() time.Time { return time.Time{} }
func (fi fileInfo) IsDir() bool        { return fi.dir }
func (fi fileInfo) Sys() interface{}   { return nil }
