"""Outbound webhooks: one module per payload format, each with the same `build()`,
and `delivery.py`, which queues, signs, sends and retries.

Adding a format: copy `json.py`, change `build()`, add the format to
`WebhookFormat` and to `BUILDERS` in `delivery.py`, and add a payload test.
"""
