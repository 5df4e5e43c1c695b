"""bicentennial: the U.S.-Mexico Bicentennial Framework as an open, bilingual platform."""

__version__ = "0.1.0"
