"""Inventory readers on files written the way each tool writes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from rightscreen.devices import read_inventory
from rightscreen.errors import InputError, RightscreenError

NMAP = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sV -O -oX scan.xml 10.0.0.0/24" version="7.94">
<host><status state="up" reason="arp-response"/>
<address addr="10.0.0.5" addrtype="ipv4"/>
<address addr="44:47:CC:12:34:56" addrtype="mac" vendor="Hangzhou Hikvision Digital Technology"/>
<hostnames><hostname name="cam-lobby.example" type="PTR"/></hostnames>
<ports>
<port protocol="tcp" portid="80"><state state="open"/>
<service name="http" product="Hikvision IP camera httpd" devicetype="webcam"/>
<script id="http-server-header" output="Hikvision-Webs"/>
<script id="http-title" output="Index"/></port>
<port protocol="tcp" portid="554"><state state="closed"/>
<service name="rtsp" product="Dahua Rtsp Server"/></port>
</ports>
<os><osmatch name="Linux 3.2 - 4.9" accuracy="95">
<osclass type="webcam" vendor="Linux"/></osmatch></os>
</host>
<host><status state="down"/><address addr="10.0.0.9" addrtype="ipv4"/></host>
<host><status state="up"/><address addr="10.0.0.6" addrtype="ipv4"/>
<address addr="bad-mac" addrtype="mac"/></host>
</nmaprun>
"""


def test_nmap_xml_hosts_services_scripts_and_os(tmp_path: Path) -> None:
    path = tmp_path / "scan.xml"
    path.write_text(NMAP, "utf-8")
    inventory = read_inventory(path)
    assert inventory.format == "nmap-xml"
    assert [d.fields.get("ip") for d in inventory.devices] == ["10.0.0.5", "10.0.0.6"]
    camera = inventory.devices[0]
    assert camera.fields["mac"] == "44:47:CC:12:34:56"
    assert camera.mac_vendor == "Hangzhou Hikvision Digital Technology"
    assert camera.fields["hostname"] == "cam-lobby.example"
    assert ("http-server", "Hikvision-Webs") in camera.banners
    assert ("service", "Hikvision IP camera httpd") in camera.banners
    assert all("Dahua" not in text for _, text in camera.banners)  # a closed port says nothing
    assert [p.row for p in inventory.problems] == [3]  # the malformed MAC, by host


def test_nmap_cut_short_keeps_the_hosts_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(NMAP[: NMAP.index("<host><status state=\"down\"")] + "<host><addr", "utf-8")
    inventory = read_inventory(path)
    assert [d.fields["ip"] for d in inventory.devices] == ["10.0.0.5"]
    assert "breaks after host 1" in inventory.problems[-1].message


def test_xml_entity_bomb_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE nmaprun [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><nmaprun>&b;</nmaprun>',
                    "utf-8")
    with pytest.raises(RightscreenError, match="bomb.xml"):
        read_inventory(path)


def test_asset_table_columns_and_bad_cells(tmp_path: Path) -> None:
    path = tmp_path / "cmdb.csv"
    path.write_text("Asset Name,MAC Address,IP Address,Manufacturer,Model,Location,"
                    "Installed Software\n"
                    "cam1,44-47-CC-12-34-56,10.0.0.5,Hikvision,DS-2CD2143G2-I,HQ,\n"
                    "pc7,zz:zz,300.1.1.1,Dell,OptiPlex,HQ,Kaspersky Endpoint Security; Office\n"
                    ",,,,,,\n", "utf-8")
    inventory = read_inventory(path)
    assert inventory.format == "table"
    cam, pc = inventory.devices
    assert cam.fields == {"hostname": "cam1", "mac": "44:47:CC:12:34:56", "ip": "10.0.0.5",
                          "vendor": "Hikvision", "model": "DS-2CD2143G2-I", "site": "HQ"}
    assert pc.software == ["Kaspersky Endpoint Security", "Office"]
    assert "mac" not in pc.fields and "ip" not in pc.fields
    messages = [(p.row, p.message) for p in inventory.problems]
    assert (2, "malformed MAC 'zz:zz'; judged without it") in messages
    assert (2, "malformed IP '300.1.1.1'") in messages
    assert any(row == 3 for row, _ in messages)  # the empty row is reported, not dropped


def test_asset_workbook(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["型号", "品牌", "位置"])
    sheet.append(["IPC-HFW2431S", "Imou", "仓库"])
    book.save(tmp_path / "assets.xlsx")
    inventory = read_inventory(tmp_path / "assets.xlsx")
    assert inventory.devices[0].fields == {"model": "IPC-HFW2431S", "brand": "Imou",
                                           "site": "仓库"}


def test_a_table_without_device_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("first,last\nAda,Lovelace\n", "utf-8")
    with pytest.raises(InputError, match="people.csv: no device column"):
        read_inventory(path)


def test_dhcpd_leases_keep_the_latest_lease_per_device(tmp_path: Path) -> None:
    path = tmp_path / "dhcpd.leases"
    path.write_text('# The format of this file is documented in dhcpd.leases(5)\n'
                    'lease 10.0.0.20 {\n  starts 4 2026/11/26 10:00:00;\n'
                    '  hardware ethernet 44:47:cc:00:00:01;\n  client-hostname "cam-a";\n}\n'
                    'lease 10.0.0.21 {\n  hardware ethernet 44:47:cc:00:00:01;\n'
                    '  client-hostname "cam-a";\n  set vendor-class-identifier = "udhcp 1.19";\n}\n'
                    'lease 10.0.0.22 {\n  hardware ethernet 3c:22:fb:00:00:02;\n}\n', "utf-8")
    inventory = read_inventory(path)
    assert inventory.format == "dhcpd-leases"
    assert [(d.fields["ip"], d.fields["mac"]) for d in inventory.devices] == [
        ("10.0.0.21", "44:47:CC:00:00:01"), ("10.0.0.22", "3C:22:FB:00:00:02")]
    assert inventory.devices[0].banners == [("dhcp-vendor-class", "udhcp 1.19")]


@pytest.mark.parametrize(("text", "fmt"), [
    ("? (10.0.0.5) at 44:47:cc:12:34:56 [ether] on eth0\n"
     "? (10.0.0.6) at <incomplete> on eth0\ngateway (10.0.0.1) at 0:1b:21:a:b:c on en0 ifscope\n",
     "arp"),
    ("\nInterface: 10.0.0.2 --- 0xb\n  Internet Address      Physical Address      Type\n"
     "  10.0.0.5              44-47-cc-12-34-56     dynamic\n", "arp"),
    ("10.0.0.5 dev eth0 lladdr 44:47:cc:12:34:56 REACHABLE\n10.0.0.6 dev eth0  FAILED\n",
     "ip-neigh"),
])
def test_arp_and_ip_neigh(tmp_path: Path, text: str, fmt: str) -> None:
    path = tmp_path / "neighbours.txt"
    path.write_text(text, "utf-8")
    inventory = read_inventory(path)
    assert inventory.format == fmt
    macs = [d.fields.get("mac") for d in inventory.devices]
    assert "44:47:CC:12:34:56" in macs
    assert not inventory.problems
