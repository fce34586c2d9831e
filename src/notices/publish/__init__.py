"""What the tool publishes as records and sends: the manifest (``versions.json``), change
events, and the hooks that deliver them exactly once (outbox, webhooks, e-mail)."""
