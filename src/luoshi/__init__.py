"""luoshi (落实): policy implementation supervision."""

__version__ = "0.1.0"
