"""The auth area: views.py holds its blueprint."""
