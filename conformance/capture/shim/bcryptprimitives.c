/*
 * bcryptprimitives.dll for Wine 8.0, which lacks ProcessPrng.
 *
 * Go 1.22+ Windows executables take their random bytes from bcryptprimitives.dll!ProcessPrng at start-up.
 * This DLL exports that one function and answers it with advapi32's SystemFunction036 (RtlGenRandom),
 * which Wine has. The hcsdoc capture setup (conformance/capture/wine.py) builds it with mingw-w64 and puts it
 * in the private Wine prefix's system32, selected with WINEDLLOVERRIDES=bcryptprimitives=n.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    /* SystemFunction036 takes a 32-bit length: fill larger requests in pieces. */
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
