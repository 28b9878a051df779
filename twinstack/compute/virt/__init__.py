"""Virt drivers: what a compute manager drives (nova/virt/driver.py, small)."""
