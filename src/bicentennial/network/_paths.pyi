"""Type stub of the compiled module network/_paths.pyx."""

from collections.abc import Callable
from typing import Any

class PlainSearch:
    def __init__(self, flat: Any, n: int, slots: int, reached: Any, queue: Any, make: Callable[..., Any]) -> None: ...
    def path(self, source: int, target: int, max_length: int) -> Any: ...
