"""The progress area: views.py holds its blueprint."""
