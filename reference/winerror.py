"""Windows' English system messages for the Win32 error codes a recorded host may answer with.

The Go code formats a Windows error with ``syscall.Errno.Error()``, which asks Windows for the system message in
US English. Under Wine (where vectors are captured) the texts would be Wine's, so both the capture executable and
the reference take them from this table. The Go capture build embeds this table (it is generated from here).
"""

from __future__ import annotations

from typing import Final

WINDOWS_ERROR_TEXTS: Final[dict[int, str]] = {
    1: "Incorrect function.",
    2: "The system cannot find the file specified.",
    3: "The system cannot find the path specified.",
    5: "Access is denied.",
    6: "The handle is invalid.",
    15: "The system cannot find the drive specified.",
    21: "The device is not ready.",
    31: "A device attached to the system is not functioning.",
    32: "The process cannot access the file because it is being used by another process.",
    53: "The network path was not found.",
    67: "The network name cannot be found.",
    87: "The parameter is incorrect.",
    123: "The filename, directory name, or volume label syntax is incorrect.",
    161: "The specified path is invalid.",
    206: "The filename or extension is too long.",
    1168: "Element not found.",
    1920: "The file cannot be accessed by the system.",
}

# Go's syscall package on Windows invents errno values from APPLICATION_ERROR on for the POSIX names it needs
# (EINVAL among them). Their texts are Go's, not Windows'.
APPLICATION_ERROR: Final = 1 << 29
# Go's own texts for the errno values it invents on Windows (APPLICATION_ERROR + index, syscall/zerrors_windows.go).
# Facts (error strings), listed by index; generated from the Go 1.26 source by a one-off script.
GO_INVENTED_ERRNO_TEXTS: Final[tuple[str, ...]] = (
    "argument list too long",  # E2BIG
    "permission denied",  # EACCES
    "address already in use",  # EADDRINUSE
    "cannot assign requested address",  # EADDRNOTAVAIL
    "advertise error",  # EADV
    "address family not supported by protocol",  # EAFNOSUPPORT
    "resource temporarily unavailable",  # EAGAIN
    "operation already in progress",  # EALREADY
    "invalid exchange",  # EBADE
    "bad file descriptor",  # EBADF
    "file descriptor in bad state",  # EBADFD
    "bad message",  # EBADMSG
    "invalid request descriptor",  # EBADR
    "invalid request code",  # EBADRQC
    "invalid slot",  # EBADSLT
    "bad font file format",  # EBFONT
    "device or resource busy",  # EBUSY
    "operation canceled",  # ECANCELED
    "no child processes",  # ECHILD
    "channel number out of range",  # ECHRNG
    "communication error on send",  # ECOMM
    "software caused connection abort",  # ECONNABORTED
    "connection refused",  # ECONNREFUSED
    "connection reset by peer",  # ECONNRESET
    "resource deadlock avoided",  # EDEADLK
    "resource deadlock avoided",  # EDEADLOCK
    "destination address required",  # EDESTADDRREQ
    "numerical argument out of domain",  # EDOM
    "RFS specific error",  # EDOTDOT
    "disk quota exceeded",  # EDQUOT
    "file exists",  # EEXIST
    "bad address",  # EFAULT
    "file too large",  # EFBIG
    "host is down",  # EHOSTDOWN
    "no route to host",  # EHOSTUNREACH
    "identifier removed",  # EIDRM
    "invalid or incomplete multibyte or wide character",  # EILSEQ
    "operation now in progress",  # EINPROGRESS
    "interrupted system call",  # EINTR
    "invalid argument",  # EINVAL
    "input/output error",  # EIO
    "transport endpoint is already connected",  # EISCONN
    "is a directory",  # EISDIR
    "is a named type file",  # EISNAM
    "key has expired",  # EKEYEXPIRED
    "key was rejected by service",  # EKEYREJECTED
    "key has been revoked",  # EKEYREVOKED
    "level 2 halted",  # EL2HLT
    "level 2 not synchronized",  # EL2NSYNC
    "level 3 halted",  # EL3HLT
    "level 3 reset",  # EL3RST
    "can not access a needed shared library",  # ELIBACC
    "accessing a corrupted shared library",  # ELIBBAD
    "cannot exec a shared library directly",  # ELIBEXEC
    "attempting to link in too many shared libraries",  # ELIBMAX
    ".lib section in a.out corrupted",  # ELIBSCN
    "link number out of range",  # ELNRNG
    "too many levels of symbolic links",  # ELOOP
    "wrong medium type",  # EMEDIUMTYPE
    "too many open files",  # EMFILE
    "too many links",  # EMLINK
    "message too long",  # EMSGSIZE
    "multihop attempted",  # EMULTIHOP
    "file name too long",  # ENAMETOOLONG
    "no XENIX semaphores available",  # ENAVAIL
    "network is down",  # ENETDOWN
    "network dropped connection on reset",  # ENETRESET
    "network is unreachable",  # ENETUNREACH
    "too many open files in system",  # ENFILE
    "no anode",  # ENOANO
    "no buffer space available",  # ENOBUFS
    "no CSI structure available",  # ENOCSI
    "no data available",  # ENODATA
    "no such device",  # ENODEV
    "exec format error",  # ENOEXEC
    "required key not available",  # ENOKEY
    "no locks available",  # ENOLCK
    "link has been severed",  # ENOLINK
    "no medium found",  # ENOMEDIUM
    "cannot allocate memory",  # ENOMEM
    "no message of desired type",  # ENOMSG
    "machine is not on the network",  # ENONET
    "package not installed",  # ENOPKG
    "protocol not available",  # ENOPROTOOPT
    "no space left on device",  # ENOSPC
    "out of streams resources",  # ENOSR
    "device not a stream",  # ENOSTR
    "function not implemented",  # ENOSYS
    "block device required",  # ENOTBLK
    "transport endpoint is not connected",  # ENOTCONN
    "directory not empty",  # ENOTEMPTY
    "not a XENIX named type file",  # ENOTNAM
    "state not recoverable",  # ENOTRECOVERABLE
    "socket operation on non-socket",  # ENOTSOCK
    "operation not supported",  # ENOTSUP
    "inappropriate ioctl for device",  # ENOTTY
    "name not unique on network",  # ENOTUNIQ
    "no such device or address",  # ENXIO
    "operation not supported",  # EOPNOTSUPP
    "value too large for defined data type",  # EOVERFLOW
    "owner died",  # EOWNERDEAD
    "operation not permitted",  # EPERM
    "protocol family not supported",  # EPFNOSUPPORT
    "broken pipe",  # EPIPE
    "protocol error",  # EPROTO
    "protocol not supported",  # EPROTONOSUPPORT
    "protocol wrong type for socket",  # EPROTOTYPE
    "numerical result out of range",  # ERANGE
    "remote address changed",  # EREMCHG
    "object is remote",  # EREMOTE
    "remote I/O error",  # EREMOTEIO
    "interrupted system call should be restarted",  # ERESTART
    "read-only file system",  # EROFS
    "cannot send after transport endpoint shutdown",  # ESHUTDOWN
    "socket type not supported",  # ESOCKTNOSUPPORT
    "illegal seek",  # ESPIPE
    "no such process",  # ESRCH
    "srmount error",  # ESRMNT
    "stale NFS file handle",  # ESTALE
    "streams pipe error",  # ESTRPIPE
    "timer expired",  # ETIME
    "connection timed out",  # ETIMEDOUT
    "too many references: cannot splice",  # ETOOMANYREFS
    "text file busy",  # ETXTBSY
    "structure needs cleaning",  # EUCLEAN
    "protocol driver not attached",  # EUNATCH
    "too many users",  # EUSERS
    "resource temporarily unavailable",  # EWOULDBLOCK
    "invalid cross-device link",  # EXDEV
    "exchange full",  # EXFULL
    "not supported by windows",  # EWINDOWS
)
EINVAL: Final = APPLICATION_ERROR + GO_INVENTED_ERRNO_TEXTS.index("invalid argument")

# os.IsNotExist on Windows is true for exactly these codes (syscall.Errno.Is(oserror.ErrNotExist)).
ERROR_FILE_NOT_FOUND: Final = 2
ERROR_PATH_NOT_FOUND: Final = 3
ERROR_BAD_NETPATH: Final = 53
NOT_EXIST_CODES: Final = frozenset({ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_BAD_NETPATH})


def errno_text(code: int) -> str:
    """``syscall.Errno(code).Error()`` as Go prints it on an English Windows."""
    if 0 <= code - APPLICATION_ERROR < len(GO_INVENTED_ERRNO_TEXTS):
        return GO_INVENTED_ERRNO_TEXTS[code - APPLICATION_ERROR]
    text = WINDOWS_ERROR_TEXTS.get(code)
    if text is None:
        # FormatMessage found no message: Go falls back to this text (syscall_windows.go, Errno.Error).
        return f"winapi error #{code}"
    return text
