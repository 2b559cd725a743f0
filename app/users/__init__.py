"""The users area: views.py holds its blueprint."""
