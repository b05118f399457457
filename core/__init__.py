"""Building blocks every app may use (form fields and helpers, PDF rendering, print layout estimates).
It imports no app of ours, so it sits below accounts in the layering (tests/test_layering.py)."""
