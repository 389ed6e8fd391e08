"""The service around the engine: records, the HTTP API, batch matching, 政策体检 requests,
exports, feedback and the service settings.

The top layer of ``assistant``: it may import the engine and everything below it; nothing in
``assistant`` imports it back.
"""
