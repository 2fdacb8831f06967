"""seclint: a security language server that teaches secure coding while you type."""

__version__ = "0.1.0"
