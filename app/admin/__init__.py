"""The admin area: views.py holds its blueprint."""
