"""nmap XML (`-oX`, with `-sV`, `-O` and the http-server-header / http-title scripts): each
host with an address becomes a device, its services and OS guesses its banners.

Parsed with defusedxml (no entity expansion) as a stream: a file cut short keeps the hosts
before the cut and reports where it broke."""

from __future__ import annotations

import io
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from rightscreen.devices.model import Device, Inventory
from rightscreen.errors import FileRefused, InputError
from rightscreen.model import RowProblem
from rightscreen.safety import DEFAULT_LIMITS, Limits

_SCRIPTS = {"http-server-header": "http-server", "http-title": "http-title",
            "ssl-cert": "tls-subject", "rtsp-methods": "rtsp", "banner": "banner",
            "http-auth": "http-realm"}


def read_nmap(data: bytes, path: str, *, limits: Limits = DEFAULT_LIMITS) -> Inventory:
    inventory = Inventory(path, "nmap-xml")
    seen_root = False
    hosts = 0
    try:
        for event, element in iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start":
                if not seen_root:
                    if element.tag != "nmaprun":
                        raise InputError(f"XML whose root is <{element.tag}>, not nmap's "
                                         "<nmaprun>", path=path)
                    seen_root = True
                continue
            if element.tag != "host":
                continue
            hosts += 1
            if hosts > limits.max_rows:
                raise FileRefused(f"more than {limits.max_rows:,} hosts", path=path)
            device = _host(element, path, hosts, inventory.problems)
            if device is not None:
                inventory.devices.append(device)
            element.clear()
    except (ParseError, DefusedXmlException) as exc:
        if not seen_root:
            raise InputError(f"not readable nmap XML: {exc}", path=path) from exc
        inventory.problems.append(RowProblem(path, hosts + 1, f"the XML breaks after host "
                                                              f"{hosts}: {exc}; hosts before "
                                                              "it were read"))
    return inventory


def _host(host: Element, path: str, number: int, problems: list[RowProblem]) -> Device | None:
    status = host.find("status")
    if status is not None and status.get("state") == "down":
        return None
    device = Device(path, number)
    for address in host.findall("address"):
        kind, value = address.get("addrtype"), address.get("addr") or ""
        if kind in ("ipv4", "ipv6") and "ip" not in device.fields:
            device.fields["ip"] = value
        elif kind == "mac":
            from rightscreen.devices.mac import MacAddress

            mac = MacAddress.parse(value)
            if mac is None:
                problems.append(RowProblem(path, number, f"malformed MAC {value!r}"))
            else:
                device.fields["mac"] = str(mac)
            if address.get("vendor"):
                device.mac_vendor = address.get("vendor")
    name = host.find("hostnames/hostname")
    if name is not None and name.get("name"):
        device.fields["hostname"] = str(name.get("name"))
    for port in host.findall("ports/port"):
        _port(port, device)
    for match in host.findall("os/osmatch")[:1]:
        device.banners.append(("os", str(match.get("name") or "")))
        for osclass in match.findall("osclass")[:1]:
            if osclass.get("vendor"):
                device.fields.setdefault("vendor", str(osclass.get("vendor")))
            if osclass.get("type"):
                device.fields.setdefault("category", str(osclass.get("type")))
    if not device.fields and not device.banners:
        problems.append(RowProblem(path, number, "host with no address"))
        return None
    return device


def _port(port: Element, device: Device) -> None:
    state = port.find("state")
    if state is not None and state.get("state") not in (None, "open"):
        return
    service = port.find("service")
    if service is not None:
        text = " ".join(str(service.get(k)) for k in ("product", "version", "extrainfo")
                        if service.get(k))
        if text:
            device.banners.append(("service", text))
        if service.get("devicetype"):
            device.fields.setdefault("category", str(service.get("devicetype")))
    for script in port.findall("script"):
        kind = _SCRIPTS.get(str(script.get("id")))
        output: Any = script.get("output")
        if kind and output:
            device.banners.append((kind, str(output).strip()))
