"""The comments area: views.py holds its blueprint."""
