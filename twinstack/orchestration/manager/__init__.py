"""Heat's engine, small: stack and resource rows (stacks.py), the template engine (template/), resource
types (resources/), and the runner that creates, updates and deletes stacks on the cloud clock (engine.py)."""
