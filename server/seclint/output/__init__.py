"""Output formats for a command-line run: text, JSON, SARIF, GitHub annotations, diffs, the HTML report.

Each reads a ``results.Run`` (findings with rule, severity and fingerprint) and knows nothing
about engines.
"""
