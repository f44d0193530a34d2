"""Working Together Reader: an offline guide to Working Together to Safeguard Children."""

__version__ = "0.1.0"
APP_NAME = "Working Together Reader"
APP_ID = "wt-reader"
