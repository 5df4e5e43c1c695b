"""The HTTP API (FastAPI): thin routers that parse, call a capability and render."""
