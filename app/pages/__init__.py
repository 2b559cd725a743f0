"""The pages area: views.py holds its blueprint."""
