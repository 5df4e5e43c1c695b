"""Records: the FtM model with our extension schemata, and value validation.

Importing this package extends FollowTheMoney's global model
(`followthemoney.model`) with our schemata.
"""

from bicentennial.records.model import get_model

get_model()

__all__ = ["get_model"]
