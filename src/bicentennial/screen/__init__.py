"""Sanctions screening: lists (OFAC SDN, FollowTheMoney/OpenSanctions exports) loaded
into a local index, queries scored with declared features, and alerts on the
entities we hold that a person confirms or dismisses."""
