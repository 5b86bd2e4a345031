"""Inventories and scan results teams already have, read into devices: asset tables (CSV,
XLSX), nmap XML, ISC dhcpd.leases, `arp -a` and `ip neigh` output. The format is recognised
from the content; a bad row is a problem naming file and row, and every other row is read."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

from rightscreen.devices.mac import normalise_mac
from rightscreen.devices.model import FIELDS, Device, Inventory
from rightscreen.devices.nmap import read_nmap
from rightscreen.errors import InputError
from rightscreen.matching.forms import no_collection
from rightscreen.model import RowProblem
from rightscreen.safety import DEFAULT_LIMITS, Limits
from rightscreen.tables import Table, column_synonyms, fold_header, read_table
from rightscreen.textio import decode_bytes, read_bytes

_LEASE = re.compile(r"lease\s+([0-9a-fA-F.:]+)\s*\{(.*?)\}", re.S)
_ARP_BSD = re.compile(r"^\S+\s+\(([0-9a-fA-F.:]+)\)\s+at\s+([0-9A-Fa-f:.\-]+|<incomplete>)")
_ARP_WINDOWS = re.compile(r"^\s*(\d+\.\d+\.\d+\.\d+)\s+([0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5})\s")
_LIST_SEPARATORS = re.compile(r"[;\n|]")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"^{_OCTET}(?:\.{_OCTET}){{3}}$")
_IP_NEIGH = re.compile(r"^([0-9a-fA-F.:]+)\s+dev\s+\S+(?:\s+lladdr\s+(\S+))?")


def read_inventory(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Inventory:
    """Read one inventory or scan file, whatever its format."""
    data = read_bytes(path, limits=limits)
    head = data[:4096].lstrip()
    name = str(path)
    if head.startswith(b"<?xml") or head.startswith(b"<nmaprun") or b"<nmaprun" in head:
        return read_nmap(data, name, limits=limits)
    if head.startswith(b"PK\x03\x04"):
        return _read_table(path)
    # The format is judged on the start; the whole file is decoded only for the text formats
    # (a million-row table is read once, by the table reader).
    sample = decode_bytes(data[:8192], path=name).text
    if _LEASE.search(sample) or re.search(r"^\s*lease\s+\S+\s*\{", sample, re.M):
        return _read_leases(decode_bytes(data, path=name).text, name)
    lines = [line for line in sample.splitlines() if line.strip()][:20]
    if lines and sum(bool(_IP_NEIGH.match(x)) for x in lines) > len(lines) / 2:
        return _read_lines(decode_bytes(data, path=name).text, name, "ip-neigh")
    if lines and sum(bool(_ARP_BSD.match(x) or _ARP_WINDOWS.match(x)) for x in lines) >= 1 \
            and not any("," in x or "\t" in x for x in lines[:1]):
        return _read_lines(decode_bytes(data, path=name).text, name, "arp")
    return _read_table(path)


def _read_table(path: Path) -> Inventory:
    with no_collection():  # a million rows make millions of objects at once, none of them garbage
        return _inventory_from(read_table(path), path)


def _inventory_from(table: Table, path: Path) -> Inventory:
    names = column_synonyms("inventory_columns.yaml")
    columns: dict[str, int] = {}
    for field_name in FIELDS + ("software",):
        for index, cell in enumerate(table.header):
            if (fold_header(cell) in names.get(field_name, frozenset())
                    and index not in columns.values()):
                columns[field_name] = index
                break
    if not {"mac", "vendor", "brand", "model", "software", "description"} & set(columns):
        raise InputError("no device column (looked for mac, vendor, manufacturer, brand, model, "
                         f"software... among {table.header})", path=str(path))
    inventory = Inventory(str(path), "table", problems=list(table.problems))
    # The table reader strips cells and pads every row to the header's width.
    plain = [(f, i) for f, i in columns.items() if f != "software"]
    software = columns.get("software")
    name = str(path)
    for number, cells in table.rows:
        device = Device(name, number, {f: cells[i] for f, i in plain if cells[i]})
        if software is not None and cells[software]:
            device.software = [s.strip() for s in _LIST_SEPARATORS.split(cells[software])
                               if s.strip()]
        if not device.fields and not device.software:
            inventory.problems.append(RowProblem(name, number, "row names no device"))
            continue
        if "mac" in device.fields or "ip" in device.fields:
            _check_addresses(device, inventory.problems)
        inventory.devices.append(device)
    return inventory


def _check_addresses(device: Device, problems: list[RowProblem]) -> None:
    """A malformed MAC or IP is reported and set aside; the device is still judged."""
    raw = device.fields.get("mac")
    if raw:
        mac = normalise_mac(raw)
        if mac is None:
            problems.append(RowProblem(device.file, device.row, f"malformed MAC {raw!r}; "
                                                                "judged without it"))
            device.fields.pop("mac")
        else:
            device.fields["mac"] = mac
    ip = device.fields.get("ip")
    if ip and not _IPV4.match(ip):  # the common dotted quad needs no further parsing
        try:
            device.fields["ip"] = str(ipaddress.ip_address(ip))
        except ValueError:
            problems.append(RowProblem(device.file, device.row, f"malformed IP {ip!r}"))
            device.fields.pop("ip")


def _read_leases(text: str, path: str) -> Inventory:
    inventory = Inventory(path, "dhcpd-leases")
    latest: dict[str, Device] = {}  # a lease file repeats a lease as it renews: keep the last
    for number, match in enumerate(_LEASE.finditer(text), start=1):
        ip, body = match.group(1), match.group(2)
        device = Device(path, number, {"ip": ip})
        if hw := re.search(r"hardware\s+ethernet\s+([0-9A-Fa-f:]+)\s*;", body):
            device.fields["mac"] = hw.group(1)
        if host := re.search(r'client-hostname\s+"([^"]*)"', body):
            device.fields["hostname"] = host.group(1)
        if vendor := re.search(r'(?:set\s+vendor-class-identifier\s*=|vendor-class-identifier)'
                               r'\s*"([^"]*)"', body):
            device.banners.append(("dhcp-vendor-class", vendor.group(1)))
        _check_addresses(device, inventory.problems)
        latest[device.fields.get("mac") or f"ip:{ip}"] = device
    inventory.devices = sorted(latest.values(), key=lambda d: d.row or 0)
    if not inventory.devices:
        raise InputError("no lease in this dhcpd.leases file", path=path)
    return inventory


def _read_lines(text: str, path: str, fmt: str) -> Inventory:
    inventory = Inventory(path, fmt)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = (_IP_NEIGH.match(line) if fmt == "ip-neigh"
                 else _ARP_BSD.match(line) or _ARP_WINDOWS.match(line))
        if match is None:
            if fmt == "arp" and (line.lstrip().startswith(("Interface", "Internet")) or
                                 not line.strip()):
                continue  # the Windows table's headings
            inventory.problems.append(RowProblem(path, number, f"not a {fmt} line: {line[:80]!r}"))
            continue
        device = Device(path, number, {"ip": match.group(1)})
        mac = match.group(2)
        if mac and mac != "<incomplete>":
            device.fields["mac"] = mac
        _check_addresses(device, inventory.problems)
        inventory.devices.append(device)
    return inventory
