"""Device inventories and scan results: asset tables, nmap XML, DHCP leases, ARP tables; MAC
addresses and the IEEE registries of who made them."""

from rightscreen.devices.mac import MacAddress
from rightscreen.devices.model import Device, Inventory
from rightscreen.devices.readers import read_inventory
from rightscreen.devices.registry import MacRegistry, Registration, default_registry

__all__ = ["Device", "Inventory", "MacAddress", "MacRegistry", "Registration",
           "default_registry", "read_inventory"]
