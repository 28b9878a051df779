"""Ansible's openstack.cloud collection against twinstack: the playbooks beside this file, run by
``python -m conformance.ansible`` (see its ``__main__``)."""
