"""The reviews area: views.py holds its blueprint."""
