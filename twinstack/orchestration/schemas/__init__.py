"""Heat checks its request bodies by hand (heat/api/openstack/v1/stacks.py's InstantiationData), so do the
handlers here: the stack name, the template or template_url, files, environment, parameters, timeout and
tags are read and refused with Heat's messages in api/stacks.py. Nothing is declared as JSON Schema."""
