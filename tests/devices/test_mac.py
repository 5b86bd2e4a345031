from __future__ import annotations

import pytest

from rightscreen.devices import MacAddress, default_registry


@pytest.mark.parametrize("text", ["44:47:cc:12:34:56", "44-47-CC-12-34-56", "4447.cc12.3456",
                                  "4447CC123456", " 44:47:CC:12:34:56 "])
def test_every_common_spelling_reads_the_same(text: str) -> None:
    mac = MacAddress.parse(text)
    assert mac is not None and str(mac) == "44:47:CC:12:34:56" and mac.prefix(24) == "4447CC"


@pytest.mark.parametrize("text", ["", "44:47:cc:12:34", "zz:zz:zz:zz:zz:zz", "44:47-cc:12:34:56",
                                  "4447cc1234567", "44:47:cc:12:34:56:78"])
def test_malformed_addresses_are_refused(text: str) -> None:
    assert MacAddress.parse(text) is None


def test_local_and_multicast_bits() -> None:
    local = MacAddress.parse("02:11:22:33:44:55")
    multicast = MacAddress.parse("01:00:5e:00:00:fb")
    vendor = MacAddress.parse("44:47:cc:12:34:56")
    assert local is not None and local.is_local and not local.is_multicast
    assert multicast is not None and multicast.is_multicast
    assert vendor is not None and not vendor.is_local and not vendor.is_multicast


def test_registry_names_the_registrant_and_its_registry() -> None:
    registry = default_registry()
    mac = MacAddress.parse("44:47:CC:00:00:01")
    assert mac is not None
    found = registry.lookup(mac)
    assert found is not None and found.bits == 24
    assert found.organisation == "Hangzhou Hikvision Digital Technology Co.,Ltd."
    assert "netaddr" in found.registry and "2024-05-20" in found.registry
    iab = MacAddress.parse("40:D8:55:0D:70:01")  # a legacy IAB block inside 40-D8-55
    assert iab is not None
    block = registry.lookup(iab)
    assert block is not None and block.bits == 36 and block.prefix == "40D8550D7"
