"""The api area: views.py holds its blueprint."""
