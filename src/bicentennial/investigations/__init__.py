"""The investigation workspace: saved investigations, exports and briefings, watches
and notifications. Reads of records go through `bicentennial.access`."""

from bicentennial.investigations import tables  # noqa: F401  (registers the tables on metadata)
