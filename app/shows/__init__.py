"""The shows area: views.py holds its blueprint."""
