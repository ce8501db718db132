"""Byte-exact documents for every success branch of createWindowsContainerDocument (through run_case)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hcsdoc.reference import run_case
from tests.convert_case import GUID_MID, REG, SHARE, VOL, WAIT_KEY, case, spec

V = VOL.replace("\\", "\\\\")  # the volume path inside JSON text
BASE_V1_HEAD = '{"SystemType":"Container","Name":"c1-actual","Owner":"own"'
ARGON_V1 = (
    BASE_V1_HEAD + f',"VolumePath":"{V}","LayerFolderPath":"C:\\\\l\\\\scratch",'
    '"Layers":[{"ID":"aaaaaaaa-0000-0000-0000-000000000001","Path":"C:\\\\l\\\\base"}]'
)
ARGON_STORAGE = f'"Storage":{{"Layers":[{{"Id":"aaaaaaaa-0000-0000-0000-000000000001","Path":"C:\\\\l\\\\base"}}],"Path":"{V}\\\\"}}'
XENON_STORAGE = f'"Storage":{{"Path":"{V}"}}'  # V2 Xenon: Root.Path as is
DUMP_KEY = '"Key":{"Hive":"Software","Name":"Microsoft\\\\Windows\\\\Windows Error Reporting\\\\LocalDumps"}'


def _ann(s: dict[str, Any] | None = None, **a: str) -> dict[str, Any]:
    s = s or spec()
    s["annotations"] = {k.replace("_", "."): v for k, v in a.items()}
    return s


def _with(s: dict[str, Any], **top: Any) -> dict[str, Any]:
    s.update(top)
    return s


def _dumps(folder: str, dtype: int | None, count: int | None) -> str:
    vals = [
        WAIT_KEY,
        "{"
        + DUMP_KEY
        + ',"Name":"DumpFolder","Type":"String"'
        + (f',"StringValue":"{folder}"' if folder else "")
        + "}",
    ]
    for name, v in (("DumpType", dtype), ("DumpCount", count)):
        vals.append("{" + DUMP_KEY + f',"Name":"{name}","Type":"DWord"' + (f',"DWordValue":{v}' if v else "") + "}")
    return '"RegistryChanges":{"AddValues":[' + ",".join(vals) + "]}"


DOCS: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "argon-v2-minimal",
        case(),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + REG + "}",
    ),
    (
        "argon-root-with-trailing-backslash-and-doubled-brace",
        case(_with(spec(), root={"path": VOL + "}\\"})),
        ARGON_V1.replace(f'"VolumePath":"{V}"', f'"VolumePath":"{V}}}"') + ',"HvPartition":false}',
        "{" + ARGON_STORAGE.replace(f'"Path":"{V}\\\\"', f'"Path":"{V}}}\\\\"') + ',"Processor":{},' + REG + "}",
    ),
    (
        "argon-v1-schema",
        case(schemaVersion={"Major": 1, "Minor": 0}),
        ARGON_V1 + ',"HvPartition":false}',
        # no AssignedDevices check for v1: devices are not looked at
        "{" + ARGON_STORAGE + ',"Processor":{},' + REG + "}",
    ),
    (
        "argon-three-layers-in-order",
        case(spec(layerFolders=["C:\\l\\mid", "C:\\l\\base", "C:\\l\\scratch"])),
        BASE_V1_HEAD + f',"VolumePath":"{V}","LayerFolderPath":"C:\\\\l\\\\scratch","Layers":['
        f'{{"ID":"{GUID_MID}","Path":"C:\\\\l\\\\mid"}},{{"ID":"aaaaaaaa-0000-0000-0000-000000000001","Path":"C:\\\\l\\\\base"}}],"HvPartition":false}}',
        f'{{"Storage":{{"Layers":[{{"Id":"{GUID_MID}","Path":"C:\\\\l\\\\mid"}},{{"Id":"aaaaaaaa-0000-0000-0000-000000000001",'
        f'"Path":"C:\\\\l\\\\base"}}],"Path":"{V}\\\\"}},"Processor":{{}},' + REG + "}",
    ),
    (
        "v1-hyperv-without-uvm-matches-no-branch",
        case(spec(hyperv={}), schemaVersion={"Major": 1, "Minor": 0}),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"HvPartition":false}',
        '{"Storage":{},"Processor":{},' + REG + "}",
    ),
    (
        "schema-2.5-matches-no-branch",
        case(spec(devices=[{"id": "x", "idType": "gpu"}]), schemaVersion={"Major": 2, "Minor": 5}),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"HvPartition":false}',
        '{"Storage":{},"Processor":{},' + REG + "}",
    ),
    (
        "v1-xenon-locates-uvm-folder",
        case(
            spec(hyperv={}, layerFolders=["C:\\l\\mid", "C:\\l\\base", "C:\\l\\scratch"]),
            uvm={},
            schemaVersion={"Major": 1, "Minor": 0},
            files={"C:\\l\\mid\\UtilityVM": {"errno": 3}, "C:\\l\\base\\UtilityVM": {"kind": "dir"}},
        ),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"HvPartition":true,'
        '"HvRuntime":{"ImagePath":"C:\\\\l\\\\base\\\\UtilityVM"}}',
        '{"Storage":{},"Processor":{},' + REG + "}",
    ),
    (
        "v1-xenon-utility-vm-path",
        case(spec(hyperv={"utilityVMPath": "D:\\uvm"}), uvm={}, schemaVersion={"Major": 1, "Minor": 0}),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"HvPartition":true,'
        '"HvRuntime":{"ImagePath":"D:\\\\uvm"}}',
        '{"Storage":{},"Processor":{},' + REG + "}",
    ),
    (
        "v1-uvm-without-hyperv-takes-argon-branch",
        case(uvm={"processorCount": 4}, schemaVersion={"Major": 1, "Minor": 0}),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + REG + "}",
    ),
    (
        "v2-xenon-layers-through-vsmb",
        case(
            _with(spec(layerFolders=["C:\\l\\base", "C:\\l\\s"]), root={"path": "C:\\c\\1"}),
            uvm={
                "vsmbShares": [{"hostPath": "C:\\l\\base", "readOnly": True, "kind": "dir", "guestPath": SHARE + "s1"}]
            },
            files={"C:\\l\\base": {"kind": "dir"}},
        ),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\s","Layers":null,"HvPartition":false}',
        '{"Storage":{"Layers":[{"Id":"aaaaaaaa-0000-0000-0000-000000000001","Path":"\\\\\\\\?\\\\VMSMB\\\\VSMB-'
        '{dcc079ae-60ba-4d07-847c-3493609c0870}\\\\s1"}],"Path":"C:\\\\c\\\\1"},"Processor":{},' + REG + "}",
    ),
    (
        "v2-xenon-two-layers-dir-and-file-shares",
        case(
            _with(spec(layerFolders=["C:\\l\\mid", "C:\\l\\base", "C:\\l\\s"]), root={"path": "C:\\c\\1"}),
            uvm={
                "vsmbShares": [
                    {"hostPath": "C:\\l\\mid", "readOnly": True, "kind": "dir", "guestPath": SHARE + "s1"},
                    {"hostPath": "C:\\l", "readOnly": True, "kind": "file", "guestPath": SHARE + "s2"},
                ]
            },
            files={"C:\\l\\mid": {"kind": "dir"}, "C:\\l\\base": {"kind": "file"}},
        ),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\s","Layers":null,"HvPartition":false}',
        f'{{"Storage":{{"Layers":[{{"Id":"{GUID_MID}","Path":"\\\\\\\\?\\\\VMSMB\\\\VSMB-'
        '{dcc079ae-60ba-4d07-847c-3493609c0870}\\\\s1"},{"Id":"aaaaaaaa-0000-0000-0000-000000000001","Path":"\\\\\\\\?'
        '\\\\VMSMB\\\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\\\s2\\\\base"}],"Path":"C:\\\\c\\\\1"},'
        '"Processor":{},' + REG + "}",
    ),
    (
        "v2-xenon-linux-uvm-has-no-layers",
        case(_with(spec(), root={"path": ""}), uvm={"os": "linux"}),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"HvPartition":false}',
        '{"Storage":{},"Processor":{},' + REG + "}",
    ),
    (
        "hostname-credentials-ignoreflushes",
        case(
            _with(spec(credentialSpec="", ignoreFlushesDuringBoot=True), hostname="h<&>"),
            ccgState={"Cookie": "c", "RpcEndpoint": "r", "Transport": "LRPC", "CredentialSpec": "s"},
        ),
        BASE_V1_HEAD + f',"VolumePath":"{V}","IgnoreFlushesDuringBoot":true,"LayerFolderPath":"C:\\\\l\\\\scratch",'
        '"Layers":[{"ID":"aaaaaaaa-0000-0000-0000-000000000001","Path":"C:\\\\l\\\\base"}],'
        '"HostName":"h\\u003c\\u0026\\u003e","HvPartition":false}',
        '{"GuestOs":{"HostName":"h\\u003c\\u0026\\u003e"},' + ARGON_STORAGE + ',"Processor":{},'
        '"ContainerCredentialGuard":{"Cookie":"c","RpcEndpoint":"r","Transport":"LRPC","CredentialSpec":"s"},'
        + REG
        + "}",
    ),
    (
        "credential-object-ignored",
        case(
            spec(credentialSpec={"a": 1}),
            ccgState={"Cookie": "c", "RpcEndpoint": "", "Transport": "", "CredentialSpec": ""},
        ),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + REG + "}",
    ),
    (
        "credential-string-without-ccg",
        case(spec(credentialSpec="gmsa")),
        ARGON_V1 + ',"Credentials":"gmsa","HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + REG + "}",
    ),
    (
        "cpu-count-normalized-to-host",
        case(_ann(io_microsoft_container_processor_count="64"), processorCount=8),
        ARGON_V1 + ',"ProcessorCount":8,"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{"Count":8},' + REG + "}",
    ),
    (
        "cpu-negative-count-not-normalized",
        case(_ann(io_microsoft_container_processor_count="4294967295"), processorCount=8),
        ARGON_V1 + ',"ProcessorCount":4294967295,"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{"Count":-1},' + REG + "}",
    ),
    (
        "cpu-weight-sign-extends-in-v1",
        case(spec(resources={"cpu": {"shares": 65535}})),
        ARGON_V1 + ',"ProcessorWeight":65535,"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{"Weight":65535},' + REG + "}",
    ),
    (
        "cpu-negative-weight-and-limit",
        case(
            _ann(
                io_microsoft_container_processor_weight="4294967295",
                io_microsoft_container_processor_limit="4294967294",
            )
        ),
        ARGON_V1 + ',"ProcessorWeight":18446744073709551615,"ProcessorMaximum":-2,"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{"Maximum":-2,"Weight":-1},' + REG + "}",
    ),
    (
        "cpu-limit-rescaled-to-uvm",
        case(
            _ann(io_microsoft_container_processor_limit="3000"),
            uvm={"processorCount": 2, "os": "linux"},
            scaleCpuLimitsToSandbox=True,
            processorCount=8,
        ),
        BASE_V1_HEAD
        + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"ProcessorMaximum":10000,"HvPartition":false}',
        "{" + XENON_STORAGE + ',"Processor":{"Maximum":10000},' + REG + "}",
    ),
    (
        "cpu-limit-rescale-clamped-low",
        case(
            _ann(io_microsoft_container_processor_limit="1"),
            uvm={"processorCount": 16, "os": "linux"},
            scaleCpuLimitsToSandbox=True,
            processorCount=8,
        ),
        BASE_V1_HEAD
        + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"ProcessorMaximum":1,"HvPartition":false}',
        "{" + XENON_STORAGE + ',"Processor":{"Maximum":1},' + REG + "}",
    ),
    (
        "cpu-limit-rescale-int32-wrap",
        # 2^30 * 4 wraps to 0 in int32; 0 / 1 = 0, clamped to 1
        case(
            _ann(io_microsoft_container_processor_limit="1073741824"),
            uvm={"processorCount": 1, "os": "linux"},
            scaleCpuLimitsToSandbox=True,
            processorCount=4,
        ),
        BASE_V1_HEAD
        + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"ProcessorMaximum":1,"HvPartition":false}',
        "{" + XENON_STORAGE + ',"Processor":{"Maximum":1},' + REG + "}",
    ),
    (
        "cpu-limit-rescale-in-range",
        case(
            _ann(io_microsoft_container_processor_limit="1000"),
            uvm={"processorCount": 4, "os": "linux"},
            scaleCpuLimitsToSandbox=True,
            processorCount=8,
        ),
        BASE_V1_HEAD
        + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"ProcessorMaximum":2000,"HvPartition":false}',
        "{" + XENON_STORAGE + ',"Processor":{"Maximum":2000},' + REG + "}",
    ),
    (
        "cpu-count-normalized-to-uvm",
        case(spec(resources={"cpu": {"count": 6}}), uvm={"processorCount": 2, "os": "linux"}),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"ProcessorCount":2,"HvPartition":false}',
        "{" + XENON_STORAGE + ',"Processor":{"Count":2},' + REG + "}",
    ),
    (
        "memory-annotation-wraps-in-v1",
        case(_ann(io_microsoft_container_memory_sizeinmb="18446744073709551615")),
        ARGON_V1 + ',"MemoryMaximumInMB":-1,"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Memory":{"SizeInMB":18446744073709551615},"Processor":{},' + REG + "}",
    ),
    (
        "memory-spec-limit-in-mb",
        case(spec(resources={"memory": {"limit": 2097152}})),
        ARGON_V1 + ',"MemoryMaximumInMB":2,"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Memory":{"SizeInMB":2},"Processor":{},' + REG + "}",
    ),
    (
        "storage-qos-iops-first-in-v2",
        case(spec(resources={"storage": {"iops": 7, "bps": 9}})),
        ARGON_V1 + ',"StorageIOPSMaximum":7,"StorageBandwidthMaximum":9,"HvPartition":false}',
        '{"Storage":{"Layers":[{"Id":"aaaaaaaa-0000-0000-0000-000000000001","Path":"C:\\\\l\\\\base"}],'
        f'"Path":"{V}\\\\","QoS":{{"IopsMaximum":7,"BandwidthMaximum":9}}}},"Processor":{{}},' + REG + "}",
    ),
    (
        "storage-qos-negative-iops-sign-extends",
        case(
            _ann(
                io_microsoft_container_storage_qos_bandwidthmaximum="5",
                io_microsoft_container_storage_qos_iopsmaximum="4294967295",
            )
        ),
        ARGON_V1 + ',"StorageIOPSMaximum":18446744073709551615,"StorageBandwidthMaximum":5,"HvPartition":false}',
        '{"Storage":{"Layers":[{"Id":"aaaaaaaa-0000-0000-0000-000000000001","Path":"C:\\\\l\\\\base"}],'
        f'"Path":"{V}\\\\","QoS":{{"IopsMaximum":-1,"BandwidthMaximum":5}}}},"Processor":{{}},' + REG + "}",
    ),
    (
        "network-full",
        case(
            spec(
                network={
                    "endpointList": ["e1", "e2"],
                    "allowUnqualifiedDNSQuery": True,
                    "DNSSearchList": ["a.b", "c"],
                    "networkSharedContainerName": "shared",
                    "networkNamespace": "ignored",
                }
            ),
            networkNamespace="ns",
        ),
        ARGON_V1 + ',"HvPartition":false,"NetworkSharedContainerName":"shared","EndpointList":["e1","e2"],'
        '"AllowUnqualifiedDNSQuery":true,"DNSSearchList":"a.b,c"}',
        "{" + ARGON_STORAGE + ',"Processor":{},"Networking":{"AllowUnqualifiedDnsQuery":true,"DnsSearchList":"a.b,c",'
        '"NetworkSharedContainerName":"shared","Namespace":"ns"},' + REG + "}",
    ),
    (
        "network-empty-still-present",
        case(spec(network={"DNSSearchList": [], "endpointList": []})),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},"Networking":{},' + REG + "}",
    ),
    (
        "network-null-dns-list",
        case(spec(network={"allowUnqualifiedDNSQuery": False, "DNSSearchList": None})),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},"Networking":{},' + REG + "}",
    ),
    (
        "mounts-argon",
        case(
            _with(
                spec(),
                mounts=[
                    {"destination": "C:\\d", "source": "C:\\src", "options": ["rw", "Ro"]},
                    {"destination": "\\\\.\\pipe\\in", "source": "\\\\.\\pipe\\host", "type": "virtual-disk"},
                    {"destination": "C:\\plain", "source": "\\\\.\\pipe\\p2"},
                ],
            ),
            resolvedPaths={"C:\\src": "\\\\?\\Volume{1}\\src"},
            windowsAdditionalMounts=[{"HostPath": "h", "HostPathType": "", "ContainerPath": "c", "ReadOnly": True}],
        ),
        ARGON_V1 + ',"MappedDirectories":[{"HostPath":"C:\\\\src","ContainerPath":"C:\\\\d","ReadOnly":true,'
        '"BandwidthMaximum":0,"IOPSMaximum":0,"CreateInUtilityVM":false}],"MappedPipes":[{"HostPath":"\\\\\\\\.\\\\pipe\\\\host",'
        '"ContainerPipeName":"in"},{"HostPath":"\\\\\\\\.\\\\pipe\\\\p2","ContainerPipeName":"C:\\\\plain"}],"HvPartition":false}',
        "{"
        + ARGON_STORAGE
        + ',"MappedDirectories":[{"HostPath":"\\\\\\\\?\\\\Volume{1}\\\\src","ContainerPath":"C:\\\\d",'
        '"ReadOnly":true},{"HostPath":"h","ContainerPath":"c","ReadOnly":true}],"MappedPipes":[{"ContainerPipeName":"in",'
        '"HostPath":"\\\\\\\\.\\\\pipe\\\\host"},{"ContainerPipeName":"C:\\\\plain","HostPath":"\\\\\\\\.\\\\pipe\\\\p2"}],'
        '"Processor":{},' + REG + "}",
    ),
    (
        "mounts-xenon",
        case(
            _with(
                spec(),
                root={"path": "C:\\c\\1"},
                mounts=[
                    {"destination": "C:\\pipe", "source": "\\\\.\\pipe\\host"},
                    {"destination": "C:\\disk", "source": "C:\\d.vhdx", "type": "virtual-disk"},
                    {"destination": "C:\\disk2", "source": "C:\\d.vhdx", "type": "physical-disk"},
                    {"destination": "C:\\disk3", "source": "C:\\d.vhdx", "type": "extensible-virtual-disk"},
                    {"destination": "C:\\sb", "source": "sandbox:///a/../../b//c/"},
                    {"destination": "C:\\f", "source": "C:\\files\\a.txt", "options": ["ro"]},
                ],
            ),
            uvm={
                "os": "linux",
                "vsmbShares": [{"hostPath": "C:\\files", "readOnly": True, "kind": "file", "guestPath": SHARE + "s2"}],
            },
            files={"C:\\files\\a.txt": {"kind": "file"}},
            windowsAdditionalMounts=[],
        ),
        BASE_V1_HEAD
        + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"MappedDirectories":[{"HostPath":"sandbox:///a/../../b//c/",'
        '"ContainerPath":"C:\\\\sb","ReadOnly":false,"BandwidthMaximum":0,"IOPSMaximum":0,"CreateInUtilityVM":false},'
        '{"HostPath":"C:\\\\files\\\\a.txt","ContainerPath":"C:\\\\f","ReadOnly":true,"BandwidthMaximum":0,"IOPSMaximum":0,'
        '"CreateInUtilityVM":false}],"MappedPipes":[{"HostPath":"\\\\\\\\?\\\\VMSMB\\\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}'
        '\\\\IPC$\\\\host","ContainerPipeName":"C:\\\\pipe"}],"HvPartition":false}',
        '{"Storage":{"Path":"C:\\\\c\\\\1"},"MappedDirectories":[{"HostPath":"C:\\\\b\\\\c","ContainerPath":"C:\\\\sb"},'
        '{"HostPath":"\\\\\\\\?\\\\VMSMB\\\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\\\s2\\\\a.txt","ContainerPath":"C:\\\\f",'
        '"ReadOnly":true}],"MappedPipes":[{"ContainerPipeName":"C:\\\\pipe","HostPath":"\\\\\\\\?\\\\VMSMB\\\\VSMB-'
        '{dcc079ae-60ba-4d07-847c-3493609c0870}\\\\IPC$\\\\host"}],"Processor":{},' + REG + "}",
    ),
    (
        "only-additional-mounts-xenon",
        case(
            _with(spec(), root={"path": ""}),
            uvm={"os": "linux"},
            windowsAdditionalMounts=[
                {"HostPath": "C:\\guest", "HostPathType": "x", "ContainerPath": "C:\\d", "ReadOnly": False}
            ],
        ),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"HvPartition":false}',
        '{"Storage":{},"MappedDirectories":[{"HostPath":"C:\\\\guest","HostPathType":"x","ContainerPath":"C:\\\\d"}],'
        '"Processor":{},' + REG + "}",
    ),
    (
        "assigned-devices",
        case(
            spec(
                devices=[
                    {"id": "PCIP\\x", "idType": "vpci-location-path"},
                    {"id": "{c}", "idType": "class"},
                    {"id": "{g}", "idType": "vpci-class-guid"},
                ]
            )
        ),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + REG + ',"AssignedDevices":[{"Type":"DeviceInstance",'
        '"LocationPath":"PCIP\\\\x"},{"InterfaceClassGuid":"{c}"},{"InterfaceClassGuid":"{g}"}]}',
    ),
    (
        "device-extensions-normalized",
        case(
            _ann(io_microsoft_container_wcow_deviceextensions="C:\\e1,C:\\e2"),
            files={
                "C:\\e1": {
                    "kind": "file",
                    "content": '{"DEVICE_CATEGORY":{"name":"n","interface_class":[{"type":"t",'
                    '"identifier":"i","recurse":true}]},"unknown":1,"namespace":{"ob":{"objdir":[{"name":"d",'
                    '"objdir":[{"name":"inner","symlink":[{"name":"l","access_mask":5}]}]}]}}}',
                },
                "C:\\e2": {"kind": "file", "content": "null"},
            },
        ),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + REG + ',"AdditionalDeviceNamespace":{"device_extension":['
        '{"device_category":{"name":"n","interface_class":[{"type":"t","identifier":"i","recurse":true}]},'
        '"namespace":{"ob":{"objdir":[{"name":"d","objdir":[{"name":"inner","symlink":[{"name":"l","access_mask":5}]}]}]}}},{}]}}',
    ),
    (
        "dump-from-annotation-with-container-id",
        case(
            _ann(
                io_microsoft_container_processdumplocation="C:\\dumps\\{container_id}",
                io_microsoft_wcow_processdumptype="mini",
            )
        ),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + _dumps("C:\\\\dumps\\\\c1", 1, 10) + "}",
    ),
    (
        "dump-upper-suffix-and-count-wrap-to-zero",
        case(
            _ann(
                io_microsoft_container_processdumplocation="C:\\d\\{CONTAINER_ID}",
                io_microsoft_wcow_processdumptype="full",
                io_microsoft_wcow_processdumpcount="4294967296",
            )
        ),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + _dumps("C:\\\\d\\\\c1", 2, None) + "}",
    ),
    (
        "dump-mixed-case-suffix-kept-and-count-wraps",
        case(
            _ann(
                io_microsoft_container_processdumplocation="C:\\d\\{Container_Id}",
                io_microsoft_wcow_processdumpcount="+4294967297",
            )
        ),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + _dumps("C:\\\\d\\\\{Container_Id}", 2, 1) + "}",
    ),
    (
        "dump-only-suffix-and-empty-id",
        case(_ann(io_microsoft_container_processdumplocation="{container_id}"), id=""),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + _dumps("", 2, 10) + "}",
    ),
    (
        "dump-empty-annotation-overrides-uvm",
        case(
            _ann(io_microsoft_container_processdumplocation="", io_microsoft_wcow_processdumptype="bad"),
            uvm={"os": "linux", "processDumpLocation": "C:\\uvmdumps"},
        ),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"HvPartition":false}',
        "{" + XENON_STORAGE + ',"Processor":{},' + REG + "}",
    ),
    (
        "dump-from-uvm",
        case(uvm={"os": "linux", "processDumpLocation": "C:\\uvmdumps"}),
        BASE_V1_HEAD + ',"LayerFolderPath":"C:\\\\l\\\\scratch","Layers":null,"HvPartition":false}',
        "{" + XENON_STORAGE + ',"Processor":{},' + _dumps("C:\\\\uvmdumps", 2, 10) + "}",
    ),
    (
        "no-dump-path-means-no-validation",
        case(_ann(io_microsoft_wcow_processdumptype="bad", io_microsoft_wcow_processdumpcount="bad")),
        ARGON_V1 + ',"HvPartition":false}',
        "{" + ARGON_STORAGE + ',"Processor":{},' + REG + "}",
    ),
    (
        "spec-base64-invalid-utf8-hostname",
        case(
            specBase64=__import__("base64")
            .b64encode(json.dumps(spec()).encode()[:-1] + b',"hostname":"a\xffb"}')
            .decode()
        ),
        ARGON_V1 + ',"HostName":"a\ufffdb","HvPartition":false}',
        '{"GuestOs":{"HostName":"a\ufffdb"},' + ARGON_STORAGE + ',"Processor":{},' + REG + "}",
    ),
]


@pytest.mark.parametrize("c,v1,v2", [(c, a, b) for _, c, a, b in DOCS], ids=[i for i, *_ in DOCS])
def test_documents(c: dict[str, Any], v1: str, v2: str) -> None:
    got = run_case(c)
    assert "error" not in got and "panic" not in got, got
    assert got["bytes"]["v1"] == v1
    assert got["bytes"]["v2"] == v2
    assert got["documents"] == {"v1": json.loads(v1), "v2": json.loads(v2)}


def test_ids_unique() -> None:
    assert len({i for i, *_ in DOCS}) == len(DOCS)
